#!/usr/bin/env bash
# cli_issue_verify.sh - `reco keygen | issue | sign | verify` end to end: a key file (mode
# 0600, never overwritten by accident), credentials issued to a DID and to an e-mail address
# that verify, tampered copies (name, subject, date, proofValue, another key) that do not, with
# the failed check named, and hostile inputs that give exit 1 or 2, never a crash.
# JSON is edited with node (a dependency of the build: scripts/deps.sh).
set -u

: "${RECO_BIN:?RECO_BIN must name the reco binary}"
if [ ! -x "$RECO_BIN" ]; then
    echo "skip: $RECO_BIN is not built"
    exit 77
fi
if ! command -v node >/dev/null; then
    echo "skip: node is needed to edit JSON in this test"
    exit 77
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
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
    if [ "$got" -ne "$want" ]; then
        fail "$what: exit $got, expected $want (stderr: $(head -c 300 "$tmp/err"))"
        return 1
    fi
    if [ "$got" -ge 128 ]; then
        fail "$what: crashed (exit $got)"
        return 1
    fi
    return 0
}

# jedit IN OUT JS: OUT is IN with the JavaScript statement JS applied to the object d.
jedit() {
    node -e 'const fs=require("fs"); const d=JSON.parse(fs.readFileSync(process.argv[1],"utf8"));
             (new Function("d", process.argv[3]))(d);
             fs.writeFileSync(process.argv[2], JSON.stringify(d, null, 2));' "$1" "$2" "$3"
}

# jget FILE JS-EXPRESSION-ON-d: print the value.
jget() {
    node -e 'const fs=require("fs"); const d=JSON.parse(fs.readFileSync(process.argv[1],"utf8"));
             console.log((new Function("d", "return " + process.argv[2]))(d));' "$1" "$2"
}

# expect_failed_check FILE CHECK: `verify --json FILE` exits 1 and CHECK is among the failed.
expect_failed_check() {
    local file=$1 check=$2
    expect_exit 1 "verify $(basename "$file")" -- "$RECO_BIN" verify --json "$file" || return
    local failed
    failed=$(node -e 'const r=JSON.parse(require("fs").readFileSync(0,"utf8"));
        console.log(r.valid + " " + r.checks.filter(c=>c.status==="failed").map(c=>c.name).join(","))' \
        <"$tmp/out")
    case "$failed" in
    "false "*"$check"*) ;;
    *) fail "verify $(basename "$file"): expected a failed '$check' check, got '$failed'" ;;
    esac
}

# ---------------------------------------------------------------- help
for c in keygen issue sign verify; do
    expect_exit 0 "$c --help" -- "$RECO_BIN" "$c" --help
    grep -q "usage: reco $c" "$tmp/out" || fail "$c --help prints no usage"
done

# ---------------------------------------------------------------- keygen
expect_exit 0 "keygen ed25519" -- "$RECO_BIN" keygen --out "$tmp/issuer.key"
did=$(cat "$tmp/out")
case "$did" in did:key:z6Mk*) ;; *) fail "keygen printed '$did', expected a did:key" ;; esac
mode=$(stat -c %a "$tmp/issuer.key")
[ "$mode" = "600" ] || fail "key file mode is $mode, expected 600"
cp "$tmp/issuer.key" "$tmp/issuer.key.orig"
expect_exit 2 "keygen refuses to overwrite" -- "$RECO_BIN" keygen --out "$tmp/issuer.key"
grep -q "^error: .*exists" "$tmp/err" || fail "keygen overwrite: no 'error: ... exists' message"
cmp -s "$tmp/issuer.key" "$tmp/issuer.key.orig" || fail "keygen changed the existing key file"
expect_exit 0 "keygen --force" -- "$RECO_BIN" keygen --out "$tmp/issuer.key" --force
cmp -s "$tmp/issuer.key" "$tmp/issuer.key.orig" && fail "keygen --force did not replace the key"
did=$(cat "$tmp/out")
expect_exit 0 "keygen p256" -- "$RECO_BIN" keygen --type p256 --out "$tmp/p256.key"
grep -q "^did:key:zDn" "$tmp/out" || fail "keygen p256 printed $(cat "$tmp/out")"
expect_exit 2 "keygen unknown type" -- "$RECO_BIN" keygen --type dsa --out "$tmp/x.key"
expect_exit 2 "keygen without --out" -- "$RECO_BIN" keygen
expect_exit 0 "keygen other" -- "$RECO_BIN" keygen --out "$tmp/other.key"

