#!/usr/bin/env bash
# The audit history's figures (issue 6): a year of demo activity (every class's scores entered
# through the grid's write path, one in ten re-edited, comments, sign-ins, downloads), then the
# audit history's size per 1,000 score changes and the filtered log's p50 / p95 (typical
# filters, the first page, a deep keyset page, one cell's and one student's history), on a
# SQLite file and PostgreSQL (release build). Usage: bench/audit.sh
#   (PostgreSQL from scripts/pg.sh when it is running, or TEST_POSTGRES_URL)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/hocba-target}
if [ -z "${TEST_POSTGRES_URL:-}" ] && url=$(bash scripts/pg.sh url 2>/dev/null); then
  export TEST_POSTGRES_URL=$url
fi
cargo bench -p app --features ssr --bench audit_log
