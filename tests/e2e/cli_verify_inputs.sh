#!/usr/bin/env bash
# cli_verify_inputs.sh - `reco verify` over every form a badge takes, through the one pipeline:
# credentials issued with each proof (eddsa-rdfc-2022, eddsa-jcs-2022, VC-JWT with Ed25519 and
# RSA) read from a file, from '-', baked in PNG and SVG, fetched by URL from a loopback server;
# hostile JWT headers (alg none, crit); dates with --at; --recipient; a did:web key served
# locally, and refused with --offline; a proof set with a broken member; endorsements (embedded
# and as a JWT) nested in --json; many inputs with one JSON object each.
# JSON is read and edited with python3.
set -u

: "${RECO_BIN:?RECO_BIN must name the reco binary}"
if [ ! -x "$RECO_BIN" ]; then
    echo "skip: $RECO_BIN is not built"
    exit 77
fi
if ! command -v python3 >/dev/null; then
    echo "skip: python3 is needed to edit JSON and serve files in this test"
    exit 77
fi

tmp=$(mktemp -d)
server_pid=
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
failures=0

fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

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
        fail "$what: exit $got, expected $want (stdout: $(head -c 600 "$tmp/out") stderr: $(head -c 300 "$tmp/err"))"
        return 1
    fi
    return 0
}

# has CHECK STATUS DESCRIPTION: the JSON report in $tmp/out has a check CHECK with STATUS.
has() {
    grep -q "\"name\":\"$1\",\"status\":\"$2\"" "$tmp/out" || fail "$3: no $2 '$1' check in $(head -c 800 "$tmp/out")"
}

# py CODE: run python3 with CODE (sys, json, base64 imported).
py() {
    python3 -c "import sys, json, base64
$1" "${@:2}"
}

ach="$tmp/ach.json"
cat >"$ach" <<'EOF'
{"id": "https://example.org/achievements/web", "type": ["Achievement"], "name": "Web basics",
 "description": "Builds and publishes a web page.", "criteria": {"narrative": "Publish a page."}}
EOF

expect_exit 0 "keygen ed25519" -- "$RECO_BIN" keygen --out "$tmp/ed.key"
expect_exit 0 "keygen second ed25519" -- "$RECO_BIN" keygen --out "$tmp/ed2.key"
did2=$(grep -o 'did:key:z[1-9A-HJ-NP-Za-km-z]*' "$tmp/out" | head -1)
expect_exit 0 "keygen rsa" -- "$RECO_BIN" keygen --type rsa --out "$tmp/rsa.key"

# ---------------------------------------------------------------- each proof kind, file and '-'
expect_exit 0 "issue rdfc" -- "$RECO_BIN" issue --key "$tmp/ed.key" --achievement "$ach" \
    --subject did:example:alice --out "$tmp/rdfc.json"
grep -q '"cryptosuite": "eddsa-rdfc-2022"' "$tmp/rdfc.json" || fail "issue: eddsa-rdfc-2022 is not the default"
expect_exit 0 "issue jcs" -- "$RECO_BIN" issue --key "$tmp/ed.key" --achievement "$ach" \
    --subject alice@example.org --proof eddsa-jcs-2022 --out "$tmp/jcs.json"
expect_exit 0 "issue vc-jwt ed25519" -- "$RECO_BIN" issue --key "$tmp/ed.key" --achievement "$ach" \
    --subject did:example:alice --proof vc-jwt --out "$tmp/ed.jwt"
expect_exit 0 "issue vc-jwt rsa" -- "$RECO_BIN" issue --key "$tmp/rsa.key" --achievement "$ach" \
    --subject did:example:alice --proof vc-jwt --out "$tmp/rsa.jwt"
head -c 20 "$tmp/rsa.jwt" | grep -q '^eyJ' || fail "issue --proof vc-jwt: not a compact JWT"
py 'h=json.loads(base64.urlsafe_b64decode(open(sys.argv[1]).read().split(".")[0]+"=="))
assert h["alg"]=="RS256" and h["kid"].startswith("did:jwk:"), h' "$tmp/rsa.jwt" ||
    fail "vc-jwt rsa: header is not RS256 with a did:jwk kid"

for f in rdfc.json jcs.json; do
    expect_exit 0 "verify $f" -- "$RECO_BIN" verify --json "$tmp/$f" &&
        grep -q '"kind":"ob3-data-integrity"' "$tmp/out" || fail "verify $f: kind"
