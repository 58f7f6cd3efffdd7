#!/usr/bin/env bash
# The leaders' dashboards (issue 9) against the release server, on the demo school: the
# principal's grade-entry progress and results, as pages (server-rendered HTML) and as the JSON
# they hydrate from, on SQLite and on PostgreSQL (the test cluster, scripts/pg.sh). Prints the
# median and p95 of N sequential requests each (default 20).
# Usage: bench/dashboard.sh [N]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/hocba-target}
n=${1:-20}
port=3402
dir=$(mktemp -d)
cargo xtask build-site --release >/dev/null
pg_started=
if ! scripts/pg.sh status >/dev/null 2>&1; then scripts/pg.sh start >/dev/null; pg_started=1; fi
pg_base=$(scripts/pg.sh url)
pg_url=${pg_base%/*}/hocba_bench_dashboard
psql "$pg_base" -qc "DROP DATABASE IF EXISTS hocba_bench_dashboard" -c "CREATE DATABASE hocba_bench_dashboard" >/dev/null
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  psql "$pg_base" -qc "DROP DATABASE IF EXISTS hocba_bench_dashboard" >/dev/null 2>&1 || true
  [ -n "$pg_started" ] && scripts/pg.sh stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

for database in "sqlite://$dir/bench.db" "$pg_url"; do
  DATABASE_URL="$database" HOCBA_ADDR=127.0.0.1:$port HOCBA_LOG=warn \
    "$CARGO_TARGET_DIR/release/hocba" serve --seed-demo-if-empty &
  pid=$!
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  echo "== ${database%%:*}"
  python3 - "$port" "$n" <<'PY'
import http.client, statistics, sys, time
port, n = int(sys.argv[1]), int(sys.argv[2])
def call(method, path, body="", cookie=None, ctype="application/x-www-form-urlencoded"):
    c = http.client.HTTPConnection("127.0.0.1", port)
    h = {"Content-Type": ctype, "Origin": f"http://127.0.0.1:{port}"}
    if cookie:
        h["Cookie"] = cookie
    c.request(method, path, body, h)
    r = c.getresponse()
    data = r.read()
    return r.status, r.getheader("Set-Cookie", ""), data
s, set_cookie, _ = call("POST", "/api/login", "username=hieutruong&password=hocba2026")
assert s == 200, s
cookie = set_cookie.split(";", 1)[0]
for label, method, path, body in [
    ("progress page  GET /dashboard", "GET", "/dashboard", ""),
    ("progress JSON  POST /api/dashboard/progress", "POST", "/api/dashboard/progress", ""),
    ("results page   GET /dashboard/results", "GET", "/dashboard/results?period=1", ""),
    ("results JSON   semester I", "POST", "/api/dashboard/results", "period=1"),
    ("results JSON   whole year", "POST", "/api/dashboard/results", "period=year"),
]:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        status, _, data = call(method, path, body, cookie)
        assert status == 200, (path, status, data[:200])
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    print(f"{label}: median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms ({len(data)} bytes)")
PY
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
done
