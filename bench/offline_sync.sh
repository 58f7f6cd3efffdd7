#!/usr/bin/env bash
# The offline outbox's figures (issue 7, bench/offline_sync.mjs): how long a sync of 500 queued
# edits takes, and what happens when the server is killed mid-sync and started again (every edit
# arrives exactly once). Builds the site (debug server, wasm-release client), then runs the
# script against a fresh SQLite demo database on port 3243 (HOCBA_BENCH_PORT).
# Usage: bench/offline_sync.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$(pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/hocba-target}
cargo xtask build-site >/dev/null
node bench/offline_sync.mjs "$CARGO_TARGET_DIR/debug/hocba" "$repo/target/site" "${HOCBA_BENCH_PORT:-3243}"