done
for f in ed.jwt rsa.jwt; do
    expect_exit 0 "verify $f" -- "$RECO_BIN" verify --json "$tmp/$f" &&
        grep -q '"kind":"ob3-vc-jwt"' "$tmp/out" || fail "verify $f: kind"
done
has jwt-claims passed "verify rsa.jwt"
grep -q '"achievement":"Web basics"' "$tmp/out" || fail "verify rsa.jwt: no achievement in the summary"
expect_exit 0 "verify - (JSON)" -- sh -c "'$RECO_BIN' verify --json - < '$tmp/rdfc.json'"
grep -q '"input":"-"' "$tmp/out" || fail "verify -: input not named '-'"
expect_exit 0 "verify - (JWT)" -- sh -c "'$RECO_BIN' verify --json - < '$tmp/ed.jwt'"
expect_exit 0 "sign --proof vc-jwt" -- "$RECO_BIN" sign --key "$tmp/ed.key" --proof vc-jwt \
    --out "$tmp/signed.jwt" "$tmp/rdfc.json"
expect_exit 0 "verify a signed JWT around a Data Integrity credential" -- "$RECO_BIN" verify \
    --json "$tmp/signed.jwt"

# ---------------------------------------------------------------- baked images
py 'import zlib, struct
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)) \
    + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)' "$tmp/base.png"
printf '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><rect width="1" height="1"/></svg>\n' >"$tmp/base.svg"
expect_exit 0 "bake png" -- "$RECO_BIN" bake --credential "$tmp/rdfc.json" --image "$tmp/base.png" --out "$tmp/b.png"
expect_exit 0 "bake svg (jwt)" -- "$RECO_BIN" bake --credential "$tmp/ed.jwt" --image "$tmp/base.svg" --out "$tmp/b.svg"
expect_exit 0 "verify baked png" -- "$RECO_BIN" verify --json "$tmp/b.png"
has baked passed "verify baked png"
grep -q '"kind":"ob3-data-integrity"' "$tmp/out" || fail "baked png: kind"
expect_exit 0 "verify baked svg" -- "$RECO_BIN" verify --json "$tmp/b.svg"
grep -q '"kind":"ob3-vc-jwt"' "$tmp/out" || fail "baked svg: kind"
expect_exit 0 "verify baked png from -" -- sh -c "'$RECO_BIN' verify - < '$tmp/b.png'"
expect_exit 1 "verify an image without a credential" -- "$RECO_BIN" verify --json "$tmp/base.png"
has baked failed "image without credential"
head -c 40 "$tmp/b.png" >"$tmp/trunc.png"
expect_exit 1 "verify a truncated png" -- "$RECO_BIN" verify --json "$tmp/trunc.png"

# ---------------------------------------------------------------- hostile JWT headers
py 'p=open(sys.argv[1]).read().strip().split(".")
enc=lambda o: base64.urlsafe_b64encode(json.dumps(o).encode()).decode().rstrip("=")
open(sys.argv[2],"w").write(enc({"alg":"none","typ":"JWT"})+"."+p[1]+".")
open(sys.argv[3],"w").write(enc({"alg":"none","typ":"JWT"})+"."+p[1]+"."+p[2])
h=json.loads(base64.urlsafe_b64decode(p[0]+"=="))
h["crit"]=["exp"]
open(sys.argv[4],"w").write(enc(h)+"."+p[1]+"."+p[2])
h=json.loads(base64.urlsafe_b64decode(p[0]+"==")); h["alg"]="HS256"
open(sys.argv[5],"w").write(enc(h)+"."+p[1]+"."+p[2])' \
    "$tmp/ed.jwt" "$tmp/none.jwt" "$tmp/none2.jwt" "$tmp/crit.jwt" "$tmp/hs.jwt"
expect_exit 1 "verify alg none (empty signature)" -- "$RECO_BIN" verify --json "$tmp/none.jwt"
expect_exit 1 "verify alg none" -- "$RECO_BIN" verify --json "$tmp/none2.jwt"
has jwt failed "alg none"
grep -q 'alg none' "$tmp/out" || fail "alg none: the message does not say so"
expect_exit 1 "verify crit header" -- "$RECO_BIN" verify --json "$tmp/crit.jwt"
has jwt failed "crit header"
expect_exit 1 "verify HS256" -- "$RECO_BIN" verify --json "$tmp/hs.jwt"
has jwt failed "HS256"