# ---------------------------------------------------------------- issue
cat >"$tmp/ach.json" <<'EOF'
{
  "id": "https://example.org/achievements/gardening",
  "type": ["Achievement"],
  "name": "Jardinage partagé",
  "description": "Looked after the shared garden for a season.",
  "criteria": {"narrative": "Attend ten sessions."}
}
EOF
expect_exit 0 "issue to a DID" -- "$RECO_BIN" issue --key "$tmp/issuer.key" \
    --achievement "$tmp/ach.json" --subject did:example:alice --out "$tmp/did.json"
[ "$(jget "$tmp/did.json" 'd.credentialSubject.id')" = "did:example:alice" ] ||
    fail "issue: credentialSubject.id is not the DID"
[ "$(jget "$tmp/did.json" 'd.issuer.id')" = "$did" ] || fail "issue: issuer is not the key's did"
[ "$(jget "$tmp/did.json" 'd.name')" = "Jardinage partagé" ] || fail "issue: name"
jget "$tmp/did.json" 'd.id' | grep -Eq '^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab]' ||
    fail "issue: id is not a urn:uuid v4"
[ "$(jget "$tmp/did.json" 'd.type.join(",")')" = "VerifiableCredential,OpenBadgeCredential" ] ||
    fail "issue: type"

expect_exit 0 "issue to an e-mail" -- "$RECO_BIN" issue --key "$tmp/issuer.key" \
    --achievement "$tmp/ach.json" --subject alice@example.org --valid-until 2099-01-01 \
    --out "$tmp/mail.json"
salt=$(jget "$tmp/mail.json" 'd.credentialSubject.identifier[0].salt')
hash=$(jget "$tmp/mail.json" 'd.credentialSubject.identifier[0].identityHash')
want="sha256\$$(printf '%s' "alice@example.org$salt" | sha256sum | cut -d' ' -f1)"
[ "$hash" = "$want" ] || fail "issue: identityHash $hash, expected $want"
[ "$(jget "$tmp/mail.json" 'd.credentialSubject.identifier[0].hashed')" = "true" ] ||
    fail "issue: identifier not hashed"
grep -q "alice@example.org" "$tmp/mail.json" && fail "issue: the e-mail address is in clear"

expect_exit 0 "verify DID credential" -- "$RECO_BIN" verify "$tmp/did.json"
grep -q "passed *proof" "$tmp/out" || fail "verify: no passed proof line in the text report"
expect_exit 0 "verify --json both" -- "$RECO_BIN" verify --json "$tmp/did.json" "$tmp/mail.json"
[ "$(grep -c '"valid":true' "$tmp/out")" = "2" ] || fail "verify --json: not two valid reports"

# The recipient a verifier knows: the DID, or the e-mail address behind the salted hash.
expect_exit 0 "verify --recipient e-mail" -- "$RECO_BIN" verify --json \
    --recipient alice@example.org "$tmp/mail.json"
grep -q '"name":"recipient","status":"passed"' "$tmp/out" || fail "recipient e-mail not matched"
expect_exit 1 "verify --recipient another e-mail" -- "$RECO_BIN" verify --json \
    --recipient bob@example.org "$tmp/mail.json"
grep -q '"name":"recipient","status":"failed"' "$tmp/out" || fail "wrong recipient not failed"
expect_exit 0 "verify --recipient DID" -- "$RECO_BIN" verify --recipient did:example:alice \
    "$tmp/did.json"

# Issuer profile: its id must be the key's did:key, or absent.
cat >"$tmp/profile.json" <<EOF
{"type": ["Profile"], "name": "Jardins du quartier", "email": "contact@example.org"}
EOF
expect_exit 0 "issue with --issuer profile" -- "$RECO_BIN" issue --key "$tmp/issuer.key" \
    --achievement "$tmp/ach.json" --subject did:example:bob --issuer "$tmp/profile.json" \
    --out "$tmp/prof.json"
[ "$(jget "$tmp/prof.json" 'd.issuer.id + " " + d.issuer.name')" = "$did Jardins du quartier" ] ||
    fail "issue --issuer: issuer is not the profile with the key's did"
