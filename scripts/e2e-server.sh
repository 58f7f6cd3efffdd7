#!/usr/bin/env bash
# Started by Playwright (end2end/playwright.config.ts, webServer): the debug server built by
# `cargo xtask build-site`, on port 3210 (or HOCBA_E2E_PORT), with a fresh SQLite database each run.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Same default as the Makefile; fall back to the workspace's own target/ for plain cargo.
target=${CARGO_TARGET_DIR:-$HOME/.cache/hocba-target}
if [ -z "${CARGO_TARGET_DIR:-}" ] && [ ! -x "$target/debug/hocba" ]; then
  target=$repo/target
fi
bin=$target/debug/hocba
if [ ! -x "$bin" ]; then
  echo "e2e-server.sh: $bin not found: run \`cargo xtask build-site\` first" >&2
  exit 1
fi
if [ ! -f "$repo/target/site/pkg/hocba_bg.wasm" ]; then
  echo "e2e-server.sh: $repo/target/site is not assembled: run \`cargo xtask build-site\` first" >&2
  exit 1
fi

port=${HOCBA_E2E_PORT:-3210}
db_dir=${TMPDIR:-/tmp}/hocba-e2e-$port
rm -rf "$db_dir"
mkdir -p "$db_dir"

export DATABASE_URL="sqlite://$db_dir/e2e.db"
export LEPTOS_OUTPUT_NAME=hocba
export LEPTOS_SITE_ROOT=$repo/target/site
export LEPTOS_SITE_PKG_DIR=pkg
export LEPTOS_SITE_ADDR=127.0.0.1:$port
export LEPTOS_ENV=PROD
export HOCBA_ADDR=127.0.0.1:$port
# Notices of new scores within seconds, for the specs that wait for them.
export HOCBA_MAIL_INTERVAL_SECS=${HOCBA_MAIL_INTERVAL_SECS:-2}
cd "$repo"
# 9A1 gets a whole year (semester II, conduct, absences) for the year-end specs.
"$bin" demo-year-end --class 9A1 --seed-demo-if-empty
exec "$bin" serve --seed-demo-if-empty
