#!/usr/bin/env bash
# The whole test suite, as `make test` and CI run it: lints, Rust tests against SQLite and
# PostgreSQL, then browser tests against the wasm-release client.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/hocba-target}

step() { printf '\n== %s\n' "$*"; }

step setup
scripts/setup.sh

step "cargo fmt"
cargo fmt --all -- --check

step "cargo clippy"
cargo clippy -p app --features ssr --all-targets -- -D warnings
cargo clippy -p server --all-targets -- -D warnings
cargo clippy -p xtask -- -D warnings
cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

step "PostgreSQL"
# Stop the cluster at the end, pass or fail, unless it was already running before us.
if ! scripts/pg.sh status; then
  trap 'scripts/pg.sh stop' EXIT
fi
scripts/pg.sh start
TEST_POSTGRES_URL=$(scripts/pg.sh url)
export TEST_POSTGRES_URL
# Tests that need PostgreSQL fail rather than skip when it is missing.
export HOCBA_REQUIRE_PG=1

step "cargo test"
# A hung test must fail the run, not use up CI's time.
timeout 1200 cargo test -p app --features ssr
timeout 1200 cargo test -p server

step "build site (wasm-release client, debug server)"
cargo xtask build-site

step "Playwright"
(cd end2end && npx playwright test)

step "all tests passed"
