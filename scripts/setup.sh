#!/usr/bin/env bash
# Installs what `make run` and `make test` need, and only what is missing: a second run
# takes about a second.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf 'setup: %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# --- Rust: the client is compiled to WebAssembly -------------------------------------------
if ! command -v rustup >/dev/null 2>&1; then
  log "rustup not found: install Rust from https://rustup.rs (stable, 1.88 or newer)" >&2
  exit 1
fi
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# --- Debian packages --------------------------------------------------------------------
# chromium: Playwright drives Debian's browser (its own downloads fail here).
# postgresql: tests run the PostgreSQL backend against a throwaway cluster (scripts/pg.sh).
# brotli: to check precompressed sizes by hand.
missing=()
for pkg in chromium postgresql brotli; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing ${missing[*]}"
  # Another shell may be running apt: wait for its lock instead of failing.
  as_root apt-get -o DPkg::Lock::Timeout=300 update
  as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends "${missing[@]}"
fi

# --- Node: Playwright and binaryen's wasm-opt -------------------------------------------
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  log "node and npm not found: Playwright $(sed -n 's/.*"@playwright\/test": "\(.*\)".*/\1/p' end2end/package.json) needs Node.js 20 or newer" >&2
  exit 1
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  log "Node.js $(node --version) is too old: Playwright needs 20 or newer" >&2
  exit 1
fi
# npm ci also when package-lock.json changed since the last install.
if [ ! -x end2end/node_modules/.bin/playwright ] ||
  [ ! -x end2end/node_modules/.bin/wasm-opt ] ||
  [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
  log "installing end2end/ npm packages"
  if [ -f end2end/package-lock.json ]; then
    (cd end2end && npm ci --no-audit --no-fund)
  else
    (cd end2end && npm install --no-audit --no-fund)
  fi
fi

log "ok"
