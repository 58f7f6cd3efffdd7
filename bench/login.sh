#!/usr/bin/env bash
# One login, measured end to end against the release server on a fresh demo SQLite database:
# HTTP round trip + throttle check + argon2id verify + session insert (durable commit) + audit.
# Prints the median and p95 over N sequential logins, the size of the login page's HTML, and
# the WASM bundle sizes. Usage: bench/login.sh [N]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/hocba-target}
n=${1:-40}
port=3400
dir=$(mktemp -d)
cargo xtask build-site --release >/dev/null
DATABASE_URL="sqlite://$dir/bench.db" HOCBA_ADDR=127.0.0.1:$port HOCBA_LOG=warn \
  "$CARGO_TARGET_DIR/release/hocba" serve --seed-demo-if-empty &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
python3 - "$port" "$n" <<'PY'
import http.client, statistics, sys, time
port, n = int(sys.argv[1]), int(sys.argv[2])
def login():
    c = http.client.HTTPConnection("127.0.0.1", port)
    t = time.perf_counter()
    c.request("POST", "/api/login", "username=admin&password=hocba2026",
              {"Content-Type": "application/x-www-form-urlencoded", "Origin": f"http://127.0.0.1:{port}"})
    r = c.getresponse(); r.read()
    assert r.status == 200, r.status
    return (time.perf_counter() - t) * 1000
login()
times = sorted(login() for _ in range(n))
print(f"login: median {statistics.median(times):.1f} ms, p95 {times[int(0.95 * (n - 1))]:.1f} ms over {n} sequential logins")
c = http.client.HTTPConnection("127.0.0.1", port)
c.request("GET", "/login", headers={"Accept": "text/html"}); body = c.getresponse().read()
print(f"login page HTML: {len(body)} bytes")
PY
cargo xtask sizes
