#!/usr/bin/env bash
# serve_api.sh - `reco serve` end to end over HTTP on loopback: an issuer, a badge and an
# award through the JSON API, the hosted credential as JSON-LD and as HTML by Accept, its
# downloads, verification by `reco verify` and by POST /api/v1/verify (a file and a URL), a
# bulk award from CSV with bad rows, revocation seen by verification, tokens missing, wrong or
# without the role, oversized and malformed bodies, wrong content types, HTML in fields
# escaped in pages, path tricks refused, and SIGTERM stopping cleanly with the data intact.
set -u

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"
. "$here/lib/serve.sh"
e2e_require curl python3
e2e_tmpdir

# expect_error STATUS CODE WHAT: an error body {"error": {"code": CODE, ...}}.
expect_error() {
    expect "$1" "$3" || return 1
    local code
    code=$(jget "$tmp/body" 'd["error"]["code"]' 2>/dev/null)
    [ "$code" = "$2" ] || fail "$3: error code '$code', expected '$2'"
}

data="$tmp/data"
port=$(serve_free_port)

# ---------------------------------------------------------------- accounts (CLI)
echo "correct horse battery" | "$RECO_BIN" user add --data "$data" --email Ann@Example.org \
    >/dev/null 2>"$tmp/err" || { fail "user add: $(cat "$tmp/err")"; exit 1; }
echo "another password 2" | "$RECO_BIN" user add --data "$data" --email bob@example.org \
    >/dev/null 2>"$tmp/err" || fail "user add bob: $(cat "$tmp/err")"
token=$("$RECO_BIN" token add --data "$data" --email ann@example.org 2>"$tmp/err" | tail -1)
[ -n "$token" ] || fail "token add: $(cat "$tmp/err")"
bob=$("$RECO_BIN" token add --data "$data" --email bob@example.org 2>/dev/null | tail -1)
auth=(-H "Authorization: Bearer $token")
json=(-H "Content-Type: application/json")

serve_start "$data" "$port" || { fail "server start"; exit 1; }
grep -q "listening on http://127.0.0.1:$port" "$tmp/serve.out" ||
    fail "no 'listening on' line: $(cat "$tmp/serve.out")"

req GET /healthz
expect 200 healthz && [ "$(jget "$tmp/body" 'd["status"]')" = ok ] || fail "healthz body"

# ---------------------------------------------------------------- tokens
req POST /api/v1/issuers "${json[@]}" -d '{"name":"X"}'
expect_error 401 unauthorized "no token"
header WWW-Authenticate | grep -q '^Bearer' || fail "401 without WWW-Authenticate: Bearer"
req POST /api/v1/issuers "${json[@]}" -H "Authorization: Bearer reco_forged123" -d '{"name":"X"}'
expect_error 401 unauthorized "forged token"
req POST /api/v1/issuers "${json[@]}" -H "Authorization: Basic YTpi" -d '{"name":"X"}'
expect_error 401 unauthorized "basic auth"
req POST /api/v1/issuers "${json[@]}" -H "Authorization: Bearer ${token}x" -d '{"name":"X"}'
expect_error 401 unauthorized "altered token"

# ---------------------------------------------------------------- issuer, badge, award
evil='<script>alert(1)</script>'
req POST /api/v1/issuers "${auth[@]}" "${json[@]}" \
    -d "{\"name\":\"Mission locale $evil\",\"url\":\"https://ml.example.org\",\"email\":\"contact@ml.example.org\",\"description\":\"Accompagner <b>les jeunes</b>\",\"address\":{\"addressLocality\":\"Lyon\",\"postalCode\":\"69001\"}}"
expect 201 "create issuer" || exit 1
slug=$(jget "$tmp/body" 'd["slug"]')
issuer_url=$(jget "$tmp/body" 'd["id"]')
[ "$issuer_url" = "$SERVE_URL/issuers/$slug" ] || fail "issuer id $issuer_url"
[ "$(header Location)" = "$issuer_url" ] || fail "issuer Location: $(header Location)"
[ "$(jget "$tmp/body" 'd["name"]')" = "Mission locale $evil" ] || fail "issuer name not stored as given"

