#!/usr/bin/env bash
# cli_jsonld.sh - `reco jsonld expand|tordf` end to end: a small credential with an inline
# context, its expanded form and its N-Quads, and the exit codes for bad JSON (2), a JSON-LD
# error (1, first line "error: invalid ...") and usage errors (2).
set -u

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"
e2e_require
e2e_tmpdir

# expect_exit CODE DESCRIPTION -- COMMAND...: run, keep stdout/stderr in $tmp/out, $tmp/err.
expect_exit() {
    local want=$1 what=$2
    shift 3
    "$@" >"$tmp/out" 2>"$tmp/err"
    local got=$?
    if [ "$got" -ne "$want" ]; then
        fail "$what: exit $got, expected $want (stderr: $(head -c 300 "$tmp/err"))"
        return 1
    fi
    return 0
}

cat >"$tmp/cred.jsonld" <<'EOF'
{
  "@context": {
    "ex": "https://example.org/vocab#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "name": "ex:name",
    "level": {"@id": "ex:level", "@type": "xsd:integer"},
    "score": "ex:score",
    "issuer": {"@id": "ex:issuer", "@type": "@id"},
    "skills": {"@id": "ex:skills", "@container": "@list"},
    "Credential": "ex:Credential"
  },
  "@id": "https://example.org/credentials/42",
  "@type": "Credential",
  "name": {"@value": "Soudure niveau 2", "@language": "fr"},
  "level": "2",
  "score": 1.5,
  "issuer": "https://example.org/issuers/1",
  "skills": ["welding", "safety"],
  "ex:subject": {"ex:nickname": "Sam"}
}
EOF

# ---- --help on the command and each subcommand
expect_exit 0 "jsonld --help" -- "$RECO_BIN" jsonld --help &&
    grep -q "usage: reco jsonld" "$tmp/out" || fail "jsonld --help prints no usage"
expect_exit 0 "jsonld expand --help" -- "$RECO_BIN" jsonld expand --help &&
    grep -q -- "--expand-context" "$tmp/out" || fail "expand --help lists no options"
expect_exit 0 "jsonld tordf --help" -- "$RECO_BIN" jsonld tordf --help &&
    grep -q -- "--rdf-direction" "$tmp/out" || fail "tordf --help lists no options"

# ---- expand
if expect_exit 0 "expand" -- "$RECO_BIN" jsonld expand "$tmp/cred.jsonld"; then
    for want in '"@id": "https://example.org/credentials/42"' \
        '"https://example.org/vocab#Credential"' '"@language": "fr"' \
        '"@type": "http://www.w3.org/2001/XMLSchema#integer"' '"@list"'; do
        grep -qF "$want" "$tmp/out" || fail "expand output lacks $want"
    done
fi

# ---- tordf, from a file and from standard input
S='<https://example.org/credentials/42>'
V='https://example.org/vocab#'
if expect_exit 0 "tordf" -- "$RECO_BIN" jsonld tordf "$tmp/cred.jsonld"; then
    for want in \
        "$S <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <${V}Credential> ." \
        "$S <${V}name> \"Soudure niveau 2\"@fr ." \
        "$S <${V}level> \"2\"^^<http://www.w3.org/2001/XMLSchema#integer> ." \
        "$S <${V}score> \"1.5E0\"^^<http://www.w3.org/2001/XMLSchema#double> ." \
        "$S <${V}issuer> <https://example.org/issuers/1> ." \
        "_:b1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> \"welding\" ." \
        "_:b2 <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> <http://www.w3.org/1999/02/22-rdf-syntax-ns#nil> ." \
        "_:b0 <${V}nickname> \"Sam\" ."; do
        grep -qxF "$want" "$tmp/out" || fail "tordf output lacks: $want"
    done
    lines=$(wc -l <"$tmp/out")
    [ "$lines" -eq 12 ] || fail "tordf printed $lines quads, expected 12"
    cp "$tmp/out" "$tmp/from-file.nq"
    if expect_exit 0 "tordf from stdin" -- "$RECO_BIN" jsonld tordf - <"$tmp/cred.jsonld"; then
        cmp -s "$tmp/out" "$tmp/from-file.nq" || fail "tordf from stdin differs from file"
    fi
fi

# ---- --base resolves relative identifiers; without it they are dropped
echo '{"@id": "badge/7", "https://example.org/vocab#p": "v"}' >"$tmp/rel.jsonld"
if expect_exit 0 "tordf --base" -- "$RECO_BIN" jsonld tordf --base https://example.org/ "$tmp/rel.jsonld"; then
    grep -qxF '<https://example.org/badge/7> <https://example.org/vocab#p> "v" .' "$tmp/out" ||
        fail "--base not applied: $(cat "$tmp/out")"
fi
if expect_exit 0 "tordf without base" -- "$RECO_BIN" jsonld tordf "$tmp/rel.jsonld"; then
    [ ! -s "$tmp/out" ] || fail "relative subject was not dropped: $(cat "$tmp/out")"
fi

# ---- --rdf-direction
echo '{"https://example.org/vocab#t": {"@value": "txt", "@language": "ar", "@direction": "rtl"}}' >"$tmp/dir.jsonld"
if expect_exit 0 "tordf --rdf-direction" -- "$RECO_BIN" jsonld tordf --rdf-direction i18n-datatype "$tmp/dir.jsonld"; then
    grep -qF '"txt"^^<https://www.w3.org/ns/i18n#ar_rtl>' "$tmp/out" ||
        fail "i18n-datatype not applied: $(cat "$tmp/out")"
fi

# ---- errors
printf '{"@id": ' >"$tmp/bad.json"
expect_exit 2 "bad JSON" -- "$RECO_BIN" jsonld tordf "$tmp/bad.json"
head -n1 "$tmp/err" | grep -q '^error: ' || fail "bad JSON: no error line"

echo '{"@id": 42, "https://example.org/vocab#p": "v"}' >"$tmp/badid.jsonld"
if expect_exit 1 "JSON-LD error" -- "$RECO_BIN" jsonld expand "$tmp/badid.jsonld"; then
    head -n1 "$tmp/err" | grep -q '^error: invalid @id value: ' ||
        fail "JSON-LD error first line: $(head -n1 "$tmp/err")"
fi
if expect_exit 1 "JSON-LD error (tordf)" -- "$RECO_BIN" jsonld tordf "$tmp/badid.jsonld"; then
    head -n1 "$tmp/err" | grep -q '^error: invalid @id value: ' ||
        fail "JSON-LD error first line: $(head -n1 "$tmp/err")"
fi

expect_exit 2 "missing file" -- "$RECO_BIN" jsonld tordf "$tmp/does-not-exist.jsonld"
expect_exit 2 "no FILE" -- "$RECO_BIN" jsonld expand
expect_exit 2 "unknown subcommand" -- "$RECO_BIN" jsonld compact "$tmp/cred.jsonld"
expect_exit 2 "unknown option" -- "$RECO_BIN" jsonld tordf --frobnicate "$tmp/cred.jsonld"
expect_exit 2 "bad --rdf-direction" -- "$RECO_BIN" jsonld tordf --rdf-direction sideways "$tmp/cred.jsonld"
expect_exit 2 "bad --map" -- "$RECO_BIN" jsonld tordf --map nothing "$tmp/cred.jsonld"

if [ "$failures" -ne 0 ]; then
    echo "cli_jsonld: $failures failure(s)"
    exit 1
fi
echo "cli_jsonld: all checks passed"