expect_exit 0 "verify profile credential" -- "$RECO_BIN" verify "$tmp/prof.json"
jedit "$tmp/profile.json" "$tmp/profile-web.json" 'd.id = "https://example.org/issuer"'
expect_exit 2 "issue with a profile id that is not the key" -- "$RECO_BIN" issue \
    --key "$tmp/issuer.key" --achievement "$tmp/ach.json" --subject did:example:bob \
    --issuer "$tmp/profile-web.json"
grep -q "^error: .*did:key" "$tmp/err" || fail "issue --issuer mismatch: $(cat "$tmp/err")"

# Achievement checks name the JSON path.
for field in id type name description criteria; do
    jedit "$tmp/ach.json" "$tmp/ach-no-$field.json" "delete d.$field"
    expect_exit 2 "issue without achievement $field" -- "$RECO_BIN" issue \
        --key "$tmp/issuer.key" --achievement "$tmp/ach-no-$field.json" --subject did:example:a
    grep -q "^error: .*$field.*(at /$field)" "$tmp/err" ||
        fail "issue without $field: message '$(cat "$tmp/err")' does not name /$field"
done
expect_exit 2 "issue to a subject that is neither" -- "$RECO_BIN" issue --key "$tmp/issuer.key" \
    --achievement "$tmp/ach.json" --subject "not a subject"
expect_exit 2 "issue with an unknown suite" -- "$RECO_BIN" issue --key "$tmp/issuer.key" \
    --achievement "$tmp/ach.json" --subject did:example:a --proof eddsa-foo-2099
expect_exit 2 "issue with a p256 key and an eddsa suite" -- "$RECO_BIN" issue \
    --key "$tmp/p256.key" --achievement "$tmp/ach.json" --subject did:example:a

# Key file readable by others: refused.
cp "$tmp/issuer.key" "$tmp/open.key"
chmod 644 "$tmp/open.key"
expect_exit 2 "issue with a 0644 key" -- "$RECO_BIN" issue --key "$tmp/open.key" \
    --achievement "$tmp/ach.json" --subject did:example:a
grep -q "^error: " "$tmp/err" || fail "0644 key: no 'error:' message"
expect_exit 2 "sign with a 0644 key" -- "$RECO_BIN" sign --key "$tmp/open.key" "$tmp/did.json"

# ---------------------------------------------------------------- tampering
jedit "$tmp/did.json" "$tmp/t-name.json" 'd.name = "Jardinage partagé (or)"'
expect_failed_check "$tmp/t-name.json" proof
jedit "$tmp/did.json" "$tmp/t-subject.json" 'd.credentialSubject.id = "did:example:mallory"'
expect_failed_check "$tmp/t-subject.json" proof
jedit "$tmp/did.json" "$tmp/t-date.json" 'd.validFrom = "2020-01-01T00:00:00Z"'
expect_failed_check "$tmp/t-date.json" proof
jedit "$tmp/did.json" "$tmp/t-value.json" \
    'const p = d.proof.proofValue; d.proof.proofValue = p.slice(0, 20) + (p[20] === "A" ? "B" : "A") + p.slice(21)'
expect_failed_check "$tmp/t-value.json" proof
# Signed again by another key: the signature is fine, the key is not the issuer's.
jedit "$tmp/did.json" "$tmp/unsigned.json" 'delete d.proof'
expect_exit 0 "sign with another key" -- "$RECO_BIN" sign --key "$tmp/other.key" \
    --out "$tmp/t-key.json" "$tmp/unsigned.json"
expect_failed_check "$tmp/t-key.json" issuer-key
grep -q '"name":"proof","status":"passed"' "$tmp/out" || fail "other key: the proof should pass"
# A verification method swapped for another key: the signature no longer matches.
other_did=$(jget "$tmp/t-key.json" 'd.proof.verificationMethod')
jedit "$tmp/did.json" "$tmp/t-vm.json" "d.proof.verificationMethod = \"$other_did\""
expect_failed_check "$tmp/t-vm.json" proof
# With --offline a did:web key is not fetched: the proof and its binding are not checked.
jedit "$tmp/did.json" "$tmp/t-didweb.json" \
    'd.issuer.id = "did:web:issuer.example"; d.proof.verificationMethod = "did:web:issuer.example#key-1"'
expect_exit 1 "verify a did:web proof offline" -- "$RECO_BIN" verify --json --offline \
    "$tmp/t-didweb.json"
grep -q '"name":"proof","status":"not-checked"' "$tmp/out" || fail "did:web offline: proof not not-checked"
grep -q '"name":"issuer-key","status":"not-checked"' "$tmp/out" ||
    fail "did:web offline: issuer-key not not-checked"
