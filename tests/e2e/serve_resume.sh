#!/usr/bin/env bash
# serve_resume.sh - a bulk award survives SIGKILL: a real `reco serve` is killed while it
# awards a CSV of a few thousand rows, restarted on the same data, and the job resumes and
# completes with exactly one credential per row (none lost, none twice). RECO_RESUME_ROWS
# changes the row count (default 2000).
set -u

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"
. "$here/lib/serve.sh"
e2e_require curl python3
e2e_tmpdir

rows=${RECO_RESUME_ROWS:-2000}

data="$tmp/data"
port=$(serve_free_port)
echo "correct horse battery" | "$RECO_BIN" user add --data "$data" --email admin@example.org \
    --admin >/dev/null || { fail "user add"; exit 1; }
token=$("$RECO_BIN" token add --data "$data" --email admin@example.org | tail -1)
auth=(-H "Authorization: Bearer $token")
json=(-H "Content-Type: application/json")

serve_start "$data" "$port" || exit 1
req POST /api/v1/issuers "${auth[@]}" "${json[@]}" -d '{"name":"Resume test"}'
[ "$STATUS" = 201 ] || { fail "issuer: $STATUS $(cat "$tmp/body")"; exit 1; }
slug=$(jget "$tmp/body" 'd["slug"]')
req POST "/api/v1/issuers/$slug/achievements" "${auth[@]}" "${json[@]}" \
    -d '{"name":"Bulk","description":"Many rows"}'
[ "$STATUS" = 201 ] || { fail "achievement: $STATUS"; exit 1; }
ach=$(jget "$tmp/body" 'd["id"]')
ach=${ach##*/}

python3 -c 'import sys
n = int(sys.argv[1])
sys.stdout.write("name,email,narrative\n")
for i in range(n):
    sys.stdout.write("Earner %d,earner%d@example.org,row %d\n" % (i, i, i))' "$rows" >"$tmp/rows.csv"
req POST "/api/v1/achievements/$ach/awards.csv" "${auth[@]}" -H "Content-Type: text/csv" \
    --data-binary @"$tmp/rows.csv"
[ "$STATUS" = 202 ] || { fail "bulk: $STATUS $(cat "$tmp/body")"; exit 1; }
job=$(jget "$tmp/body" 'd["id"]')
job=${job##*/}

# kill it once some rows are committed, well before the end
target=$((rows / 10))
[ $target -ge 1 ] || target=1
done_before=0
for i in $(seq 1 3000); do
    req GET "/api/v1/jobs/$job" "${auth[@]}"
    done_before=$(jget "$tmp/body" 'd["done"]')
    [ "$done_before" -ge $target ] && break
    sleep 0.05
done
serve_stop KILL
echo "killed with $done_before of $rows rows reported done"
[ "$done_before" -lt "$rows" ] || echo "note: the job ended before the kill"

serve_start "$data" "$port" || exit 1
state=
for i in $(seq 1 6000); do
    req GET "/api/v1/jobs/$job" "${auth[@]}"
    state=$(jget "$tmp/body" 'd["state"]')
    [ "$state" = done ] || [ "$state" = failed ] && break
    sleep 0.1
done
[ "$state" = done ] || fail "job after restart: state $state"
cp "$tmp/body" "$tmp/job.json"
python3 - "$tmp/job.json" "$rows" <<'EOF' || fail "job report after restart"
import json, sys
d = json.load(open(sys.argv[1]))
n = int(sys.argv[2])
errors = []
if d["total"] != n or d["ok"] != n or d["done"] != n:
    errors.append("total %s ok %s done %s" % (d["total"], d["ok"], d["done"]))
rows = d["rows"]
if sorted(r["row"] for r in rows) != list(range(1, n + 1)):
    errors.append("row numbers are not 1..%d once each" % n)
creds = [r.get("credential") for r in rows]
if any(c is None for c in creds) or len(set(creds)) != n:
    errors.append("%d distinct credentials for %d rows" % (len(set(creds)), n))
for e in errors:
    print(e)
sys.exit(1 if errors else 0)
EOF
req GET "/api/v1/credentials?achievement=$ach&limit=1" "${auth[@]}"
[ "$(jget "$tmp/body" 'd["total"]')" = "$rows" ] ||
    fail "credentials of the badge: $(jget "$tmp/body" 'd["total"]'), expected $rows"
serve_stop TERM || fail "SIGTERM after the resumed job"

if [ $failures -ne 0 ]; then
    echo "$failures failure(s)"
    exit 1
fi
echo "serve_resume: all passed"
