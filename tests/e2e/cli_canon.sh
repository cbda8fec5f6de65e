#!/usr/bin/env bash
# cli_canon.sh - `reco canon`: canonical N-Quads of a small dataset with blank nodes (the
# second worked example of RDFC-1.0 §4.4.2), the issued identifier map, SHA-384, JSON-LD
# input, and the exit codes for a poison graph, a JSON-LD error and unreadable input.
set -u
RECO=${RECO_BIN:?RECO_BIN must name the reco binary}
[ -x "$RECO" ] || { echo "skip: $RECO is not built"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
check() { # name, then a command that must succeed
    local name=$1; shift
    if "$@"; then echo "ok   $name"; else echo "FAIL $name"; fails=$((fails + 1)); fi
}

cat > "$tmp/shared.nq" <<'NQ'
<http://example.com/#p> <http://example.com/#q> _:e0 .
<http://example.com/#p> <http://example.com/#q> _:e1 .
_:e0 <http://example.com/#p> _:e2 .
_:e1 <http://example.com/#p> _:e3 .
_:e2 <http://example.com/#r> _:e3 .
NQ
# The labels of the specification's example: e0 c14n3, e1 c14n2, e2 c14n0, e3 c14n1.
cat > "$tmp/expected.nq" <<'NQ'
<http://example.com/#p> <http://example.com/#q> _:c14n2 .
<http://example.com/#p> <http://example.com/#q> _:c14n3 .
_:c14n0 <http://example.com/#r> _:c14n1 .
_:c14n2 <http://example.com/#p> _:c14n1 .
_:c14n3 <http://example.com/#p> _:c14n0 .
NQ
"$RECO" canon "$tmp/shared.nq" > "$tmp/out.nq"
check "canonical n-quads (exit 0)" test $? -eq 0
check "canonical n-quads match the specification's example" cmp -s "$tmp/out.nq" "$tmp/expected.nq"

"$RECO" canon --label-map "$tmp/shared.nq" > "$tmp/map.json"
check "--label-map exit 0" test $? -eq 0
if command -v python3 > /dev/null; then
    check "--label-map holds the issued identifiers" python3 -c '
import json, sys
m = json.load(open(sys.argv[1]))
sys.exit(0 if m == {"e0": "c14n3", "e1": "c14n2", "e2": "c14n0", "e3": "c14n1"} else 1)
' "$tmp/map.json"
else
    # Without python: the pairs, whatever the layout.
    check "--label-map holds the issued identifiers" test "$(tr -d ' \n{}' < "$tmp/map.json")" = \
        '"e2":"c14n0","e3":"c14n1","e1":"c14n2","e0":"c14n3"'
fi

"$RECO" canon --hash sha384 "$tmp/shared.nq" > "$tmp/out384.nq"
check "--hash sha384 exit 0" test $? -eq 0
check "--hash sha384 orders the tied nodes differently" test "$(cat "$tmp/out384.nq")" != "$(cat "$tmp/out.nq")"
check "--hash sha384 keeps the same number of lines" test "$(wc -l < "$tmp/out384.nq")" -eq 5

# The same data as N-Quads on standard input, and reordered with other labels.
"$RECO" canon --nquads - < "$tmp/shared.nq" > "$tmp/stdin.nq"
check "--nquads reads standard input" cmp -s "$tmp/stdin.nq" "$tmp/expected.nq"
sed -e 's/e0/k9/g; s/e1/k8/g; s/e2/k7/g; s/e3/k6/g' "$tmp/shared.nq" | tac > "$tmp/relabelled.nq"
"$RECO" canon "$tmp/relabelled.nq" > "$tmp/relabelled.out"
check "relabelled, reordered input gives the same form" cmp -s "$tmp/relabelled.out" "$tmp/expected.nq"

# JSON-LD input: deserialized to RDF, then canonicalized.
cat > "$tmp/doc.jsonld" <<'JS'
{"@context": {"@vocab": "http://example.com/#"},
 "@id": "http://example.com/#p", "q": [{"p": {"@id": "_:x", "r": {"@id": "_:y"}}},
                                       {"p": {"@id": "_:y"}}]}
JS
"$RECO" canon "$tmp/doc.jsonld" > "$tmp/doc.out"
check "json-ld input exit 0" test $? -eq 0
check "json-ld input gives the same dataset" cmp -s "$tmp/doc.out" "$tmp/expected.nq"

# Poison graph: a clique of 10 blank nodes.
for i in 0 1 2 3 4 5 6 7 8 9; do for j in 0 1 2 3 4 5 6 7 8 9; do
    echo "_:e$i <http://example.com/p> _:e$j ."
done; done > "$tmp/poison.nq"
"$RECO" canon "$tmp/poison.nq" > "$tmp/poison.out" 2> "$tmp/poison.err"
check "poison graph exits 1" test $? -eq 1
check "poison graph says work limit exceeded" grep -q "^error: work limit exceeded: " "$tmp/poison.err"
check "poison graph prints no output" test ! -s "$tmp/poison.out"

# A JSON-LD error exits 1 and names the JSON-LD error code.
echo '{"@context": {"@vocab": "http://example.com/#"}, "@id": 5, "p": 1}' > "$tmp/bad.jsonld"
"$RECO" canon "$tmp/bad.jsonld" > /dev/null 2> "$tmp/bad.err"
check "json-ld error exits 1" test $? -eq 1
check "json-ld error names the code" grep -q "^error: invalid @id value" "$tmp/bad.err"

# Unreadable or unparseable input exits 2.
"$RECO" canon "$tmp/missing.nq" > /dev/null 2>&1
check "missing file exits 2" test $? -eq 2
printf '<relative> <http://example.com/p> "x" .\n' > "$tmp/bad.nq"
"$RECO" canon "$tmp/bad.nq" > /dev/null 2> "$tmp/badnq.err"
check "bad n-quads exits 2" test $? -eq 2
check "bad n-quads error names line and column" grep -q "line 1 column 1: relative iri" "$tmp/badnq.err"
"$RECO" canon --hash md5 "$tmp/shared.nq" > /dev/null 2>&1
check "unknown hash exits 2" test $? -eq 2
"$RECO" canon --help | grep -q "usage: reco canon"
check "--help" test $? -eq 0

# The Open Badges 3.0 implementation guide's Linked Data Proof vector, when the public data is
# there: the credential and the proof options canonicalize to its published N-Quads.
ldp=${RECO_VECTORS:-}/ob3-examples/1edtech-spec-ldp-vectors
if [ -f "$ldp/obv3p0-unsigned.json" ]; then
    "$RECO" canon "$ldp/obv3p0-unsigned.json" > "$tmp/ob3.nq"
    check "ob 3.0 guide vector: credential canonical form" cmp -s "$tmp/ob3.nq" "$ldp/obv3p0-document-canon.nq"
    "$RECO" canon "$ldp/obv3p0-proof-options.json" > "$tmp/ob3proof.nq"
    check "ob 3.0 guide vector: proof options canonical form" cmp -s "$tmp/ob3proof.nq" "$ldp/obv3p0-proof-canon.nq"
else
    echo "skip ob 3.0 guide vector (no public vectors)"
fi

[ "$fails" -eq 0 ] || { echo "$fails check(s) failed"; exit 1; }
echo "all checks passed"