# Unknown suite.
jedit "$tmp/did.json" "$tmp/t-suite.json" 'd.proof.cryptosuite = "eddsa-foo-2099"'
expect_failed_check "$tmp/t-suite.json" proof
grep -q "unsupported proof type" "$tmp/out" || fail "unknown suite: no 'unsupported proof type'"
# Expired and not yet valid, each its own check (dates checked with --at).
expect_exit 1 "verify after valid-until" -- "$RECO_BIN" verify --json --at 2100-01-01T00:00:00Z \
    "$tmp/mail.json"
grep -q '"name":"valid-until","status":"failed"' "$tmp/out" || fail "expired: no failed valid-until"
expect_exit 1 "verify before valid-from" -- "$RECO_BIN" verify --json --at 2000-01-01T00:00:00Z \
    "$tmp/mail.json"
grep -q '"name":"valid-from","status":"failed"' "$tmp/out" || fail "early: no failed valid-from"

# ---------------------------------------------------------------- proof sets with sign
expect_exit 0 "sign adds a second proof" -- "$RECO_BIN" sign --key "$tmp/issuer.key" \
    --out "$tmp/two.json" "$tmp/did.json"
[ "$(jget "$tmp/two.json" 'd.proof.length')" = "2" ] || fail "sign: no proof set of two"
expect_exit 0 "verify a proof set" -- "$RECO_BIN" verify --json "$tmp/two.json"
[ "$(grep -o '"name":"proof","status":"passed"' "$tmp/out" | wc -l)" = "2" ] ||
    fail "proof set: not two passed proof checks"
jedit "$tmp/two.json" "$tmp/two-bad.json" 'd.proof[1].created = "2001-01-01T00:00:00Z"'
expect_failed_check "$tmp/two-bad.json" proof
# Co-signed by another key: still the issuer's credential, the other key is a warning.
expect_exit 0 "co-sign with another key" -- "$RECO_BIN" sign --key "$tmp/other.key" \
    --out "$tmp/cosigned.json" "$tmp/did.json"
expect_exit 0 "verify a co-signed credential" -- "$RECO_BIN" verify --json "$tmp/cosigned.json"
grep -q '"name":"issuer-key","status":"warning"' "$tmp/out" || fail "co-signed: no issuer-key warning"

# ---------------------------------------------------------------- eddsa-rdfc-2022
if "$RECO_BIN" issue --help | grep -q eddsa-rdfc-2022; then
    expect_exit 0 "issue with eddsa-rdfc-2022" -- "$RECO_BIN" issue --key "$tmp/issuer.key" \
        --achievement "$tmp/ach.json" --subject bob@example.org --proof eddsa-rdfc-2022 \
        --out "$tmp/rdfc.json"
    [ "$(jget "$tmp/rdfc.json" 'd.proof.cryptosuite')" = "eddsa-rdfc-2022" ] ||
        fail "rdfc: the proof is not eddsa-rdfc-2022"
    expect_exit 0 "verify eddsa-rdfc-2022" -- "$RECO_BIN" verify "$tmp/rdfc.json"
    jedit "$tmp/rdfc.json" "$tmp/t-rdfc.json" 'd.credentialSubject.achievement.name = "Other"'
    expect_failed_check "$tmp/t-rdfc.json" proof
    # A term no context defines is refused in safe mode rather than left out of the signature.
    jedit "$tmp/did.json" "$tmp/undefined.json" 'delete d.proof; d.undefinedTerm = "x"'
    expect_exit 2 "sign an undefined term with eddsa-rdfc-2022" -- "$RECO_BIN" sign \
        --key "$tmp/issuer.key" --proof eddsa-rdfc-2022 "$tmp/undefined.json"
fi

