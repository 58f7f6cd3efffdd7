#!/usr/bin/env bash
# Importing a generated 2,000-student .xlsx into SQLite and PostgreSQL (release build): reading,
# validating, comparing with the database, writing in one transaction, re-importing unchanged and
# corrected files. Usage: bench/import.sh   (PostgreSQL from scripts/pg.sh when it is running)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/hocba-target}
if [ -z "${TEST_POSTGRES_URL:-}" ] && url=$(bash scripts/pg.sh url 2>/dev/null); then
  export TEST_POSTGRES_URL=$url
fi
cargo bench -p app --features ssr --bench student_import
