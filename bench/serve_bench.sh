#!/usr/bin/env bash
# serve_bench.sh - `reco serve` under load, compared in the same run with nginx serving the
# same credential as a static file (wrk, both on loopback):
#   1. GET the hosted credential JSON (Accept: application/ld+json): reco vs nginx, and ratio
#      (aim: reco at least half of nginx);
#   2. POST /api/v1/verify with that credential (eddsa-rdfc-2022 proof, status list);
#   3. a bulk award of 10,000 CSV rows timed end to end (POST, poll the job until done),
#      e-mails written to the outbox included (aim: under 10 s).
# Prints figures; asserts nothing about time.
# Usage: bench/serve_bench.sh [RECO_BIN]   (default $RECO_BIN, else build/release/reco)
# Environment: BENCH_SECONDS (wrk duration, default 5), BENCH_CONNECTIONS (default 32),
# BENCH_ROWS (bulk rows, default 10000), BENCH_POLL (seconds between polls of the job,
# default 0.2).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
reco=${1:-${RECO_BIN:-$root/build/release/reco}}
secs=${BENCH_SECONDS:-5}
conns=${BENCH_CONNECTIONS:-32}
rows=${BENCH_ROWS:-10000}
poll=${BENCH_POLL:-0.2}
threads=$(nproc)

for tool in wrk nginx curl python3; do
    command -v $tool >/dev/null || [ -x /usr/sbin/$tool ] || {
        echo "serve_bench: $tool is missing (scripts/deps.sh --test installs it)"
        exit 1
    }
done
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$reco" ] || { echo "serve_bench: $reco is not built"; exit 1; }

tmp=$(mktemp -d)
chmod 755 "$tmp" # nginx workers run as another user when started by root
reco_pid=
nginx_started=
cleanup() {
    [ -n "$reco_pid" ] && kill -TERM "$reco_pid" 2>/dev/null && wait "$reco_pid" 2>/dev/null
    [ -n "$nginx_started" ] && "$nginx_bin" -c "$tmp/nginx.conf" -p "$tmp/nginx" -s stop \
        2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
json() { # json FILE EXPR
    python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); v = eval(sys.argv[2]); print(v if isinstance(v, str) else json.dumps(v))' "$1" "$2"
}
outbox_count() {
    if [ -d "$tmp/data/outbox" ]; then find "$tmp/data/outbox" -type f | wc -l; else echo 0; fi
}
proc_cpu() { # user + system clock ticks of a process so far
    awk '{ print $14 + $15 }' "/proc/$1/stat"
}
rate() { # the Requests/sec figure of a wrk output file
    awk '/Requests\/sec/ { print $2 }' "$1"
}

port=$(free_port)
base="http://127.0.0.1:$port"
"$reco" demo --data "$tmp/data" --base-url "$base" >"$tmp/demo.out"
token=$(awk -F': *' '/API token/ { print $2 }' "$tmp/demo.out")
"$reco" serve --data "$tmp/data" --listen "127.0.0.1:$port" --base-url "$base" \
    --access-log "$tmp/access.log" >"$tmp/serve.out" 2>"$tmp/serve.err" &
reco_pid=$!
for i in $(seq 1 100); do
    curl -sf -o /dev/null "$base/healthz" && break
    sleep 0.1
done

