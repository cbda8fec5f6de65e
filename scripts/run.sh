#!/usr/bin/env bash
# `make run`: the main job of reco. Until the server lands, a demonstration of the CLI on
# its own data folder: a key, a badge issued to an e-mail address and to a DID, verified.
set -euo pipefail
cd "$(dirname "$0")/.."
reco=build/reco
data=${RECO_DATA:-data/demo}
mkdir -p "$data"

step() { printf '\n\033[1m== %s\033[0m\n$ %s\n' "$1" "$2"; }

if [ ! -f "$data/issuer.key" ]; then
  step "make an Ed25519 key for the issuer" "reco keygen --out $data/issuer.key"
  $reco keygen --out "$data/issuer.key"
fi

step "issue a badge to an e-mail address" \
  "reco issue --key $data/issuer.key --achievement examples/achievement.json --subject camille@example.org --out $data/badge-email.json"
$reco issue --key "$data/issuer.key" --achievement examples/achievement.json \
  --subject camille@example.org --out "$data/badge-email.json"
cat "$data/badge-email.json"; echo

step "issue the same badge to a DID" \
  "reco issue ... --subject did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
$reco issue --key "$data/issuer.key" --achievement examples/achievement.json \
  --subject did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK --out "$data/badge-did.json"

step "verify both" "reco verify $data/badge-email.json $data/badge-did.json"
$reco verify "$data/badge-email.json" "$data/badge-did.json"

echo
echo "Files are in $data/. Try: $reco verify --json $data/badge-email.json"
