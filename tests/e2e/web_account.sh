#!/usr/bin/env bash
# web_account.sh - the account and issuer pages of `reco serve` end to end, with curl and a
# cookie jar on loopback: sign up -> confirm through the link in the outbox -> log in ->
# create an issuer -> create a badge with an uploaded PNG (after a preview) -> award one
# person -> award from a CSV file (job page, per-row report) -> search the awards -> revoke
# with a reason; members and roles; password reset; settings; forged and missing CSRF tokens
# answer 403 in the page's language and change nothing; script in every field comes back
# escaped; six wrong passwords give the rate-limit message.
set -u

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"
. "$here/lib/serve.sh"
e2e_require curl python3
e2e_tmpdir

# page JAR METHOD PATH [CURL ARGS...]: a browser-like request (HTML, English by default).
page() {
    local jar=$1
    shift
    req "$@" -b "$tmp/$jar.jar" -c "$tmp/$jar.jar" -H "Accept: text/html" \
        -H "Accept-Language: ${LANG_HDR:-en}"
}
# latest_link TO PATH: the newest link <base>/PATH/<token> in an e-mail of the outbox to TO.
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
# location: the path of the Location header of the last response.
location() { header Location | sed "s|^$SERVE_URL||"; }

data="$tmp/data"
mkdir -p "$data"
port=$(serve_free_port)
serve_start "$data" "$port" || exit 1

XSS='<script>alert(1)</script>'

# ---------------------------------------------------------------- sign up and confirm
page a GET /signup
expect 200 "sign-up form" && has 'autocomplete="new-password"' "sign-up form"
grep -i '^set-cookie: reco_csrf=[0-9a-f]\{64\};' "$tmp/headers" | grep -q 'HttpOnly' &&
    grep -i '^set-cookie: reco_csrf=' "$tmp/headers" | grep -q 'SameSite=Lax' ||
    fail "the double-submit CSRF cookie is not set as expected: $(grep -i set-cookie "$tmp/headers")"
csrf=$(csrf_of)
[ -n "$csrf" ] || fail "no CSRF token in the sign-up form"
page a POST /signup --data-urlencode "csrf=$csrf" --data-urlencode "email=owner@example.org" \
    --data-urlencode "name=Owner $XSS" --data-urlencode "password=short"
expect 400 "short password refused" && has 'href="#password"' "error summary links the field" &&
    has 'aria-describedby="password-hint password-error"' "error tied to the field"
lacks "$XSS" "sign-up form echoes the name escaped"
page a POST /signup --data-urlencode "csrf=0000" --data-urlencode "email=owner@example.org" \
    --data-urlencode "name=Owner" --data-urlencode "password=a long password 1"
expect 403 "sign up with a forged CSRF token"
page a POST /signup --data-urlencode "csrf=$csrf" --data-urlencode "email=owner@example.org" \
    --data-urlencode "name=Owner $XSS" --data-urlencode "password=a long password 1"
