# serve.sh - shell helpers for the end-to-end tests of `reco serve` (sourced, not run):
# a free loopback port, starting and stopping a server, HTTP requests with curl, and JSON
# reading with python3; checks of the last response (status, text in the body, CSRF token).
# The caller sets $tmp (a temporary folder) and $RECO_BIN, and defines fail (lib/common.sh).

# serve_free_port: print a TCP port free on 127.0.0.1 (the kernel picks it).
serve_free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# serve_start DATA PORT [ARGS...]: start `reco serve` in the background on 127.0.0.1:PORT with
# base URL http://127.0.0.1:PORT; sets SERVE_PID and SERVE_URL; output in $tmp/serve.out and
# $tmp/serve.err (appended). Returns 1 when /healthz does not answer within 30 s.
serve_start() {
    local data=$1 port=$2
    shift 2
    SERVE_URL="http://127.0.0.1:$port"
    "$RECO_BIN" serve --data "$data" --listen "127.0.0.1:$port" --base-url "$SERVE_URL" \
        --allow-private-network "$@" >>"$tmp/serve.out" 2>>"$tmp/serve.err" &
    SERVE_PID=$!
    local i
    for i in $(seq 1 300); do
        if curl -sf -o /dev/null "$SERVE_URL/healthz"; then
            return 0
        fi
        if ! kill -0 "$SERVE_PID" 2>/dev/null; then
            echo "reco serve exited early: $(tail -5 "$tmp/serve.err")"
            return 1
        fi
        sleep 0.1
    done
    echo "reco serve did not answer /healthz"
    return 1
}

# serve_stop [SIGNAL]: send SIGNAL (default TERM) to the server and wait; prints nothing,
# returns the server's exit status.
serve_stop() {
    local sig=${1:-TERM} rc=0
    [ -n "${SERVE_PID:-}" ] || return 0
    kill -"$sig" "$SERVE_PID" 2>/dev/null
    wait "$SERVE_PID" 2>/dev/null
    rc=$?
    SERVE_PID=
    return $rc
}

# req METHOD PATH [CURL ARGS...]: the response body goes to $tmp/body, the headers to
# $tmp/headers, the status to $STATUS.
req() {
    local method=$1 path=$2
    shift 2
    STATUS=$(curl -s --path-as-is -X "$method" -o "$tmp/body" -D "$tmp/headers" \
        -w '%{http_code}' "$@" "$SERVE_URL$path")
}

# header NAME: the value of a response header of the last req (case-insensitive name).
header() {
    tr -d '\r' <"$tmp/headers" | awk -v n="$(echo "$1" | tr 'A-Z' 'a-z')" -F': ' \
        'tolower($1) == n { sub(/^[^:]*: /, ""); print; exit }'
}

# jget FILE EXPR: print the Python expression EXPR on d, the JSON of FILE (strings raw,
# other values as JSON).
jget() {
    python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
v = eval(sys.argv[2], {"d": d})
print(v if isinstance(v, str) else json.dumps(v))' "$1" "$2"
}

# expect STATUS WHAT: the last req answered STATUS (else a failure with the start of the body).
expect() {
    if [ "$STATUS" != "$1" ]; then
        fail "$2: status $STATUS, expected $1: $(head -c 600 "$tmp/body")"
        return 1
    fi
    return 0
}

# has TEXT WHAT / lacks TEXT WHAT: the last body holds (or not) TEXT, literally.
has() { grep -qF -- "$1" "$tmp/body" || fail "$2: '$1' not in the page"; }
lacks() { ! grep -qF -- "$1" "$tmp/body" || fail "$2: '$1' in the page"; }

# csrf_of: the value of the first hidden csrf input of the last page.
csrf_of() {
    python3 -c 'import re, sys
m = re.search(r"name=\"csrf\" value=\"([0-9a-f]{64})\"", open(sys.argv[1]).read())
print(m.group(1) if m else "")' "$tmp/body"
}
