#!/usr/bin/env bash
# Grade saves through score_entry::record (the grid's save: access check, validation, version
# check, audit row, one transaction per batch) beside a bare sqlx upsert of the same rows, in
# cells per second for batches of 1, 12, 45 and 540 cells, and 8 teachers saving at once; on a
# SQLite file and PostgreSQL (release build). Usage: bench/grid-save.sh
#   (PostgreSQL from scripts/pg.sh when it is running, or TEST_POSTGRES_URL)
# Measured 2026-11-22 (2 shared cores), record's rate as a share of bare's, median batch time:
#   SQLite (WAL, synchronous=FULL): 44 % (1 cell, 0.72 ms), 43 % (12), 42 % (45), 44 % (540 cells,
#   15 ms: ~35,000 cells/s); PostgreSQL: 17 % (1 cell, 1.5 ms), 25 %, 35 %, 43 % (540 cells, 52 ms).
#   8 teachers saving at once: SQLite 142 of 200 saves failed ("database is locked"), PG 0.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/hocba-target}
if [ -z "${TEST_POSTGRES_URL:-}" ] && url=$(bash scripts/pg.sh url 2>/dev/null); then
  export TEST_POSTGRES_URL=$url
fi
cargo bench -p app --features ssr --bench grade_saves
