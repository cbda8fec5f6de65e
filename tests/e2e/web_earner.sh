#!/usr/bin/env bash
# web_earner.sh - the earner's and the verifier's pages of `reco serve` end to end, with curl
# and cookie jars on loopback: an award to an e-mail through the API, the claim link read from
# the outbox, sign up with that e-mail, confirm, log in, claim -> in the backpack; an
# unconfirmed account and a second account with another e-mail are refused; public -> the
# share page has Open Graph tags and the LinkedIn link; import of a PNG baked with
# `reco bake`, of a JWT and of a tampered credential (refused); the verify page by upload, URL
# and paste; revocation through the API -> the credential page and the verify page say
# revoked; forged CSRF tokens change nothing; script in every field is escaped.
set -u

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"
. "$here/lib/serve.sh"
e2e_require curl python3
e2e_tmpdir

# page JAR METHOD PATH [CURL ARGS...]: a browser-like request (HTML, English) with a cookie jar.
page() {
    local jar=$1
    shift
    req "$@" -b "$tmp/$jar.jar" -c "$tmp/$jar.jar" -H "Accept: text/html" \
        -H "Accept-Language: en"
}
# latest_link TO PATH: the newest link <base>/PATH/... in an e-mail of the outbox to TO.
latest_link() {
    python3 - "$data/outbox" "$1" "$2" <<'EOF'
import os, re, sys
box, to, path = sys.argv[1:4]
best = None
for name in sorted(os.listdir(box)):
    text = open(os.path.join(box, name), encoding="utf-8", errors="replace").read()
    if re.search(r"^To:.*" + re.escape(to), text, re.M | re.I):
        m = re.search(r"https?://[^\s\"<>]*/" + path + r"/[A-Za-z0-9_-]+", text)
        if m:
            best = m.group(0)
print(best or "")
EOF
}
# account JAR EMAIL NAME: sign up, confirm through the e-mail's link, log in.
account() {
    local jar=$1 email=$2 name=$3 csrf link
    page "$jar" GET /signup
    csrf=$(csrf_of)
    page "$jar" POST /signup --data-urlencode "csrf=$csrf" --data-urlencode "email=$email" \
        --data-urlencode "name=$name" --data-urlencode "password=a long password 1"
    expect 200 "sign up $email" || return 1
    link=$(latest_link "$email" confirm)
    [ -n "$link" ] || { fail "no confirmation e-mail for $email"; return 1; }
    [ "${4:-}" = noconfirm ] || { page "$jar" GET "${link#"$SERVE_URL"}"; expect 200 "confirm $email"; }
    page "$jar" GET /login
    csrf=$(csrf_of)
    page "$jar" POST /login --data-urlencode "csrf=$csrf" --data-urlencode "email=$email" \
        --data-urlencode "password=a long password 1" --data-urlencode "next=/backpack"
    expect 303 "log in $email" || return 1
}

data="$tmp/data"
port=$(serve_free_port)
echo "correct horse battery" | "$RECO_BIN" user add --data "$data" --email issuer@example.org \
    >/dev/null 2>"$tmp/err" || { fail "user add: $(cat "$tmp/err")"; exit 1; }
token=$("$RECO_BIN" token add --data "$data" --email issuer@example.org 2>"$tmp/err" | tail -1)
[ -n "$token" ] || { fail "token add: $(cat "$tmp/err")"; exit 1; }
auth=(-H "Authorization: Bearer $token" -H "Content-Type: application/json")
serve_start "$data" "$port" || { fail "server start"; exit 1; }

# ---------------------------------------------------------------- an issuer, two badges, awards
XSS='<script>alert(1)</script>'
req POST /api/v1/issuers "${auth[@]}" \
    -d "{\"name\":\"Mission $XSS\",\"url\":\"https://example.org\",\"description\":\"Aide <b>$XSS</b>\"}"
expect 201 "issuer" || exit 1
slug=$(jget "$tmp/body" 'd["slug"]')
req POST "/api/v1/issuers/$slug/achievements" "${auth[@]}" \
    -d "{\"name\":\"Accueil $XSS\",\"description\":\"Sait accueillir $XSS\",\"criteria\":{\"narrative\":\"$XSS\"},\"tag\":[\"$XSS\"]}"
