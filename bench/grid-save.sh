#!/usr/bin/env bash
# Grade saves through score_entry::record (the grid's save: access check, validation, version
# check, audit row, one transaction per batch) beside a bare sqlx upsert of the same rows, in
# cells per second for batches of 1, 12, 45 and 540 cells, and 8 teachers saving at once; on a
# SQLite file and PostgreSQL (release build). Usage: bench/grid-save.sh
#   (PostgreSQL from scripts/pg.sh when it is running, or TEST_POSTGRES_URL)
# Measured 2026-11-22 (2 shared cores) with the entry gate (locks, deadlines, review state,
# correction grants), record's rate as a share of bare's, median batch time:
#   SQLite (WAL, synchronous=FULL): 23 % (1 cell, 1.5 ms), 33 % (12), 46 % (45), 40 % (540 cells,
#   17 ms: ~32,000 cells/s); PostgreSQL: 18 % (1 cell, 2.6 ms), 37 %, 54 %, 67 % (540 cells, 93 ms).
#   8 teachers saving at once: 200 of 200 saved on both.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/hocba-target}
if [ -z "${TEST_POSTGRES_URL:-}" ] && url=$(bash scripts/pg.sh url 2>/dev/null); then
  export TEST_POSTGRES_URL=$url
fi
cargo bench -p app --features ssr --bench grade_saves