# ---------------------------------------------------------------- dates, recipient
expect_exit 0 "issue dated" -- "$RECO_BIN" issue --key "$tmp/ed.key" --achievement "$ach" \
    --subject did:example:alice --valid-from 2024-01-01 --valid-until 2030-01-01 --out "$tmp/dated.json"
expect_exit 1 "verify --at before validFrom" -- "$RECO_BIN" verify --json --at 2023-06-01T00:00:00Z "$tmp/dated.json"
has valid-from failed "before validFrom"
expect_exit 1 "verify --at after validUntil" -- "$RECO_BIN" verify --json --at 2031-06-01T00:00:00Z "$tmp/dated.json"
has valid-until failed "after validUntil"
expect_exit 0 "verify --at inside" -- "$RECO_BIN" verify --json --at 2025-06-01T00:00:00Z "$tmp/dated.json"
grep -q '"valid-until":"2030-01-01T00:00:00Z"' "$tmp/out" || fail "dated: valid-until not in the summary"
expect_exit 0 "issue dated jwt" -- "$RECO_BIN" issue --key "$tmp/ed.key" --achievement "$ach" \
    --subject did:example:alice --valid-from 2024-01-01 --valid-until 2030-01-01 --proof vc-jwt --out "$tmp/dated.jwt"
expect_exit 1 "verify jwt --at after exp" -- "$RECO_BIN" verify --json --at 2031-06-01T00:00:00Z "$tmp/dated.jwt"
has valid-until failed "jwt after validUntil"
expect_exit 0 "verify --recipient right e-mail" -- "$RECO_BIN" verify --json --recipient alice@example.org "$tmp/jcs.json"
has recipient passed "right recipient"
expect_exit 1 "verify --recipient wrong e-mail" -- "$RECO_BIN" verify --json --recipient bob@example.org "$tmp/jcs.json"
has recipient failed "wrong recipient"
expect_exit 0 "verify --recipient right DID (jwt)" -- "$RECO_BIN" verify --json --recipient did:example:alice "$tmp/rsa.jwt"
expect_exit 1 "verify --recipient wrong DID" -- "$RECO_BIN" verify --json --recipient did:example:bob "$tmp/rdfc.json"

# ---------------------------------------------------------------- a local server: URL and did:web
mkdir -p "$tmp/www/.well-known"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
(cd "$tmp/www" && exec python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1) &
server_pid=$!
for _ in $(seq 1 100); do
    python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/')" 2>/dev/null && break
    sleep 0.1
done
cp "$tmp/rdfc.json" "$tmp/www/cred.json"
cp "$tmp/b.png" "$tmp/www/badge.png"
expect_exit 0 "verify a URL" -- "$RECO_BIN" verify --json --allow-private-network "http://127.0.0.1:$port/cred.json"
grep -q "\"input\":\"http://127.0.0.1:$port/cred.json\"" "$tmp/out" || fail "verify URL: input not named by its URL"
expect_exit 0 "verify a URL of a baked image" -- "$RECO_BIN" verify --json --allow-private-network "http://127.0.0.1:$port/badge.png"
has baked passed "URL of a baked image"
expect_exit 1 "verify a loopback URL without --allow-private-network" -- "$RECO_BIN" verify --json "http://127.0.0.1:$port/cred.json"
has fetch failed "loopback refused"
expect_exit 1 "verify a URL --offline" -- "$RECO_BIN" verify --json --offline "http://127.0.0.1:$port/cred.json"
has fetch not-checked "URL offline"
expect_exit 1 "verify a missing URL" -- "$RECO_BIN" verify --json --allow-private-network "http://127.0.0.1:$port/nothing.json"

