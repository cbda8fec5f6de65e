# common.sh - what every end-to-end script shares (sourced, not run): refusing to run without
# the reco binary, skipping when a tool is missing, a temporary folder removed on exit, and counting failures.

# e2e_require [TOOL...]: fail unless $RECO_BIN names an executable (the project builds it, so
# its absence is a failure, never a skip); skip (exit 77) when a TOOL is not on PATH
# (scripts/deps.sh --test installs them all).
e2e_require() {
    : "${RECO_BIN:?RECO_BIN must name the reco binary}"
    if [ ! -x "$RECO_BIN" ]; then
        echo "FAIL: $RECO_BIN is not built"
        exit 1
    fi
    local tool
    for tool in "$@"; do
        if ! command -v "$tool" >/dev/null; then
            echo "skip: $tool is needed"
            exit 77
        fi
    done
}

# e2e_tmpdir: set $tmp to a new temporary folder, removed on exit; a server started with
# serve_start (lib/serve.sh) is killed first.
e2e_tmpdir() {
    tmp=$(mktemp -d)
    SERVE_PID=
    trap 'if declare -F serve_stop >/dev/null; then serve_stop KILL; fi; rm -rf "$tmp"' EXIT
}

# fail WHAT: report one failure and count it in $failures.
failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}