req POST "/api/v1/issuers/$slug/achievements" "${auth[@]}" "${json[@]}" \
    -d "{\"name\":\"Entraide $evil\",\"description\":\"A été <i>utile</i> & présent\",\"criteria\":{\"narrative\":\"Aider *trois* fois\"},\"achievementType\":\"ext:PeerRecognition\",\"tag\":[\"entraide\"],\"alignment\":[{\"targetName\":\"Accompagnement\",\"targetUrl\":\"https://candidat.francetravail.fr/metierscope/fiche-metier/K1801\",\"targetCode\":\"K1801\",\"targetFramework\":\"ROME\"}]}"
expect 201 "create achievement" || exit 1
ach_url=$(jget "$tmp/body" 'd["id"]')
ach=${ach_url##*/}
[ "$ach_url" = "$SERVE_URL/achievements/$ach" ] || fail "achievement id $ach_url"

req POST "/api/v1/achievements/$ach/awards" "${auth[@]}" "${json[@]}" \
    -d '{"recipient":{"email":"earner@example.org"},"name":"Earner <One>","narrative":"Helped <b>three</b> people","evidence":"https://example.org/evidence/1"}'
expect 201 "award" || exit 1
cred_url=$(jget "$tmp/body" 'd["id"]')
cred=${cred_url##*/}
[ "$cred_url" = "$SERVE_URL/credentials/$cred" ] || fail "credential id $cred_url"
claim_url=$(jget "$tmp/body" 'd["claimUrl"]')
case "$claim_url" in "$SERVE_URL"/claim/*) ;; *) fail "award claimUrl '$claim_url'" ;; esac
[ "$(jget "$tmp/body" 'd["credential"]["id"]')" = "$cred_url" ] || fail "award credential id"

# ---------------------------------------------------------------- hosted documents
req GET "${claim_url#"$SERVE_URL"}" -H "Accept: text/html"
expect 200 "claim page"
grep -q '&lt;script&gt;' "$tmp/body" || fail "claim page lacks the escaped badge name"
grep -q '<script>' "$tmp/body" && fail "claim page holds a raw <script>"
[ "$(header Cache-Control)" = no-store ] || fail "claim page Cache-Control: $(header Cache-Control)"
req GET "${claim_url#"$SERVE_URL"}" -H "Accept: application/json"
expect 200 "claim JSON" && [ "$(jget "$tmp/body" 'd["id"]')" = "$cred_url" ] || fail "claim JSON id"
req GET /claim/NoSuchClaimToken
expect_error 404 not_found "unknown claim token"
for accept in application/ld+json application/vc+ld+json application/json; do
    req GET "/credentials/$cred" -H "Accept: $accept"
    expect 200 "credential as $accept" || continue
    [ "$(header Content-Type)" = "$accept" ] || fail "Content-Type $(header Content-Type) for $accept"
    header Vary | grep -qi accept || fail "no Vary: Accept"
    [ "$(jget "$tmp/body" 'd["id"]')" = "$cred_url" ] || fail "hosted credential id ($accept)"
done
cp "$tmp/body" "$tmp/cred.json"
etag=$(header ETag)
[ -n "$etag" ] || fail "no ETag on the credential"
req GET "/credentials/$cred" -H "Accept: application/ld+json" -H "If-None-Match: $etag"
expect 304 "credential If-None-Match"
req GET "/credentials/$cred" -H "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
expect 200 "credential as HTML"
header Content-Type | grep -q '^text/html' || fail "HTML Content-Type $(header Content-Type)"
grep -q '<script>' "$tmp/body" && fail "HTML page holds a raw <script>"
grep -q '&lt;script&gt;' "$tmp/body" || fail "HTML page lacks the escaped name"
grep -q "/credentials/$cred\\.\\(png\\|svg\\)" "$tmp/body" || fail "HTML page lacks the baked image link"
req GET "/credentials/$cred" -H "Accept: application/json;q=0.5, text/html;q=0.9"
header Content-Type | grep -q '^text/html' || fail "q-values: HTML preferred, got $(header Content-Type)"
req GET "/credentials/$cred.json"
expect 200 ".json download"
header Content-Disposition | grep -q attachment || fail ".json without Content-Disposition"
req GET "/credentials/$cred.svg"
if expect 200 ".svg download"; then
    header Content-Type | grep -q 'image/svg+xml' || fail ".svg Content-Type"
    "$RECO_BIN" extract "$tmp/body" >/dev/null 2>&1 || cp "$tmp/body" "$tmp/baked.svg"
fi
req GET "/credentials/$cred.png"
[ "$STATUS" = 200 ] || [ "$STATUS" = 404 ] || fail ".png: status $STATUS"
req GET "/credentials/nosuchcredential"
expect_error 404 not_found "unknown credential"
req GET "/issuers/$slug" -H "Accept: application/ld+json"
expect 200 "issuer profile"
req GET "/issuers/$slug" -H "Accept: text/html"
expect 200 "issuer HTML"
grep -q '<script>' "$tmp/body" && fail "issuer page holds a raw <script>"
grep -q '<b>' "$tmp/body" && fail "issuer page holds raw <b>"
req GET "/issuers/$slug/did.json"
expect 200 "did.json"
req GET "/issuers/$slug/keys/ed25519"
expect 200 "ed25519 key document"
req GET "/issuers/$slug/keys/nope"
expect 404 "unknown key"
req GET "/achievements/$ach" -H "Accept: application/ld+json"
expect 200 "achievement JSON-LD"
req GET "/achievements/$ach" -H "Accept: text/html"
expect 200 "achievement HTML"
grep -q '<script>\|<i>' "$tmp/body" && fail "achievement page holds raw HTML"
req GET "/achievements/$ach/image"
expect 200 "achievement image"
status_url=$(jget "$tmp/cred.json" 'd["credentialStatus"]["statusListCredential"]' 2>/dev/null)
case "$status_url" in
"$SERVE_URL"/*)
    req GET "${status_url#"$SERVE_URL"}"
    expect 200 "status list"
    header Cache-Control | grep -q 'max-age' || fail "status list without max-age"
    ;;
*) fail "credentialStatus.statusListCredential is '$status_url'" ;;
esac

# ---------------------------------------------------------------- verification
req POST /api/v1/verify "${json[@]}" --data-binary @"$tmp/cred.json"
expect 200 "verify API (document)" && [ "$(jget "$tmp/body" 'd["valid"]')" = true ] ||
    fail "verify API says not valid: $(head -c 800 "$tmp/body")"
req POST /api/v1/verify "${json[@]}" -d "{\"url\":\"$cred_url\"}"
expect 200 "verify API (url)" && [ "$(jget "$tmp/body" 'd["valid"]')" = true ] ||
    fail "verify API by URL says not valid: $(head -c 800 "$tmp/body")"
req POST /api/v1/verify -H "Content-Type: text/plain" -d 'not a credential at all'
[ "$STATUS" = 200 ] || [ "$STATUS" = 400 ] || fail "verify garbage: status $STATUS"
[ "$STATUS" = 200 ] && [ "$(jget "$tmp/body" 'd["valid"]')" != false ] && fail "garbage verified"
if "$RECO_BIN" verify --help 2>&1 | grep -q -- --allow-private-network; then
    "$RECO_BIN" verify --allow-private-network "$cred_url" >"$tmp/out" 2>&1 ||
        fail "reco verify URL: $(cat "$tmp/out")"
else
    echo "note: reco verify has no --allow-private-network yet; verifying the downloaded file"
    "$RECO_BIN" verify "$tmp/cred.json" >"$tmp/out" 2>&1 || true
fi

# ---------------------------------------------------------------- bulk award from CSV
printf 'name,email,narrative\nAlice,alice@example.org,"Helped, a lot"\nBad,not-an-email,x\nCarol,carol@example.org,"<script>x</script>"\n' >"$tmp/awards.csv"
req POST "/api/v1/achievements/$ach/awards.csv" "${auth[@]}" -H "Content-Type: text/csv" \
    --data-binary @"$tmp/awards.csv"
if expect 202 "bulk CSV"; then
    job=$(jget "$tmp/body" 'd["id"]')
    job=${job##*/}
    [ -n "$(header Location)" ] || fail "bulk CSV without Location"
    state=
    for i in $(seq 1 300); do
        req GET "/api/v1/jobs/$job" "${auth[@]}"
        state=$(jget "$tmp/body" 'd["state"]')
        [ "$state" = done ] || [ "$state" = failed ] && break
        sleep 0.1
    done
    [ "$state" = done ] || fail "bulk job state $state"
    [ "$(jget "$tmp/body" 'd["ok"]')" = 2 ] || fail "bulk job ok count: $(cat "$tmp/body")"
    [ "$(jget "$tmp/body" '[r["status"] for r in d["rows"]]')" = '["ok", "error", "ok"]' ] ||
        fail "bulk rows: $(jget "$tmp/body" 'd["rows"]')"
fi
req POST "/api/v1/achievements/$ach/awards.csv?allOrNothing=true" "${auth[@]}" \
    -H "Content-Type: text/csv" --data-binary @"$tmp/awards.csv"
if expect 202 "bulk CSV all or nothing"; then
    job=$(jget "$tmp/body" 'd["id"]')
    job=${job##*/}
    for i in $(seq 1 300); do
        req GET "/api/v1/jobs/$job" "${auth[@]}"
        state=$(jget "$tmp/body" 'd["state"]')
        [ "$state" = done ] || [ "$state" = failed ] && break
        sleep 0.1
    done
    [ "$state" = failed ] || fail "all-or-nothing job with a bad row: state $state"
    [ "$(jget "$tmp/body" 'd["ok"]')" = 0 ] || fail "all-or-nothing awarded rows"
fi
req POST "/api/v1/achievements/$ach/awards.csv?allOrNothing=maybe" "${auth[@]}" \
    -H "Content-Type: text/csv" --data-binary @"$tmp/awards.csv"
expect_error 400 bad_request "allOrNothing=maybe"
printf 'name,email\n"unterminated,a@example.org\n' >"$tmp/bad.csv"
req POST "/api/v1/achievements/$ach/awards.csv" "${auth[@]}" -H "Content-Type: text/csv" \
    --data-binary @"$tmp/bad.csv"
expect_error 400 bad_request "malformed CSV"
req GET "/api/v1/jobs/nosuchjob" "${auth[@]}"
expect_error 404 not_found "unknown job"

# ---------------------------------------------------------------- listing
req GET "/api/v1/credentials?issuer=$slug&achievement=$ach&limit=2&offset=0" "${auth[@]}"
expect 200 "credential list" &&
    [ "$(jget "$tmp/body" 'len(d["items"])')" = 2 ] || fail "list limit: $(head -c 300 "$tmp/body")"
[ "$(jget "$tmp/body" 'd["total"]')" = 3 ] || fail "list total: $(jget "$tmp/body" 'd.get("total")')"
req GET "/api/v1/credentials?limit=abc" "${auth[@]}"
expect_error 400 bad_request "limit=abc"
req GET "/api/v1/credentials?limit=0" "${auth[@]}"
expect_error 400 bad_request "limit=0"
req GET "/api/v1/credentials?issuer=a&issuer=b" "${auth[@]}"
expect_error 400 bad_request "repeated query parameter"
req GET "/api/v1/credentials?x=%zz" "${auth[@]}"
expect_error 400 bad_request "bad %-escape in query"

# ---------------------------------------------------------------- roles
req POST "/api/v1/issuers/$slug/achievements" -H "Authorization: Bearer $bob" "${json[@]}" \
    -d '{"name":"N","description":"D"}'
expect_error 403 forbidden "achievement without the role"
req POST "/api/v1/achievements/$ach/awards" -H "Authorization: Bearer $bob" "${json[@]}" \
    -d '{"recipient":{"email":"x@example.org"}}'
expect_error 403 forbidden "award without the role"
req POST "/api/v1/credentials/$cred/revoke" -H "Authorization: Bearer $bob" "${json[@]}" -d '{}'
expect_error 403 forbidden "revoke without the role"
req GET "/api/v1/jobs/$job" -H "Authorization: Bearer $bob"
expect_error 403 forbidden "job of another issuer"

# ---------------------------------------------------------------- revocation
req POST "/api/v1/credentials/$cred/revoke" "${auth[@]}" "${json[@]}" -d '{"reason":"issued by mistake"}'
expect 200 "revoke" && [ "$(jget "$tmp/body" 'd["revoked"]')" = true ] || fail "revoke body"
req POST "/api/v1/credentials/$cred/revoke" "${auth[@]}" "${json[@]}" -d '{"reason":"again"}'
expect_error 409 conflict "revoke twice"
req POST "/api/v1/credentials/$cred/revoke" "${auth[@]}"
expect_error 409 conflict "revoke twice, without a body"
req POST "/api/v1/credentials/$cred/revoke" "${auth[@]}" "${json[@]}" -d '{"reason":7}'
expect_error 400 bad_request "reason not a string"
req POST /api/v1/verify "${json[@]}" --data-binary @"$tmp/cred.json"
expect 200 "verify revoked" && [ "$(jget "$tmp/body" 'd["valid"]')" = false ] ||
    fail "revoked credential still valid: $(head -c 600 "$tmp/body")"
jget "$tmp/body" '[c for c in d["checks"] if c["status"] == "failed"]' | grep -qi revoked ||
    fail "no failed check says revoked: $(jget "$tmp/body" 'd["checks"]')"
if "$RECO_BIN" verify --help 2>&1 | grep -q -- --allow-private-network; then
    "$RECO_BIN" verify --allow-private-network "$cred_url" >"$tmp/out" 2>&1 &&
        fail "reco verify URL of a revoked credential exits 0"
    grep -qi revoked "$tmp/out" || fail "reco verify URL does not say revoked: $(cat "$tmp/out")"
fi

# ---------------------------------------------------------------- bad input
head -c 1100000 /dev/zero | tr '\0' ' ' >"$tmp/big.json"
req POST /api/v1/issuers "${auth[@]}" "${json[@]}" --data-binary @"$tmp/big.json"
expect_error 413 too_large "oversized JSON body"
req POST /api/v1/verify "${json[@]}" -H "Transfer-Encoding: chunked" --data-binary @"$tmp/big.json"
expect_error 413 too_large "oversized chunked body"
python3 -c 'import sys; sys.stdout.write("name,email\n" + "x,y@example.org\n" * 700000)' >"$tmp/big.csv"
req POST "/api/v1/achievements/$ach/awards.csv" "${auth[@]}" -H "Content-Type: text/csv" \
    --data-binary @"$tmp/big.csv"
expect_error 413 too_large "oversized CSV body"
python3 -c 'import base64, sys
png = b"\x89PNG\r\n\x1a\n" + b"\0" * (600 * 1024)
sys.stdout.write("{\"name\":\"Big\",\"description\":\"d\",\"image\":\"data:image/png;base64,%s\"}" % base64.b64encode(png).decode())' >"$tmp/bigimage.json"
req POST "/api/v1/issuers/$slug/achievements" "${auth[@]}" "${json[@]}" --data-binary @"$tmp/bigimage.json"
expect_error 413 too_large "a 600 KiB badge image"
svg=$(printf '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>' | base64 -w0)
req POST "/api/v1/issuers/$slug/achievements" "${auth[@]}" "${json[@]}" \
    -d "{\"name\":\"S\",\"description\":\"d\",\"image\":\"data:image/svg+xml;base64,$svg\"}"
expect_error 400 bad_request "an SVG badge image with a script"
req POST /api/v1/issuers "${auth[@]}" "${json[@]}" -d '{"name": "x",'
expect_error 400 bad_request "malformed JSON"
jget "$tmp/body" 'd["error"]' | grep -q '"path"' || fail "malformed JSON error without path"
req POST /api/v1/issuers "${auth[@]}" "${json[@]}" -d '{"name": 42}'
expect_error 400 bad_request "name not a string"
[ "$(jget "$tmp/body" 'd["error"]["path"]')" = /name ] || fail "error path $(jget "$tmp/body" 'd["error"]["path"]')"
req POST /api/v1/issuers "${auth[@]}" "${json[@]}" -d '[1,2]'
expect_error 400 bad_request "array body"
req POST /api/v1/issuers "${auth[@]}" -H "Content-Type: text/plain" -d '{"name":"x"}'
expect_error 415 unsupported_media_type "text/plain body"
req POST "/api/v1/achievements/$ach/awards.csv" "${auth[@]}" "${json[@]}" -d '{}'
expect_error 415 unsupported_media_type "JSON sent as CSV"
req DELETE "/credentials/$cred"
expect_error 405 method_not_allowed "DELETE credential"
[ "$(header Allow)" = "GET, HEAD" ] || fail "Allow: $(header Allow)"
STATUS=$(curl -s -I -o "$tmp/headers" -w '%{http_code}' -H "Accept: application/ld+json" "$SERVE_URL/credentials/$cred")
[ "$STATUS" = 200 ] || fail "HEAD credential: status $STATUS"
[ "$(header Content-Length)" = "$(wc -c <"$tmp/cred.json" | tr -d ' ')" ] ||
    fail "HEAD Content-Length $(header Content-Length)"
for path in "/credentials/../issuers/$slug" "/issuers/..%2F..%2Fetc%2Fpasswd" \
    "/issuers/$slug%2Fdid.json" "/credentials/%2e%2e" "/issuers/a%00b" "/issuers//x"; do
    req GET "$path"
    [ "$STATUS" = 400 ] || fail "path trick $path: status $STATUS"
done
req GET "/issuers/$(printf 'a%.0s' $(seq 1 300))"
[ "$STATUS" = 400 ] || [ "$STATUS" = 404 ] || fail "long slug: status $STATUS"
req GET "/api/v1/credentials?x=$(printf 'a%.0s' $(seq 1 7000))" "${auth[@]}"
[ "$STATUS" = 414 ] || fail "a 7000-byte query string: status $STATUS"
req GET "/issuers/UPPER.case"
expect 404 "slug with a dot"

# raw bytes on the socket: malformed request lines, huge headers, NUL and control bytes in
# the target; each gets an error answer or a closed connection, and the server stays up
python3 - "$port" <<'EOF' || fail "raw malformed requests: the server did not answer after them"
import socket, sys
port = int(sys.argv[1])
bad = [b"GARBAGE\r\n\r\n", b"GET\r\n\r\n", b"GET /healthz HTTP/9.9\r\n\r\n",
       b"GET /a\x00b HTTP/1.1\r\nHost: x\r\n\r\n", b"GET /a\x01 HTTP/1.1\r\nHost: x\r\n\r\n",
       b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 100000 + b"\r\n\r\n",
       b"POST /api/v1/verify HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
       b"POST /api/v1/verify HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n",
       b"POST /api/v1/verify HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"]
for b in bad:
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    try:
        s.sendall(b)
        s.shutdown(socket.SHUT_WR)
        while s.recv(65536):
            pass
    except OSError:
        pass
    s.close()
s = socket.create_connection(("127.0.0.1", port), timeout=5)
s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
data = b""
while True:
    chunk = s.recv(65536)
    if not chunk:
        break
    data += chunk
sys.exit(0 if data.startswith(b"HTTP/1.1 200") else 1)
EOF

# ---------------------------------------------------------------- access log and stop
grep -q "GET /credentials/$cred 200 " "$tmp/serve.err" || fail "access log lacks the credential GET"
# SIGTERM while a slow upload is in flight: the request completes, then the server exits 0
python3 -c 'import sys
sys.stdout.write("name,email\n")
for i in range(3000):
    sys.stdout.write("Slow %d,slow%d@example.org\n" % (i, i))' >"$tmp/slow.csv"
curl -s -o "$tmp/slow.body" -w '%{http_code}' --limit-rate 25k "${auth[@]}" \
    -H "Content-Type: text/csv" --data-binary @"$tmp/slow.csv" \
    "$SERVE_URL/api/v1/achievements/$ach/awards.csv" >"$tmp/slow.status" &
upload=$!
sleep 1
serve_stop TERM
rc=$?
[ $rc -eq 0 ] || fail "SIGTERM: exit $rc ($(tail -3 "$tmp/serve.err"))"
wait $upload
[ "$(cat "$tmp/slow.status")" = 202 ] ||
    fail "upload in flight at SIGTERM: status $(cat "$tmp/slow.status") $(head -c 200 "$tmp/slow.body")"
grep -qi "ERROR: \(AddressSanitizer\|LeakSanitizer\)" "$tmp/serve.err" && fail "sanitizer report in the server log"
python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
r = c.execute("pragma integrity_check").fetchone()[0]
sys.exit(0 if r == "ok" else 1)' "$data/reco.db" || fail "database integrity_check after SIGTERM"
serve_start "$data" "$port" || fail "restart"
req GET "/credentials/$cred" -H "Accept: application/ld+json"
expect 200 "credential after restart"
serve_stop TERM || fail "second SIGTERM"

if [ $failures -ne 0 ]; then
    echo "$failures failure(s)"
    exit 1
fi
echo "serve_api: all passed"
