#!/usr/bin/env bash
# The audit history's figures (issue 6): a year of demo activity (every class's scores entered
# through the grid's write path, one in ten re-edited, comments, sign-ins, downloads), then the
# audit history's size per 1,000 score changes and the filtered log's p50 / p95 (typical
# filters, the first page, a deep keyset page, one cell's and one student's history), on a
# SQLite file and PostgreSQL (release build). Usage: bench/audit.sh
#   (PostgreSQL from scripts/pg.sh when it is running, or TEST_POSTGRES_URL)
# Measured 2026-11-22 (2 shared cores; 59,461 score changes, 86,403 audit rows in the year):
#   size per 1,000 score changes: SQLite 257 KiB (dbstat, table + indexes), PostgreSQL 546 KiB
#   (pg_total_relation_size). A page of 50, p50 / p95: first page SQLite 0.28 / 0.49 ms, PG
#   1.47 / 5.68 ms; by person 0.28 / 0.52, PG 1.31 / 2.15; by class 0.33 / 1.60, PG 1.42 / 3.47;
#   kind scores 23.1 / 36.7, PG 5.9 / 10.5; one month 7.5 / 11.6, PG 2.0 / 3.1; worst, a kind
#   with no rows (scans): SQLite 126 / 217 ms, PG 0.5 / 0.9 ms.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/hocba-target}
if [ -z "${TEST_POSTGRES_URL:-}" ] && url=$(bash scripts/pg.sh url 2>/dev/null); then
  export TEST_POSTGRES_URL=$url
fi
cargo bench -p app --features ssr --bench audit_log
