#!/usr/bin/env bash
# run.sh - every benchmark of bench/, on the release build in build/release (configured and
# built here when needed; `make bench` calls this after building it).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${RECO_BENCH_BUILD:-$root/build/release}

if [ ! -f "$build/CMakeCache.txt" ]; then
    (cd "$root" && cmake --preset release > /dev/null)
fi
cmake --build "$build" -j --target canon_bench verify_bench > /dev/null

echo "== canonicalisation: JSON-LD toRdf + RDFC-1.0 per credential (bench/data)"
CANON_BENCH="$build/canon_bench" bash "$here/canon_compare.sh" "$@"

echo
cmake --build "$build" -j --target reco_cli > /dev/null
if command -v wrk > /dev/null && { command -v nginx > /dev/null || [ -x /usr/sbin/nginx ]; }; then
    bash "$here/serve_bench.sh" "$build/reco"
else
    echo "== reco serve: skipped (wrk and nginx are needed: scripts/deps.sh --test)"
fi

echo "== verification: reco_verify_input against @digitalbazaar/vc, and raw Ed25519 (bench/data signed)"
VERIFY_BENCH="$build/verify_bench" bash "$here/verify_compare.sh" "$@"
