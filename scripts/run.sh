#!/usr/bin/env bash
# `make run`: the main job of reco — the issuing service with SQLite and demonstration data.
# Data lives in $RECO_DATA (default ./data); the server listens on $RECO_LISTEN (default
# 127.0.0.1:8080) and names itself $RECO_BASE_URL (default http://localhost:8080).
set -euo pipefail
cd "$(dirname "$0")/.."
reco=build/reco
export RECO_DATA=${RECO_DATA:-data}
export RECO_LISTEN=${RECO_LISTEN:-127.0.0.1:8080}
export RECO_BASE_URL=${RECO_BASE_URL:-http://localhost:${RECO_LISTEN##*:}}
mkdir -p "$RECO_DATA"
chmod 700 "$RECO_DATA"

# Demonstration data, made once: a territorial ecosystem with badges, awards and earners.
# The admin's password and API token are printed the first time (and kept in
# $RECO_DATA/demo-admin.txt, readable by you only).
if [ ! -f "$RECO_DATA/demo-admin.txt" ]; then
  umask 077
  $reco demo --data "$RECO_DATA" --base-url "$RECO_BASE_URL" | tee "$RECO_DATA/demo-admin.txt"
else
  echo "demo data already in $RECO_DATA (admin account: $RECO_DATA/demo-admin.txt)"
fi

echo "open $RECO_BASE_URL/ in a browser; stop with Ctrl-C"
exec $reco serve --data "$RECO_DATA" --listen "$RECO_LISTEN" --base-url "$RECO_BASE_URL"
