#!/usr/bin/env bash
# Installs what reco needs on a fresh Debian machine: Debian packages that are missing
# (apt-get) and the pinned npm packages (npm ci). Safe to run again: it only installs what
# is missing. Usage: scripts/deps.sh [--test]   (--test adds what the test suite needs)
set -euo pipefail
cd "$(dirname "$0")/.."

pkgs=(build-essential cmake pkg-config git ca-certificates clang-format
      libssl-dev libjansson-dev zlib1g-dev libsodium-dev libcurl4-openssl-dev
      libmicrohttpd-dev libsqlite3-dev libqrencode-dev nodejs npm)
if [ "${1:-}" = "--test" ]; then
  pkgs+=(libcmocka-dev clang libclang-rt-14-dev curl python3 wrk nginx-light
         chromium fonts-dejavu-core)
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js may come from elsewhere than Debian: a working node and npm are enough.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
read -r -a missing <<< "${missing[*]}"
if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}"
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Pinned npm packages (the JSON-LD contexts compiled into reco), from the lock file.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

# With --test: the reference JavaScript stack of the interoperability tests (tests/interop).
if [ "${1:-}" = "--test" ] &&
   { [ ! -d tests/interop/node_modules ] ||
     [ tests/interop/package-lock.json -nt tests/interop/node_modules/.package-lock.json ]; }; then
  npm ci --prefix tests/interop --no-audit --no-fund --loglevel=error
fi

# With --test: playwright-core and axe-core for the browser tests (tests/browser); they drive
# Debian's chromium installed above and download no browser.
if [ "${1:-}" = "--test" ] &&
   { [ ! -d tests/browser/node_modules ] ||
     [ tests/browser/package-lock.json -nt tests/browser/node_modules/.package-lock.json ]; }; then
  npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
fi