curl -sf -H "Authorization: Bearer $token" "$base/api/v1/credentials?limit=1" >"$tmp/list.json"
cred_url=$(json "$tmp/list.json" 'd["items"][0]["id"]')
cred_path=${cred_url#"$base"}
curl -sf -H "Accept: application/ld+json" "$cred_url" >"$tmp/cred.json"

# nginx on loopback, serving the same bytes as a static file
nport=$(free_port)
mkdir -p "$tmp/nginx/logs" "$tmp/www/credentials"
cp "$tmp/cred.json" "$tmp/www/credentials/cred.json"
cat >"$tmp/nginx.conf" <<EOF
worker_processes $threads;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/logs/error.log;
events { worker_connections 1024; }
http {
    access_log $tmp/nginx/logs/access.log;
    client_body_temp_path $tmp/nginx/body;
    proxy_temp_path $tmp/nginx/proxy;
    fastcgi_temp_path $tmp/nginx/fastcgi;
    uwsgi_temp_path $tmp/nginx/uwsgi;
    scgi_temp_path $tmp/nginx/scgi;
    server {
        listen 127.0.0.1:$nport;
        root $tmp/www;
        default_type application/ld+json;
        etag on;
    }
}
EOF
"$nginx_bin" -c "$tmp/nginx.conf" -p "$tmp/nginx" 2>/dev/null
nginx_started=1
for i in $(seq 1 50); do
    curl -sf -o /dev/null "http://127.0.0.1:$nport/credentials/cred.json" && break
    sleep 0.1
done
cmp -s <(curl -s "http://127.0.0.1:$nport/credentials/cred.json") "$tmp/cred.json" ||
    { echo "serve_bench: nginx does not serve the credential"; exit 1; }

echo "== reco serve vs nginx: $threads threads, $conns connections, ${secs}s each (wrk)"
echo "   credential: $cred_url ($(wc -c <"$tmp/cred.json") bytes)"
wrk -t"$threads" -c"$conns" -d"${secs}s" -H "Accept: application/ld+json" \
    "$base$cred_path" >"$tmp/wrk_reco.txt"
wrk -t"$threads" -c"$conns" -d"${secs}s" -H "Accept: application/ld+json" \
    "http://127.0.0.1:$nport/credentials/cred.json" >"$tmp/wrk_nginx.txt"
r=$(rate "$tmp/wrk_reco.txt")
n=$(rate "$tmp/wrk_nginx.txt")
printf '   hosted JSON   reco %10.0f req/s   nginx %10.0f req/s   ratio %.2f (aim >= 0.50)\n' \
    "$r" "$n" "$(python3 -c "print($r / $n if $n else 0)")"

# POST /api/v1/verify with the credential as the body
cat >"$tmp/verify.lua" <<LUA
local f = assert(io.open("$tmp/cred.json", "rb"))
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = f:read("*a")
f:close()
LUA
curl -sf -H "Content-Type: application/json" --data-binary @"$tmp/cred.json" \
    "$base/api/v1/verify" >"$tmp/verify.json"
wrk -t"$threads" -c"$conns" -d"${secs}s" -s "$tmp/verify.lua" "$base/api/v1/verify" \
    >"$tmp/wrk_verify.txt"
v=$(rate "$tmp/wrk_verify.txt")
printf '   POST verify   reco %10.0f req/s   (valid: %s; nginx static file %0.f req/s, ratio %.4f)\n' \
    "$v" "$(json "$tmp/verify.json" 'd["valid"]')" "$n" "$(python3 -c "print($v / $n if $n else 0)")"
for f in reco nginx verify; do
    if grep -q "Non-2xx" "$tmp/wrk_$f.txt"; then
        echo "   warning: $f: $(grep -h Non-2xx "$tmp/wrk_$f.txt")"
    fi
done

# bulk award of $rows rows, end to end
auth=(-H "Authorization: Bearer $token")
curl -sf "${auth[@]}" -H "Content-Type: application/json" -d '{"name":"Bench issuer"}' \
    "$base/api/v1/issuers" >"$tmp/issuer.json"
slug=$(json "$tmp/issuer.json" 'd["slug"]')
curl -sf "${auth[@]}" -H "Content-Type: application/json" \
    -d '{"name":"Bench badge","description":"Awarded in bulk"}' \
    "$base/api/v1/issuers/$slug/achievements" >"$tmp/ach.json"
ach=$(json "$tmp/ach.json" 'd["id"]')
ach=${ach##*/}
python3 -c 'import sys
n = int(sys.argv[1])
sys.stdout.write("name,email,narrative\n")
for i in range(n):
    sys.stdout.write("Earner %d,earner%d@example.org,bench row %d\n" % (i, i, i))' "$rows" >"$tmp/rows.csv"
outbox_before=$(outbox_count)
cpu_before=$(proc_cpu "$reco_pid")
t0=$(date +%s.%N)
curl -sf "${auth[@]}" -H "Content-Type: text/csv" --data-binary @"$tmp/rows.csv" \
    "$base/api/v1/achievements/$ach/awards.csv" >"$tmp/job.json"
job=$(json "$tmp/job.json" 'd["id"]')
state=queued
polls=0
# The poller is kept light (curl and grep every ${poll}s, no interpreter started per poll): on
# a machine of two cores it would otherwise take CPU time from the server it measures.
while [ "$state" != done ] && [ "$state" != failed ]; do
    sleep "$poll"
    curl -sf "${auth[@]}" "$job" >"$tmp/job.json"
    state=$(grep -o '"state": *"[a-z]*"' "$tmp/job.json" | head -n 1 | sed 's/.*"\([a-z]*\)"$/\1/')
    polls=$((polls + 1))
done
t1=$(date +%s.%N)
cpu_after=$(proc_cpu "$reco_pid")
outbox_after=$(outbox_count)
printf '== bulk award: %d CSV rows in %.2f s end to end (aim < 10 s): state %s, %s ok, %s failed, %d e-mails written\n' \
    "$rows" "$(python3 -c "print($t1 - $t0)")" "$state" "$(json "$tmp/job.json" 'd["ok"]')" \
    "$(json "$tmp/job.json" 'd["failed"]')" "$((outbox_after - outbox_before))"
printf '   reco serve used %.2f s of CPU for it (%d polls of the job, one every %ss)\n' \
    "$(python3 -c "print(($cpu_after - $cpu_before) / $(getconf CLK_TCK))")" "$polls" "$poll"
