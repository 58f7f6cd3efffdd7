#!/usr/bin/env bash
# The grade grid in real Chromium (bench/grid.mjs): load time (navigation → grid hydrated and
# painted, cold and warm cache) and keystroke → paint (p50/p95/max over ~200 digits typed into
# cells), normal and with 4× CPU throttling; then the site's WASM/JS/CSS sizes (raw, gzip, brotli).
# Builds the site, starts the server on a fresh SQLite file with the demo school on port 3241
# (HOCBA_BENCH_PORT), and brings class 6A1 to 45 students with a complete Toán sheet through the
# JSON API first.
# Usage: bench/grid.sh [--release] [keys=200] [loads=15]
#   --release  a release server (slower to build; the client is always the wasm-release build)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$(pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/hocba-target}
profile=debug
if [ "${1:-}" = "--release" ]; then
  profile=release
  shift
fi
port=${HOCBA_BENCH_PORT:-3241}
if [ "$profile" = release ]; then
  cargo xtask build-site --release >/dev/null
else
  cargo xtask build-site >/dev/null
fi
dir=$(mktemp -d)
DATABASE_URL="sqlite://$dir/bench.db" HOCBA_ADDR=127.0.0.1:$port HOCBA_LOG=warn \
  LEPTOS_OUTPUT_NAME=hocba LEPTOS_SITE_ROOT="$repo/target/site" LEPTOS_SITE_PKG_DIR=pkg \
  LEPTOS_SITE_ADDR=127.0.0.1:$port LEPTOS_ENV=PROD \
  "$CARGO_TARGET_DIR/$profile/hocba" serve --seed-demo-if-empty &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
echo "server: $profile build, SQLite (demo school)"
node bench/grid.mjs "http://127.0.0.1:$port" "$@"
cargo xtask sizes
