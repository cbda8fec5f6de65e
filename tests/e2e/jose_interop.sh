#!/usr/bin/env bash
# jose_interop.sh - reco's compact JWS and VC-JWT against the npm package jose: installs the
# pinned jose (tests/interop/package-lock.json) into tests/interop/node_modules when it is not
# there, then runs the test_vc_jose_interop program built next to reco with
# RECO_JOSE_REQUIRED=1, so that a missing jose fails instead of skipping. Skipped (77) when
# node/npm are missing or the install fails (no registry).
set -u
src=${RECO_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
RECO=${RECO_BIN:?RECO_BIN must name the reco binary}
prog=$(dirname "$RECO")/test_vc_jose_interop
[ -x "$prog" ] || { echo "skip: $prog is not built"; exit 77; }
command -v node >/dev/null || { echo "skip: node is not installed"; exit 77; }
interop=$src/tests/interop
if [ ! -f "$interop/node_modules/jose/package.json" ]; then
    command -v npm >/dev/null || { echo "skip: npm is not installed"; exit 77; }
    if ! npm ci --prefix "$interop" --no-audit --no-fund >/dev/null 2>&1; then
        echo "skip: npm ci in tests/interop failed (no registry?)"
        exit 77
    fi
fi
RECO_SOURCE_DIR=$src RECO_JOSE_REQUIRED=1 "$prog"