expect 200 "sign up" && has "Check your e-mail" "sign up"
link=$(latest_link owner@example.org confirm)
[ -n "$link" ] || fail "no confirmation link in the outbox"
cat "$data"/outbox/*.eml | grep -q "Pour confirmer votre adresse" || fail "the confirmation e-mail has no French"
page a GET "${link#$SERVE_URL}"
expect 200 "confirmation link" && has "E-mail address confirmed" "confirmation"
page a GET "${link#$SERVE_URL}"
expect 404 "a used confirmation link"

# ---------------------------------------------------------------- log in
page a GET "/login?next=/dashboard/issuers/new"
csrf=$(csrf_of)
page a POST /login --data-urlencode "csrf=$csrf" --data-urlencode "email=Owner@Example.org" \
    --data-urlencode "password=a long password 1" --data-urlencode "next=/dashboard/issuers/new"
expect 303 "log in" && [ "$(location)" = "/dashboard/issuers/new" ] ||
    fail "log in goes to $(location), not next"
cookie=$(grep -i '^set-cookie: reco_session=' "$tmp/headers" | tr -d '\r')
case "$cookie" in
*HttpOnly*SameSite=Lax* | *SameSite=Lax*HttpOnly*) ;;
*) fail "session cookie flags: $cookie" ;;
esac
case "$cookie" in *Path=/*) ;; *) fail "session cookie path: $cookie" ;; esac
page e GET /login
page e POST /login --data-urlencode "csrf=$(csrf_of)" --data-urlencode "email=owner@example.org" \
    --data-urlencode "password=a long password 1" --data-urlencode "next=//evil.example/"
[ "$(location)" = "/dashboard" ] || fail "an outside next is followed: $(location)"
page a GET /dashboard
expect 200 "dashboard" && has "Create an issuer" "dashboard"
lacks "$XSS" "dashboard escapes the user name"
csrf=$(csrf_of)

# ---------------------------------------------------------------- issuer
page a POST /dashboard/issuers --data-urlencode "csrf=$csrf" \
    --data-urlencode "name=Mission locale $XSS" --data-urlencode "url=https://ml.example.org" \
    --data-urlencode "email=contact@ml.example.org" --data-urlencode "description=Desc $XSS"
expect 303 "create issuer"
issuer_path=$(location | sed 's/?.*//')
slug=${issuer_path##*/}
page a GET "$issuer_path"
expect 200 "issuer dashboard" && has "Mission locale &lt;script&gt;alert(1)&lt;/script&gt;" \
    "issuer name escaped" && has "Members and roles" "owner sees members"
lacks "$XSS" "issuer dashboard"

# forged and missing CSRF tokens: 403 in the page's language, nothing changed
page a POST "$issuer_path/profile" --data-urlencode "csrf=$(printf '%064d' 0)" \
    --data-urlencode "name=Hijacked"
expect 403 "forged CSRF token" && has "Form refused" "403 page"
LANG_HDR=fr page z POST /signup --data-urlencode "csrf=$(printf '%064d' 0)" \
    --data-urlencode "email=z@example.org" --data-urlencode "name=Z" --data-urlencode "password=zzzzzzzzzz"
expect 403 "forged CSRF token without a session" && has "Formulaire refusé" "403 page in French"
page a POST "$issuer_path/profile" --data-urlencode "name=Hijacked"
expect 403 "missing CSRF token"
page b POST "$issuer_path/profile" --data-urlencode "csrf=$csrf" --data-urlencode "name=Hijacked"
[ "$STATUS" = 303 ] && [ "$(location | cut -c1-7)" = "/login?" ] ||
    fail "a POST without a session is not sent to log in: $STATUS $(location)"
page a GET "$issuer_path"
lacks "Hijacked" "profile after forged requests"
page a POST "$issuer_path/profile" --data-urlencode "csrf=$csrf" \
    --data-urlencode "name=Mission locale du Pays" --data-urlencode "url=not a url"
expect 400 "bad web site refused" && has 'aria-invalid="true"' "invalid field marked"
page a POST "$issuer_path/profile" --data-urlencode "csrf=$csrf" \
    --data-urlencode "name=Mission locale du Pays" --data-urlencode "url=https://ml.example.org" \
    --data-urlencode "description=Accompagne les jeunes"
expect 303 "profile saved"
page a GET "$issuer_path"
has "Mission locale du Pays" "profile saved"
page a POST "$issuer_path/profile" --data-urlencode "csrf=$csrf" \
    --data-urlencode "name=Mission locale du Pays" --data-urlencode "commune=2901"
expect 400 "a bad INSEE code refused" && has "INSEE code of the commune" "commune error"
page a POST "$issuer_path/profile" --data-urlencode "csrf=$csrf" \
    --data-urlencode "name=Mission locale du Pays" --data-urlencode "commune=29019" \
    --data-urlencode "departement=29" --data-urlencode "region=53" \
    --data-urlencode "postalCode=29200" --data-urlencode "addressLocality=Brest $XSS"
expect 303 "address saved"
page a GET "$issuer_path"
has 'value="29019"' "commune saved" && has 'value="29200"' "postal code saved"
lacks "$XSS" "issuer dashboard with the address"

# ---------------------------------------------------------------- badge with an uploaded PNG
python3 - "$tmp/badge.png" <<'EOF'
import struct, sys, zlib
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
w = h = 16
raw = b"".join(b"\x00" + b"\x20\x60\xc0" * w for _ in range(h))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + \
      chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
EOF
printf '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>' >"$tmp/evil.svg"
page a GET "$issuer_path/badges/new"
expect 200 "badge editor" && has 'enctype="multipart/form-data"' "badge editor"
form=(-F "csrf=$csrf" -F "name=Accueil $XSS" -F "description=Sait accueillir $XSS"
    -F "criteria=- écouter
- **orienter** $XSS" -F "type=ext:PeerRecognition" -F "tags=accueil, $XSS"
    -F "validity=365" -F "align_framework=ROME" -F "align_code=K1801"
    -F "align_name=Conseil en emploi" -F "align_url=https://candidat.francetravail.fr/metierscope/fiche-metier/K1801"
    -F "align_framework=ESCO" -F "align_code=" -F "align_name=" -F "align_url="
    -F "image_mode=upload")
page a POST "$issuer_path/badges" "${form[@]}" -F "image=@$tmp/evil.svg;type=image/svg+xml" \
    -F "action=save"
expect 400 "an SVG with a script is refused" && has "Choose a PNG or SVG image without scripts" \
    "image error"
page a POST "$issuer_path/badges" "${form[@]}" -F "image=@$tmp/badge.png;type=image/png;filename=../../x.png" \
    -F "action=preview"
expect 200 "preview" && has 'src="data:image/png;base64,' "preview shows the upload" &&
    has 'name="image_data"' "the upload is carried"
lacks "$XSS" "preview"
image_data=$(python3 -c 'import re,sys,html
m = re.search(r"name=\"image_data\" value=\"([^\"]*)\"", open(sys.argv[1]).read())
print(html.unescape(m.group(1)) if m else "")' "$tmp/body")
page a POST "$issuer_path/badges" "${form[@]}" --form-string "image_data=$image_data" -F "action=save"
expect 303 "save the badge" || grep -A3 "error-summary\|error-message" "$tmp/body" | head -20
badge_path=$(location | sed 's/?.*//')
badge=${badge_path##*/}
page a GET "/achievements/$badge/image"
[ "$(header Content-Type)" = "image/png" ] && cmp -s "$tmp/body" "$tmp/badge.png" ||
    fail "the uploaded image is not the badge image ($(header Content-Type))"
page a GET "$badge_path"
expect 200 "badge edit page" && has 'value="K1801"' "alignment kept" &&
    has 'value="ext:PeerRecognition" selected' "peer type kept" && has 'value="365"' "validity"
lacks "$XSS" "badge edit page"
# a generated image with a colour, and the live preview image
page a GET "/dashboard/preview.svg?name=Accueil&colour=%23aa3300"
[ "$STATUS" = 200 ] && [ "$(header Content-Type)" = "image/svg+xml" ] && has "#aa3300" "preview colour" ||
    fail "generated preview: $STATUS $(header Content-Type)"

# ---------------------------------------------------------------- award one person
page a GET "$badge_path/award"
expect 200 "award form"
page a POST "$badge_path/award" --data-urlencode "csrf=$csrf" \
    --data-urlencode "recipient=earner@example.org" --data-urlencode "name=Earner $XSS" \
    --data-urlencode "narrative=Très bien $XSS" --data-urlencode "evidence=javascript:alert(1)"
expect 400 "a javascript: evidence URL is refused"
page a POST "$badge_path/award" --data-urlencode "csrf=$csrf" \
    --data-urlencode "recipient=earner@example.org" --data-urlencode "name=Earner $XSS" \
    --data-urlencode "narrative=Très bien $XSS" --data-urlencode "evidence=https://ml.example.org/work"
expect 201 "award one person" && has "Badge awarded" "award"
lacks "$XSS" "award result"
cred=$(python3 -c 'import re,sys
m = re.search(r"/credentials/([A-Za-z0-9_-]+)\"", open(sys.argv[1]).read())
print(m.group(1) if m else "")' "$tmp/body")
[ -n "$cred" ] || fail "no credential link after the award"
[ -n "$(latest_link earner@example.org claim)" ] || fail "no claim e-mail for the earner"

# ---------------------------------------------------------------- award from CSV
printf 'name,email,narrative\nAlice,alice@example.org,ok\nBob,not an email,bad\nChloé <b>,chloe@example.org,ok\n' >"$tmp/awards.csv"
page a POST "$badge_path/csv" -F "csrf=$csrf" -F "csv=@$tmp/awards.csv;type=text/csv"
expect 303 "CSV upload"
job_path=$(location)
done_=0
for i in $(seq 1 100); do
    page a GET "$job_path"
    if ! header Refresh | grep -q .; then
        done_=1
        break
    fi
    sleep 0.2
done
[ $done_ = 1 ] || fail "the job page still refreshes"
# the refresh can be stopped
page a GET "$job_path?stop=1"
header Refresh | grep -q . && fail "?stop=1 still refreshes"
has "Finished: 2 awarded, 1 refused, out of 3 rows." "job report"
has "Refused" "per-row report"
lacks "<b>" "job page"

# ---------------------------------------------------------------- list, search, revoke
page a GET "$issuer_path/awards?q=earner"
expect 200 "award search" && has "earner@example.org" "search" && lacks "alice@example.org" "search"
page a GET "$issuer_path/awards?badge=$badge"
has "3 awards" "badge filter"
has "alice@example.org" "badge filter"
page a GET "/dashboard/credentials/$cred/revoke"
expect 200 "revoke confirmation" && has "Revoke this badge" "revoke"
page a POST "/dashboard/credentials/$cred/revoke" --data-urlencode "csrf=bad" \
    --data-urlencode "reason=forged"
expect 403 "revoke with a forged token"
page a GET "$issuer_path/awards?q=earner"
lacks "Revoked" "nothing revoked by a forged request"
page a POST "/dashboard/credentials/$cred/revoke" --data-urlencode "csrf=$csrf" \
    --data-urlencode "reason="
expect 400 "revoke without a reason"
page a POST "/dashboard/credentials/$cred/revoke" --data-urlencode "csrf=$csrf" \
    --data-urlencode "reason=Erreur de saisie $XSS"
expect 303 "revoke"
page a GET "$issuer_path/awards?q=earner"
has "Revoked" "revoked in the list"
if ! "$RECO_BIN" verify --allow-private-network "$SERVE_URL/credentials/$cred" >"$tmp/verify.out" 2>&1; then
    grep -qi revoked "$tmp/verify.out" || fail "reco verify does not say revoked: $(tail -5 "$tmp/verify.out")"
else
    fail "a revoked credential verifies"
fi

# ---------------------------------------------------------------- members and roles
page m GET /signup
c2=$(csrf_of)
page m POST /signup --data-urlencode "csrf=$c2" --data-urlencode "email=member@example.org" \
    --data-urlencode "name=Member" --data-urlencode "password=another password 2"
expect 200 "second sign up"
page a POST "$issuer_path/members" --data-urlencode "csrf=$csrf" \
    --data-urlencode "email=nobody@example.org" --data-urlencode "role=editor"
expect 400 "unknown member" && has "ask the person to sign up first" "unknown member"
page a POST "$issuer_path/members" --data-urlencode "csrf=$csrf" \
    --data-urlencode "email=member@example.org" --data-urlencode "role=editor"
expect 303 "add a member"
page a GET "$issuer_path"
has "member@example.org" "member listed"
page m GET /login
c2=$(csrf_of)
page m POST /login --data-urlencode "csrf=$c2" --data-urlencode "email=member@example.org" \
    --data-urlencode "password=another password 2"
expect 303 "member logs in"
page m GET "$issuer_path"
expect 200 "editor sees the issuer" && lacks "Members and roles" "editor does not manage members"
page m GET "$issuer_path/badges/new"
expect 200 "editor may create badges"
page a POST "$issuer_path/members" --data-urlencode "csrf=$csrf" \
    --data-urlencode "email=member@example.org" --data-urlencode "remove=1"
expect 303 "remove a member"
page m GET "$issuer_path"
expect 403 "a removed member"

# ---------------------------------------------------------------- settings, log out, reset
page a POST /account --data-urlencode "csrf=$csrf" --data-urlencode "name=Owner" \
    --data-urlencode "locale=fr"
expect 303 "settings saved"
page a GET "$(location)"
has '<html lang="fr">' "the account's language is used" && has "Vos réglages sont enregistrés" "flash"
page a POST /account --data-urlencode "csrf=$csrf" --data-urlencode "name=Owner" \
    --data-urlencode "locale=en"
expect 303 "settings saved again"
page a POST /logout --data-urlencode "csrf=bad"
expect 403 "log out with a forged token"
page a POST /logout --data-urlencode "csrf=$csrf"
expect 303 "log out"
page a GET /dashboard
[ "$STATUS" = 303 ] && [ "$(location)" = "/login?next=%2Fdashboard" ] ||
    fail "after log out the dashboard is not protected: $STATUS $(location)"
page a GET /reset
c3=$(csrf_of)
page a POST /reset --data-urlencode "csrf=$c3" --data-urlencode "email=owner@example.org"
expect 200 "reset request" && has "If an account uses this address" "reset request"
page a POST /reset --data-urlencode "csrf=$c3" --data-urlencode "email=nobody@example.org"
expect 200 "reset request of an unknown e-mail looks the same"
rlink=$(latest_link owner@example.org reset)
[ -n "$rlink" ] || fail "no reset link in the outbox"
page a GET "${rlink#$SERVE_URL}"
expect 200 "reset form"
page a POST "${rlink#$SERVE_URL}" --data-urlencode "csrf=$c3" --data-urlencode "password=new password 3"
expect 200 "new password" && has "Password changed" "reset"
page a POST "${rlink#$SERVE_URL}" --data-urlencode "csrf=$c3" --data-urlencode "password=new password 4"
expect 404 "a used reset link"
page a GET /login
c3=$(csrf_of)
page a POST /login --data-urlencode "csrf=$c3" --data-urlencode "email=owner@example.org" \
    --data-urlencode "password=new password 3"
expect 303 "log in with the new password"

# ---------------------------------------------------------------- rate limit (last: it holds the address)
page r GET /login
c4=$(csrf_of)
for i in 1 2 3 4 5; do
    page r POST /login --data-urlencode "csrf=$c4" --data-urlencode "email=member@example.org" \
        --data-urlencode "password=wrong $i"
    expect 401 "wrong password $i" && has "Wrong e-mail address or password" "wrong password"
done
page r POST /login --data-urlencode "csrf=$c4" --data-urlencode "email=member@example.org" \
    --data-urlencode "password=another password 2"
expect 429 "sixth attempt, right password" && has "Too many failed attempts" "rate limit message"

if [ $failures -gt 0 ]; then
    echo "$failures failure(s)"
    exit 1
fi
echo "web_account: all passed"
