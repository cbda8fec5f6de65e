#!/usr/bin/env bash
# browser_journey.sh - the web journey of reco in headless Chromium (tests/browser/journey.mjs):
# starts `reco serve` on a free loopback port with a fresh data folder (e-mails go to
# DATA/outbox), runs the journey with playwright-core driving Debian's chromium and axe-core on
# every page, then stops the server with SIGTERM and requires exit status 0. Screenshots of
# every step go to $RECO_SOURCE_DIR/build/e2e (RECO_E2E_SHOTS overrides).
#
# Skipped (77) only when chromium or node cannot be found (scripts/deps.sh --test installs
# them); a missing page, a missing npm package or a failing step is a failure.
set -u

: "${RECO_BIN:?RECO_BIN must name the reco binary}"
here=$(cd "$(dirname "$0")" && pwd)
src=${RECO_SOURCE_DIR:-$(cd "$here/../.." && pwd)}
if [ ! -x "$RECO_BIN" ]; then
    echo "FAIL: $RECO_BIN is not built"
    exit 1
fi
chromium=${RECO_CHROMIUM:-}
if [ -z "$chromium" ]; then
    chromium=$(command -v chromium || command -v chromium-browser || true)
fi
if [ -z "$chromium" ] || [ ! -x "$chromium" ]; then
    echo "skip: chromium is not installed (scripts/deps.sh --test installs it)"
    exit 77
fi
if ! command -v node >/dev/null; then
    echo "skip: node is not installed (scripts/deps.sh --test installs it)"
    exit 77
fi
for tool in curl python3; do
    if ! command -v $tool >/dev/null; then
        echo "FAIL: $tool is needed"
        exit 1
    fi
done
if [ ! -d "$src/tests/browser/node_modules/playwright-core" ] ||
   [ ! -d "$src/tests/browser/node_modules/axe-core" ]; then
    echo "FAIL: run 'npm ci --prefix tests/browser' (or scripts/deps.sh --test) first:" \
         "playwright-core and axe-core are missing"
    exit 1
fi

tmp=$(mktemp -d)
SERVE_PID=
trap 'serve_stop KILL; rm -rf "$tmp"' EXIT
. "$here/lib/serve.sh"

shots=${RECO_E2E_SHOTS:-$src/build/e2e}
mkdir -p "$shots"
data="$tmp/data"
port=$(serve_free_port)
failures=0

serve_start "$data" "$port" || {
    echo "FAIL: reco serve did not start: $(tail -20 "$tmp/serve.err")"
    exit 1
}

RECO_CHROMIUM=$chromium node "$src/tests/browser/journey.mjs" \
    --base "$SERVE_URL" --data "$data" --shots "$shots"
rc=$?
[ $rc -eq 0 ] || failures=$((failures + 1))

serve_stop TERM
stop_rc=$?
if [ $stop_rc -ne 0 ]; then
    echo "FAIL: reco serve exited $stop_rc after SIGTERM"
    failures=$((failures + 1))
fi
if grep -qi "AddressSanitizer\|runtime error:" "$tmp/serve.err"; then
    echo "FAIL: the server reported memory or undefined-behaviour errors:"
    grep -i -A20 "AddressSanitizer\|runtime error:" "$tmp/serve.err" | head -60
    failures=$((failures + 1))
fi
if [ $failures -ne 0 ]; then
    echo "server log (last lines):"
    tail -30 "$tmp/serve.err"
    exit 1
fi
echo "browser journey: passed (screenshots in $shots)"
exit 0
