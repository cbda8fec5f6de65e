#!/usr/bin/env bash
# `make run`: the main job of reco: the issuing service (`reco serve`) on its own data folder,
# filled with the demonstration ecosystem on first run (`reco demo`). Stop it with Ctrl-C.
# Environment: RECO_DATA (default data/demo), RECO_LISTEN (default 127.0.0.1:8080),
# RECO_BASE_URL (default http://localhost:8080).
set -euo pipefail
cd "$(dirname "$0")/.."
reco=build/reco
data=${RECO_DATA:-data/demo}
listen=${RECO_LISTEN:-127.0.0.1:8080}
base=${RECO_BASE_URL:-http://localhost:${listen##*:}}

step() { printf '\n\033[1m== %s\033[0m\n$ %s\n' "$1" "$2"; }

step "demonstration data (made once; the admin password and API token are shown then)" \
  "reco demo --data $data --base-url $base"
$reco demo --data "$data" --base-url "$base"

cat <<EOF

Try, in another terminal (TOKEN: the API token printed above):
  curl -s $base/healthz
  curl -s -H "Authorization: Bearer \$TOKEN" '$base/api/v1/credentials?limit=3'
  curl -s -H 'Accept: application/ld+json' <a credential id from that list>
  $reco verify --allow-private-network <that credential id>
The API is described in docs/api.md, the server in docs/server.md.
EOF

step "the issuing service (Ctrl-C stops it cleanly)" \
  "reco serve --data $data --listen $listen --base-url $base"
exec $reco serve --data "$data" --listen "$listen" --base-url "$base" --allow-private-network