expect 201 "badge" || exit 1
ach=$(jget "$tmp/body" 'd["id"]')
ach=${ach##*/}
req POST "/api/v1/achievements/$ach/awards" "${auth[@]}" \
    -d "{\"recipient\":{\"email\":\"earner@example.org\"},\"name\":\"Earner $XSS\",\"narrative\":\"For $XSS\"}"
expect 201 "award to earner" || exit 1
cred_url=$(jget "$tmp/body" 'd["id"]')
cred=${cred_url##*/}
claim=$(latest_link earner@example.org claim)
[ -n "$claim" ] || { fail "no claim link in the outbox"; exit 1; }
[ "$claim" = "$(jget "$tmp/body" 'd["claimUrl"]')" ] || fail "outbox claim link differs from the API's"
claim_path=${claim#"$SERVE_URL"}

# ---------------------------------------------------------------- public pages
for p in / /issuers /badges /verify "/issuers/$slug" "/achievements/$ach" "/credentials/$cred" \
    "$claim_path"; do
    page anon GET "$p"
    expect 200 "page $p" || continue
    header Content-Type | grep -q '^text/html' || fail "$p: Content-Type $(header Content-Type)"
    lacks "$XSS" "$p escapes script"
    grep -q '<h1' "$tmp/body" || fail "$p has no h1"
    python3 - "$tmp/body" "$p" <<'EOF' || fail "accessibility of $p"
import re, sys
html, p = open(sys.argv[1]).read(), sys.argv[2]
bad = []
for m in re.finditer(r"<img\b[^>]*>", html):
    if "alt=" not in m.group(0):
        bad.append("img without alt")
ids = set(re.findall(r"<label for=\"([^\"]+)\"", html))
for m in re.finditer(r"<(input|textarea|select)\b([^>]*)>", html):
    attrs = m.group(2)
    if re.search(r"type=\"(hidden|submit)\"", attrs):
        continue
    i = re.search(r"id=\"([^\"]+)\"", attrs)
    if not i or i.group(1) not in ids:
        bad.append("control without a label: " + m.group(0)[:80])
levels = [int(h) for h in re.findall(r"<h([1-6])\b", html)]
for a, b in zip(levels, levels[1:]):
    if b > a + 1:
        bad.append("heading h%d after h%d" % (b, a))
if bad:
    print(p, bad)
    sys.exit(1)
EOF
done
page anon GET "/issuers/$slug"
has "Mission &lt;script&gt;alert(1)&lt;/script&gt;" "issuer page shows the name as text"
has "/achievements/$ach" "issuer page links its badge"
page anon GET "/credentials/$cred"
has "Valid badge" "credential page verification panel"
has "Not revoked" "credential page status"
req GET "/credentials/$cred" -H "Accept: application/ld+json"
[ "$(jget "$tmp/body" 'd["id"]')" = "$cred_url" ] || fail "JSON-LD at the same URL"
page anon GET /
has 'action="/verify"' "home has a verify form"
has "/issuers/$slug" "home lists the issuer"
page anon GET "/?lang=fr"
has "Vérifier un badge" "home in French"
page anon GET "/?lang=en"

# ---------------------------------------------------------------- claim: refusals, then the earner
page anon GET "$claim_path"
has "/login?next=" "claim page offers to log in with a return path"
has "/signup" "claim page offers to sign up"

account other other@example.org "Other $XSS" || exit 1
page other GET "$claim_path"
csrf=$(csrf_of)
[ -n "$csrf" ] || fail "claim page of a signed-in user has no form"
page other POST "$claim_path" --data-urlencode "csrf=$csrf"
expect 403 "claim by another e-mail"
has "awarded to another e-mail address" "refusal of another e-mail, in words"
page other POST "$claim_path" --data-urlencode "csrf=0000000000000000000000000000000000000000000000000000000000000000"
expect 403 "claim with a forged CSRF token"

account earner earner@example.org "Earner $XSS" noconfirm || exit 1
page earner GET "$claim_path"
csrf=$(csrf_of)
page earner POST "$claim_path" --data-urlencode "csrf=$csrf"
expect 403 "claim before confirming the e-mail"
has "Confirm your e-mail address first" "refusal of an unconfirmed account"
link=$(latest_link earner@example.org confirm)
page earner GET "${link#"$SERVE_URL"}"
expect 200 "confirm earner"
page earner POST "$claim_path" --data-urlencode "csrf=$csrf"
expect 303 "claim" && [ "$(header Location)" = "/backpack?done=claimed" ] ||
    fail "claim redirect: $(header Location)"
page earner GET /backpack
expect 200 "backpack"
has "Accueil &lt;script&gt;alert(1)&lt;/script&gt;" "claimed badge in the backpack"
has "Private" "claimed badge is private"
lacks "$XSS" "backpack escapes script"
page earner POST "$claim_path" --data-urlencode "csrf=$csrf"
expect 409 "claim twice"
page other GET /backpack
lacks "/share/$cred" "another account's backpack"

# ---------------------------------------------------------------- public, share, LinkedIn
page anon GET "/share/$cred"
expect 404 "share page of a private badge"
page earner GET /backpack
csrf=$(csrf_of)
page earner POST "/backpack/$cred/visibility" --data-urlencode "csrf=${csrf%?}0" -d public=1
expect 403 "visibility with a forged CSRF token"
page anon GET "/share/$cred"
expect 404 "still private after the forged request"
page other GET /backpack
page other POST "/backpack/$cred/visibility" --data-urlencode "csrf=$(csrf_of)" -d public=1
expect 404 "another account makes it public"
page earner POST "/backpack/$cred/visibility" --data-urlencode "csrf=$csrf" -d public=1
expect 303 "make public"
page anon GET "/share/$cred"
expect 200 "share page"
for p in og:title og:description og:image og:url; do
    grep -q "<meta property=\"$p\" content=\"[^\"]" "$tmp/body" || fail "share page lacks $p"
done
grep -q "<meta property=\"og:url\" content=\"$SERVE_URL/share/$cred\"" "$tmp/body" ||
    fail "og:url is not the share URL"
grep -q "<meta property=\"og:image\" content=\"$SERVE_URL/" "$tmp/body" || fail "og:image not absolute"
has "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&amp;name=Accueil%20%3Cscript%3E" "LinkedIn link"
for k in organizationName issueYear issueMonth certUrl certId; do
    has "&amp;$k=" "LinkedIn link has $k"
done
has "certUrl=http%3A%2F%2F127.0.0.1%3A$port%2Fshare%2F$cred" "LinkedIn certUrl"
lacks "$XSS" "share page escapes script"
req GET "/credentials/$cred.json"
expect 200 "download JSON"
req GET "/credentials/$cred.svg"
expect 200 "download the baked SVG"

# ---------------------------------------------------------------- import: PNG, JWT, tampered
python3 - "$tmp/plain.png" <<'EOF'
import struct, sys, zlib
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)) \
    + chunk(b"IDAT", zlib.compress(b"\x00\x80")) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
EOF
req POST "/api/v1/achievements/$ach/awards" "${auth[@]}" \
    -d '{"recipient":{"email":"someone@example.org"},"format":"jwt"}'
expect 201 "award with a JWT"
jwt=$(jget "$tmp/body" 'd.get("jwt", "")')
cred2_url=$(jget "$tmp/body" 'd["id"]')
curl -s -H "Accept: application/ld+json" -o "$tmp/cred2.json" "$cred2_url"
"$RECO_BIN" bake --credential "$tmp/cred2.json" --image "$tmp/plain.png" --out "$tmp/baked.png" \
    2>"$tmp/err" || fail "reco bake: $(cat "$tmp/err")"
page other GET /backpack
csrf=$(csrf_of)
page other POST /backpack/import -F "csrf=$csrf" -F "file=@$tmp/baked.png;type=image/png"
expect 303 "import a baked PNG"
if [ -n "$jwt" ]; then
    page other POST /backpack/import -F "csrf=$csrf" -F "text=$jwt"
    expect 303 "import a pasted JWT"
else
    fail "the award gave no JWT"
fi
page other POST /backpack/import -F "csrf=$csrf" -F "url=$cred2_url"
expect 303 "import by address"
page other GET "/backpack?done=imported"
has "passed verification" "flash after an import"
n=$(grep -c '/backpack/[A-Za-z0-9]*/download' "$tmp/body")
[ "$n" -ge 3 ] || fail "backpack lists $n imported badges, expected 3"
python3 -c 'import json, sys
c = json.load(open(sys.argv[1])); c["name"] = "Forged"; json.dump(c, open(sys.argv[2], "w"))' \
    "$tmp/cred2.json" "$tmp/forged.json"
page other POST /backpack/import -F "csrf=$csrf" -F "file=@$tmp/forged.json;type=application/json"
expect 400 "import a tampered credential"
has "did not pass verification" "tampered import refused in words"
has "Failed" "the refused import shows its report"
page other POST /backpack/import -F "csrf=$csrf" -F "file=@$tmp/plain.png;type=image/png"
expect 400 "import an image without a badge"
page other GET /backpack
n2=$(grep -c '/backpack/[A-Za-z0-9]*/download' "$tmp/body")
[ "$n2" = "$n" ] || fail "refused imports were stored ($n2 != $n)"
page other POST /backpack/import -F "csrf=bad" -F "file=@$tmp/baked.png;type=image/png"
expect 403 "import with a forged CSRF token"

# ---------------------------------------------------------------- verify page: upload, URL, paste
page visitor GET /verify
csrf=$(csrf_of)
[ -n "$csrf" ] || fail "verify page has no CSRF token"
page visitor POST /verify -F "csrf=$csrf" -F "file=@$tmp/baked.png;type=image/png"
expect 200 "verify an upload" && has "Valid badge" "verify an upload"
page visitor POST /verify -F "csrf=$csrf" -F "url=$cred_url"
expect 200 "verify a URL" && has "Valid badge" "verify a URL"
page visitor POST /verify --data-urlencode "csrf=$csrf" --data-urlencode "text@$tmp/cred2.json"
expect 200 "verify pasted JSON" && has "Valid badge" "verify pasted JSON"
page visitor POST /verify --data-urlencode "csrf=$csrf" --data-urlencode "text=not a badge"
expect 200 "verify junk (a report, as reco verify gives)"
has "This badge could not be verified" "verify junk, in words"
page visitor POST /verify --data-urlencode "csrf=$csrf" --data-urlencode "text="
expect 400 "verify nothing"
has "Choose a file, enter an address or paste a badge" "verify nothing, in words"
page visitor POST /verify --data-urlencode "csrf=forged" --data-urlencode "text@$tmp/cred2.json"
expect 403 "verify with a forged CSRF token"
"$RECO_BIN" verify --allow-private-network "$cred_url" >"$tmp/cli.txt" 2>&1 ||
    fail "reco verify of the credential: $(tail -3 "$tmp/cli.txt")"

# ---------------------------------------------------------------- revocation
req POST "/api/v1/credentials/$cred/revoke" "${auth[@]}" -d "{\"reason\":\"Erreur $XSS\"}"
case "$STATUS" in 200 | 204) ;; *) fail "revoke: status $STATUS: $(head -c 300 "$tmp/body")" ;; esac
page anon GET "/credentials/$cred"
expect 200 "credential page after revocation"
has "This badge has been revoked by its issuer." "credential page says revoked"
has "This badge could not be verified" "credential page report after revocation"
lacks "$XSS" "revocation reason escaped"
page visitor POST /verify -F "csrf=$csrf" -F "url=$cred_url"
expect 200 "verify a revoked URL"
has "This badge could not be verified" "verify page says it does not verify"
python3 - "$tmp/body" <<'EOF' || fail "verify page: the status check of a revoked badge is not failed"
import re, sys
html = open(sys.argv[1]).read()
m = re.search(r"<tr class=\"check check-(\w+)\" data-check=\"status\">", html)
sys.exit(0 if m and m.group(1) == "failed" else 1)
EOF
has "revoked" "verify page names the revocation"
page anon GET "/share/$cred"
has "This badge has been revoked by its issuer." "share page says revoked"

# ---------------------------------------------------------------- French refusals
page other GET "$claim_path?lang=fr"
has "Vous avez reçu un badge" "claim page in French"

serve_stop TERM || fail "server exit status"
if [ "$failures" -gt 0 ]; then
    echo "$failures failure(s)"
    exit 1
fi
echo "ok"
