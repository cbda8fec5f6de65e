#!/usr/bin/env bash
# cli_accounts_demo.sh - `reco user add`, `reco token add` and `reco demo` end to end on a
# temporary data directory: the password comes from stdin, tokens are printed once, the demo
# is made once and a second run adds nothing; bad usage gives exit 2 with an error line.
set -u

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"
e2e_require
e2e_tmpdir
unset RECO_MASTER_KEY RECO_DATA RECO_BASE_URL RECO_SMTP_URL

# expect_exit CODE DESCRIPTION -- COMMAND...: run, keep stdout/stderr in $tmp/out, $tmp/err.
expect_exit() {
    local want=$1 what=$2
    shift 3
    "$@" >"$tmp/out" 2>"$tmp/err"
    local got=$?
    if [ "$got" -ge 128 ]; then
        fail "$what: crashed (exit $got)"
        return 1
    fi
    if [ "$got" -ne "$want" ]; then
        fail "$what: exit $got, expected $want (stderr: $(head -c 300 "$tmp/err"))"
        return 1
    fi
    if [ "$want" -ne 0 ] && ! grep -q '^error: ' "$tmp/err"; then
        fail "$what: no 'error:' line on stderr"
        return 1
    fi
    return 0
}

data="$tmp/data"

# ---------------------------------------------------------------- help and usage
for cmd in user token demo; do
    expect_exit 0 "$cmd --help" -- "$RECO_BIN" "$cmd" --help &&
        { grep -q "^usage: reco $cmd" "$tmp/out" || fail "$cmd --help: no usage line"; }
done
expect_exit 2 "user without add" -- "$RECO_BIN" user --data "$data" --email a@example.org
expect_exit 2 "user add without email" -- "$RECO_BIN" user add --data "$data"
expect_exit 2 "token add with a stray argument" -- "$RECO_BIN" token add --data "$data" --bogus
expect_exit 2 "demo with a stray argument" -- "$RECO_BIN" demo --data "$data" extra

# ---------------------------------------------------------------- users and tokens
echo 'a long password' | expect_exit 0 "user add" -- \
    "$RECO_BIN" user add --data "$data" --email Admin@Example.org --admin
grep -q 'admin@example.org' "$tmp/out" || fail "user add: e-mail not normalised ($(cat "$tmp/out"))"
[ "$(stat -c %a "$data/master.key")" = 600 ] || fail "master.key is not mode 600"
echo 'a long password' | expect_exit 2 "user add twice" -- \
    "$RECO_BIN" user add --data "$data" --email admin@example.org
grep -q 'exists already' "$tmp/err" || fail "user add twice: $(cat "$tmp/err")"
echo 'short' | expect_exit 2 "short password" -- \
    "$RECO_BIN" user add --data "$data" --email b@example.org
expect_exit 2 "no password on stdin" -- \
    "$RECO_BIN" user add --data "$data" --email c@example.org </dev/null
grep -q 'no password' "$tmp/err" || fail "empty stdin: $(cat "$tmp/err")"
# The password is not in the database.
grep -q 'a long password' "$data/reco.db" && fail "the password is stored in clear"

expect_exit 0 "token add" -- "$RECO_BIN" token add --data "$data" --email admin@example.org
token=$(cat "$tmp/out")
[[ "$token" =~ ^reco_[1-9A-HJ-NP-Za-km-z]{40,46}$ ]] || fail "token add printed '$token'"
grep -q "$token" "$data/reco.db" "$data/reco.db-wal" 2>/dev/null && fail "the token is stored in clear"
expect_exit 2 "token for nobody" -- "$RECO_BIN" token add --data "$data" --email nobody@example.org

# ---------------------------------------------------------------- demo
demo="$tmp/demo"
expect_exit 0 "demo" -- "$RECO_BIN" demo --data "$demo" --base-url http://127.0.0.1:8099
grep -q '5 issuers, 7 badges, 8 credentials' "$tmp/out" || fail "demo: $(cat "$tmp/out")"
grep -q '^admin password: ' "$tmp/out" || fail "demo: no password printed"
grep -Eq '^API token: +reco_' "$tmp/out" || fail "demo: no token printed"
expect_exit 0 "demo again" -- "$RECO_BIN" demo --data "$demo" --base-url http://127.0.0.1:8099
grep -q 'nothing added' "$tmp/out" || fail "demo again: $(cat "$tmp/out")"
grep -q '5 issuers, 7 badges, 8 credentials' "$tmp/out" || fail "demo again: counts changed"
grep -q 'password' "$tmp/out" && fail "demo again: a password was printed"

if [ "$failures" -ne 0 ]; then
    echo "$failures failure(s)"
    exit 1
fi
echo "ok"