# ---------------------------------------------------------------- endorsements
# An EndorsementCredential signed by another key, placed in the achievement before issuing.
other_id=$(jget "$tmp/t-key.json" 'd.proof.verificationMethod.split("#")[0]')
cat >"$tmp/endorsement.json" <<EOF
{"@context": ["https://www.w3.org/ns/credentials/v2",
              "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
 "id": "urn:uuid:3b1d1d2e-5d6c-4b8a-9a0e-2f4c6e8a0b1c",
 "type": ["VerifiableCredential", "EndorsementCredential"],
 "name": "Endorsement of the gardening badge",
 "issuer": {"id": "$other_id", "type": ["Profile"]},
 "validFrom": "2024-01-01T00:00:00Z",
 "credentialSubject": {"id": "https://example.org/achievements/gardening",
                       "type": ["EndorsementSubject"], "endorsementComment": "Well assessed."}}
EOF
expect_exit 0 "sign an endorsement" -- "$RECO_BIN" sign --key "$tmp/other.key" \
    --out "$tmp/endorsement-signed.json" "$tmp/endorsement.json"
node -e 'const fs=require("fs"); const a=JSON.parse(fs.readFileSync(process.argv[1]));
    const e=JSON.parse(fs.readFileSync(process.argv[2])); a.endorsement=[e];
    fs.writeFileSync(process.argv[3], JSON.stringify(a));
    e.credentialSubject.endorsementComment="Changed."; a.endorsement=[e];
    fs.writeFileSync(process.argv[4], JSON.stringify(a));' \
    "$tmp/ach.json" "$tmp/endorsement-signed.json" "$tmp/ach-endorsed.json" "$tmp/ach-bad-end.json"
expect_exit 0 "issue an endorsed achievement" -- "$RECO_BIN" issue --key "$tmp/issuer.key" \
    --achievement "$tmp/ach-endorsed.json" --subject did:example:alice --out "$tmp/endorsed.json"
expect_exit 0 "verify an endorsed credential" -- "$RECO_BIN" verify --json "$tmp/endorsed.json"
grep -q '"name":"endorsements","status":"passed"' "$tmp/out" || fail "endorsement not verified"
grep -q '"label":"endorsement 1 of the achievement"' "$tmp/out" || fail "no nested report"
expect_exit 0 "issue with a broken endorsement" -- "$RECO_BIN" issue --key "$tmp/issuer.key" \
    --achievement "$tmp/ach-bad-end.json" --subject did:example:alice --out "$tmp/bad-end.json"
expect_exit 0 "a broken endorsement does not invalidate" -- "$RECO_BIN" verify --json \
    "$tmp/bad-end.json"
grep -q '"name":"endorsements","status":"warning"' "$tmp/out" || fail "broken endorsement: no warning"

# ---------------------------------------------------------------- hostile inputs
# Rule: unreadable file -> exit 2; read but not acceptable JSON -> exit 1, failed "json" check.
head -c 200 "$tmp/did.json" >"$tmp/truncated.json"
expect_failed_check "$tmp/truncated.json" json
printf '{"name":"\xff\xfe"}' >"$tmp/utf8.json"
expect_failed_check "$tmp/utf8.json" json
printf '{"id":"a","id":"b"}' >"$tmp/dup.json"
expect_failed_check "$tmp/dup.json" json
head -c 5000000 /dev/zero | tr '\0' ' ' >"$tmp/big.json"
expect_failed_check "$tmp/big.json" json
printf '%0.s[' $(seq 1 500) >"$tmp/deep.json"
expect_failed_check "$tmp/deep.json" json
: >"$tmp/empty.json"
expect_failed_check "$tmp/empty.json" json
echo '[1,2,3]' >"$tmp/array.json"
expect_failed_check "$tmp/array.json" structure
expect_exit 2 "verify a missing file" -- "$RECO_BIN" verify "$tmp/missing.json"
grep -q "^error: " "$tmp/err" || fail "missing file: no 'error:' message"
expect_exit 2 "verify a folder" -- "$RECO_BIN" verify "$tmp"
expect_exit 2 "verify without a file" -- "$RECO_BIN" verify
expect_exit 2 "verify with an unknown option" -- "$RECO_BIN" verify --frobnicate "$tmp/did.json"
# Several inputs: the worst outcome decides.
expect_exit 1 "verify good and bad" -- "$RECO_BIN" verify "$tmp/did.json" "$tmp/t-name.json"
expect_exit 2 "verify good and missing" -- "$RECO_BIN" verify --json "$tmp/did.json" \
    "$tmp/missing.json"
[ "$(grep -c '^{"input"' "$tmp/out")" = "2" ] || fail "verify --json: not one object per input"
grep -q '"valid":false,"error":' "$tmp/out" || fail "verify --json: no error object for a missing file"
expect_exit 2 "sign truncated JSON" -- "$RECO_BIN" sign --key "$tmp/issuer.key" \
    "$tmp/truncated.json"

if [ "$failures" -ne 0 ]; then
    echo "$failures failure(s)"
    exit 1
fi
echo "cli_issue_verify: all passed"
