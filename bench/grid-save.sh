#!/usr/bin/env bash
# Grade saves through score_entry::record (the grid's save: access check, validation, version
# check, audit row, one transaction per batch) beside a bare sqlx upsert of the same rows, in
# cells per second for batches of 1, 12, 45 and 540 cells, and 8 teachers saving at once; on a
# SQLite file and PostgreSQL (release build). Usage: bench/grid-save.sh
#   (PostgreSQL from scripts/pg.sh when it is running, or TEST_POSTGRES_URL)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/hocba-target}
if [ -z "${TEST_POSTGRES_URL:-}" ] && url=$(bash scripts/pg.sh url 2>/dev/null); then
  export TEST_POSTGRES_URL=$url
fi
cargo bench -p app --features ssr --bench grade_saves