# did:web:127.0.0.1%3APORT -> http://127.0.0.1:PORT/.well-known/did.json (loopback: plain http).
webdid="did:web:127.0.0.1%3A$port"
mk=$(grep -o 'did:key:z[1-9A-HJ-NP-Za-km-z]*' <("$RECO_BIN" keygen --out "$tmp/web.key") | head -1)
mk=${mk#did:key:}
py 'd, mk = sys.argv[1], sys.argv[2]
doc = {"@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
       "id": d, "verificationMethod": [{"id": d + "#key-1", "type": "Multikey", "controller": d,
       "publicKeyMultibase": mk}], "assertionMethod": [d + "#key-1"]}
open(sys.argv[3], "w").write(json.dumps(doc))
c = json.load(open(sys.argv[4])); del c["proof"]; c["issuer"]["id"] = d
open(sys.argv[5], "w").write(json.dumps(c))' "$webdid" "$mk" "$tmp/www/.well-known/did.json" \
    "$tmp/rdfc.json" "$tmp/web-unsigned.json"
expect_exit 0 "sign with a did:web method" -- "$RECO_BIN" sign --key "$tmp/web.key" \
    --verification-method "$webdid#key-1" --out "$tmp/web.json" "$tmp/web-unsigned.json"
expect_exit 0 "verify a did:web credential" -- "$RECO_BIN" verify --json --allow-private-network "$tmp/web.json"
has issuer-key passed "did:web"
expect_exit 1 "verify a did:web credential --offline" -- "$RECO_BIN" verify --json --offline "$tmp/web.json"
has proof not-checked "did:web offline"
has issuer-key not-checked "did:web offline"
expect_exit 0 "sign a JWT with a did:web kid" -- "$RECO_BIN" sign --key "$tmp/web.key" --proof vc-jwt \
    --verification-method "$webdid#key-1" --out "$tmp/web.jwt" "$tmp/web-unsigned.json"
expect_exit 0 "verify a did:web JWT" -- "$RECO_BIN" verify --json --allow-private-network "$tmp/web.jwt"
expect_exit 1 "verify a did:web JWT --offline" -- "$RECO_BIN" verify --json --offline "$tmp/web.jwt"
has proof not-checked "did:web JWT offline"

# A status list served locally: BitstringStatusListCredential signed by the issuer's key.
issuer_did=$(py 'print(json.load(open(sys.argv[1]))["issuer"]["id"])' "$tmp/rdfc.json")
mkdir -p "$tmp/www/status"
make_list() { # make_list BIT-SET(0|1): the list with entry 5 set or clear, signed
    py 'import gzip
url, did, on = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
bits = bytearray(16384)
if on: bits[0] |= 0x80 >> 5
enc = "u" + base64.urlsafe_b64encode(gzip.compress(bytes(bits))).decode().rstrip("=")
c = {"@context": ["https://www.w3.org/ns/credentials/v2"], "id": url,
     "type": ["VerifiableCredential", "BitstringStatusListCredential"], "issuer": did,
     "validFrom": "2024-01-01T00:00:00Z",
     "credentialSubject": {"id": url + "#list", "type": "BitstringStatusList",
                           "statusPurpose": "revocation", "encodedList": enc}}
open(sys.argv[4], "w").write(json.dumps(c))' "http://127.0.0.1:$port/status/1" "$issuer_did" "$1" "$tmp/list-unsigned.json"
    "$RECO_BIN" sign --key "$tmp/ed.key" --out "$tmp/www/status/1" "$tmp/list-unsigned.json"
}
make_list 0 || fail "cannot sign the status list"
expect_exit 0 "issue with a status list entry" -- "$RECO_BIN" issue --key "$tmp/ed.key" --achievement "$ach" \
    --subject did:example:alice --status-list "http://127.0.0.1:$port/status/1#5" --out "$tmp/status.json"
expect_exit 0 "verify a credential whose status is clear" -- "$RECO_BIN" verify --json --allow-private-network "$tmp/status.json"
has status passed "status clear"
expect_exit 0 "verify a status --offline (not-checked, not invalid)" -- "$RECO_BIN" verify --json --offline "$tmp/status.json"
has status not-checked "status offline"
make_list 1 || fail "cannot sign the status list"
expect_exit 1 "verify a revoked credential" -- "$RECO_BIN" verify --json --allow-private-network "$tmp/status.json"
has status failed "revoked"
grep -q 'revoked' "$tmp/out" || fail "revoked: the message does not say so"
# The list itself as the input, by file and by URL (Bitstring Status List v1.0 §2.2): kind
# status-list, its proof and issuer key, and the summary (purpose, entries, set bits).
expect_exit 0 "verify the status list file" -- "$RECO_BIN" verify --json --offline "$tmp/www/status/1"
has status-list passed "status list file"
has issuer-key passed "status list file"
py 'r = json.load(open(sys.argv[1]))
s = r["summary"]
assert r["kind"] == "status-list" and r["valid"], r
assert s["purpose"] == "revocation" and s["entries"] == "131072" and s["set-bits"] == "1", s' "$tmp/out" ||
    fail "status list file: kind, validity or summary"
expect_exit 0 "verify the status list by URL" -- "$RECO_BIN" verify --json --allow-private-network "http://127.0.0.1:$port/status/1"
grep -q '"kind":"status-list"' "$tmp/out" || fail "status list by URL: kind"
py 'c = json.load(open(sys.argv[1])); c["credentialSubject"]["statusPurpose"] = "suspension"
open(sys.argv[2], "w").write(json.dumps(c))' "$tmp/www/status/1" "$tmp/list-altered.json"
expect_exit 1 "verify an altered status list" -- "$RECO_BIN" verify --json --offline "$tmp/list-altered.json"
has proof failed "altered status list"

# Open Badges 2.0: a hosted assertion, its BadgeClass and Issuer served locally; by URL, as a
# file, and baked (iTXt "openbadges") in a PNG as the assertion's URL.
base="http://127.0.0.1:$port/ob2"
mkdir -p "$tmp/www/ob2"
cp "$tmp/base.png" "$tmp/www/ob2/badge.png"
py 'base = sys.argv[1]; d = sys.argv[2]
ctx = "https://w3id.org/openbadges/v2"
docs = {
 "assertion.json": {"@context": ctx, "type": "Assertion", "id": base + "/assertion.json",
   "recipient": {"type": "email", "hashed": False, "identity": "earner@example.org"},
   "badge": base + "/badge.json", "verification": {"type": "hosted"},
   "issuedOn": "2024-01-01T00:00:00Z"},
 "badge.json": {"@context": ctx, "type": "BadgeClass", "id": base + "/badge.json",
   "name": "Hosted 2.0 badge", "description": "A badge.", "image": base + "/badge.png",
   "criteria": {"narrative": "Do it."}, "issuer": base + "/issuer.json"},
 "issuer.json": {"@context": ctx, "type": "Issuer", "id": base + "/issuer.json",
   "name": "Local issuer", "url": "http://127.0.0.1/", "email": "issuer@example.org"}}
for name, doc in docs.items():
    open(d + "/" + name, "w").write(json.dumps(doc))' "$base" "$tmp/www/ob2"
expect_exit 0 "verify an OB 2.0 hosted assertion by URL" -- "$RECO_BIN" verify --json \
    --allow-private-network --recipient earner@example.org "$base/assertion.json"
grep -q '"kind":"ob2-hosted"' "$tmp/out" || fail "ob2 by URL: kind"
has recipient passed "ob2 recipient"
expect_exit 0 "verify an OB 2.0 hosted assertion from a file" -- "$RECO_BIN" verify --json \
    --allow-private-network "$tmp/www/ob2/assertion.json"
grep -q '"kind":"ob2-hosted"' "$tmp/out" || fail "ob2 file: kind"
printf '%s\n' "$base/assertion.json" >"$tmp/ob2-url.txt"
expect_exit 0 "bake an OB 2.0 URL" -- "$RECO_BIN" bake --ob2 --credential "$tmp/ob2-url.txt" \
    --image "$tmp/base.png" --out "$tmp/ob2.png"
expect_exit 0 "verify a PNG baked with an OB 2.0 URL" -- "$RECO_BIN" verify --json \
    --allow-private-network "$tmp/ob2.png"
grep -q '"kind":"ob2-hosted"' "$tmp/out" || fail "ob2 png: kind"
expect_exit 1 "verify an OB 2.0 hosted assertion --offline" -- "$RECO_BIN" verify --json \
    --offline "$base/assertion.json"

# ---------------------------------------------------------------- proof sets
expect_exit 0 "co-sign" -- "$RECO_BIN" sign --key "$tmp/ed2.key" --out "$tmp/set.json" "$tmp/rdfc.json"
expect_exit 0 "verify a co-signed proof set" -- "$RECO_BIN" verify --json "$tmp/set.json"
grep -q 'co-signature' "$tmp/out" || fail "proof set: the second proof is not called a co-signature"
py 'c = json.load(open(sys.argv[1])); p = c["proof"][1]
v = p["proofValue"]; p["proofValue"] = v[:10] + ("A" if v[10] != "A" else "B") + v[11:]
open(sys.argv[2], "w").write(json.dumps(c))' "$tmp/set.json" "$tmp/set-broken.json"
expect_exit 1 "verify a proof set with a broken member" -- "$RECO_BIN" verify --json "$tmp/set-broken.json"
has proof failed "broken proof set member"
has proof passed "broken proof set: the issuer's proof still verifies"

# ---------------------------------------------------------------- endorsements
py 'd, cred = sys.argv[1], json.load(open(sys.argv[2]))
e = {"@context": ["https://www.w3.org/ns/credentials/v2",
                  "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
     "id": "urn:uuid:5c4d8a2e-8f5e-4c1b-9c39-0e4b6c7f0a11",
     "type": ["VerifiableCredential", "EndorsementCredential"], "name": "Endorsement",
     "issuer": {"id": d, "type": ["Profile"]}, "validFrom": "2024-01-01T00:00:00Z",
     "credentialSubject": {"id": cred["id"], "type": ["EndorsementSubject"],
                           "endorsementComment": "Well run."}}
open(sys.argv[3], "w").write(json.dumps(e))' "$did2" "$tmp/rdfc.json" "$tmp/e-unsigned.json"
expect_exit 0 "sign the endorsement" -- "$RECO_BIN" sign --key "$tmp/ed2.key" --out "$tmp/e.json" "$tmp/e-unsigned.json"
expect_exit 0 "sign the endorsement as a JWT" -- "$RECO_BIN" sign --key "$tmp/ed2.key" --proof vc-jwt \
    --out "$tmp/e.jwt" "$tmp/e-unsigned.json"
py 'c = json.load(open(sys.argv[1])); del c["proof"]
c["endorsement"] = [json.load(open(sys.argv[2]))]
c["endorsementJwt"] = [open(sys.argv[3]).read().strip()]
open(sys.argv[4], "w").write(json.dumps(c))' "$tmp/rdfc.json" "$tmp/e.json" "$tmp/e.jwt" "$tmp/end-unsigned.json"
# The OB 3.0.3 JSON-LD context does not define endorsementJwt, so RDFC (safe mode) refuses the
# document: JCS signs it.
expect_exit 0 "sign the endorsed credential" -- "$RECO_BIN" sign --key "$tmp/ed.key" \
    --proof eddsa-jcs-2022 --out "$tmp/endorsed.json" "$tmp/end-unsigned.json"
expect_exit 0 "verify an endorsed credential" -- "$RECO_BIN" verify --json "$tmp/endorsed.json"
has endorsements passed "endorsed"
py 'r = json.loads(open(sys.argv[1]).read())
n = {x["label"]: x for x in r["nested"]}
a = n["endorsement 1 of the credential"]; b = n["endorsement 2 of the credential"]
assert a["valid"] and a["kind"] == "ob3-data-integrity", a
assert b["valid"] and b["kind"] == "ob3-vc-jwt", b
assert a["summary"]["endorser"] == sys.argv[2], a' "$tmp/out" "$did2" ||
    fail "endorsements: not nested, valid, with kind and endorser"

# ---------------------------------------------------------------- many inputs
expect_exit 1 "verify many inputs" -- "$RECO_BIN" verify --json "$tmp/rdfc.json" "$tmp/jcs.json" \
    "$tmp/ed.jwt" "$tmp/b.png" "$tmp/b.svg" "$tmp/none.jwt" "$tmp/endorsed.json"
[ "$(grep -c '^{"input"' "$tmp/out")" = "7" ] || fail "many inputs: not one JSON object per input"
[ "$(grep -c '"valid":true' "$tmp/out")" -ge 6 ] || fail "many inputs: six should be valid"
[ -s "$tmp/err" ] && fail "many inputs: progress written while stderr is not a terminal"
# On a terminal (script(1) gives one) a progress line names each input on stderr.
if command -v script >/dev/null; then
    script -qec "'$RECO_BIN' verify '$tmp/rdfc.json' '$tmp/jcs.json' >/dev/null" /dev/null >"$tmp/tty" 2>&1
    grep -q '\[1/2\] .*rdfc.json' "$tmp/tty" && grep -q '\[2/2\] .*jcs.json' "$tmp/tty" ||
        fail "progress: no [i/n] line on a terminal: $(head -c 200 "$tmp/tty")"
fi
expect_exit 2 "verify a missing input among others" -- "$RECO_BIN" verify --json "$tmp/rdfc.json" "$tmp/missing.json"
expect_exit 1 "verify garbage" -- sh -c "printf 'hello' | '$RECO_BIN' verify --json -"
has input failed "garbage"

if [ "$failures" -ne 0 ]; then
    echo "cli_verify_inputs: $failures failure(s)"
    exit 1
fi
echo "cli_verify_inputs: all passed"
