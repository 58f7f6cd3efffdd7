#!/usr/bin/env bash
# Parents at the end of a semester (issue 8), against the release server on a fresh demo
# SQLite database: C parents (default 200), each signed in with their own account, fetch their
# child's results over and over for D seconds (default 20), first the page as the browser
# opens it (server-rendered HTML), then the JSON the page hydrates from. Prints requests per
# second, the median and p95 latency, and errors. Then times the homeroom teacher's PDF batch
# of a whole class (the largest demo class) and one child's PDF.
# Usage: bench/parents.sh [C] [D]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/hocba-target}
concurrency=${1:-200}
seconds=${2:-20}
port=3401
dir=$(mktemp -d)
cargo xtask build-site --release >/dev/null
DATABASE_URL="sqlite://$dir/bench.db" HOCBA_ADDR=127.0.0.1:$port HOCBA_LOG=warn \
  "$CARGO_TARGET_DIR/release/hocba" serve --seed-demo-if-empty &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
python3 - "$port" "$concurrency" "$seconds" "$dir/bench.db" <<'PY'
import asyncio, sqlite3, statistics, sys, time
port, concurrency, seconds, db = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]

# The demo's parent accounts are named by their child's code; one per simulated parent.
con = sqlite3.connect(db)
codes = [r[0] for r in con.execute(
    "SELECT u.username FROM users u JOIN user_roles r ON r.user_id = u.id "
    "WHERE r.role = 'parent' ORDER BY u.id LIMIT ?", (concurrency,))]
classes = con.execute(
    "SELECT c.id, c.name, COUNT(*) FROM classes c JOIN enrolments e ON e.class_id = c.id "
    "AND e.status = 'active' GROUP BY c.id, c.name ORDER BY COUNT(*) DESC LIMIT 1").fetchall()
con.close()
assert len(codes) == concurrency, f"only {len(codes)} parent accounts"

async def request(method, path, body=b"", headers=None, cookie=None):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close",
             f"Content-Length: {len(body)}"]
    for k, v in (headers or {}).items():
        lines.append(f"{k}: {v}")
    if cookie:
        lines.append(f"Cookie: {cookie}")
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
    await writer.drain()
    data = await reader.read()
    writer.close()
    head, _, rest = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    return status, head.decode("latin-1"), rest

async def login(code):
    body = f"username={code}&password=hocba2026".encode()
    status, head, _ = await request("POST", "/api/login", body, {
        "Content-Type": "application/x-www-form-urlencoded",
        "Origin": f"http://127.0.0.1:{port}"})
    assert status == 200, (code, status)
    for line in head.split("\r\n"):
        if line.lower().startswith("set-cookie:"):
            return line.split(":", 1)[1].split(";", 1)[0].strip()
    raise RuntimeError("no session cookie")

async def run(label, make):
    times, errors = [], 0
    deadline = time.perf_counter() + seconds
    async def parent(i):
        nonlocal errors
        while time.perf_counter() < deadline:
            t = time.perf_counter()
            status = await make(i)
            if status == 200:
                times.append((time.perf_counter() - t) * 1000)
            else:
                errors += 1
    start = time.perf_counter()
    await asyncio.gather(*(parent(i) for i in range(concurrency)))
    took = time.perf_counter() - start
    times.sort()
    print(f"{label}: {len(times) / took:.0f} req/s at {concurrency} concurrent parents over "
          f"{took:.1f} s; median {statistics.median(times):.0f} ms, p95 "
          f"{times[int(0.95 * (len(times) - 1))]:.0f} ms; {errors} errors")

async def main():
    sem = asyncio.Semaphore(8)  # sign-ins are argon2: a few at a time
    async def signed(code):
        async with sem:
            return await login(code)
    cookies = await asyncio.gather(*(signed(c) for c in codes))
    async def page(i):
        status, _, _ = await request("GET", f"/children/{codes[i]}", headers={"Accept": "text/html"},
                                     cookie=cookies[i])
        return status
    async def api(i):
        status, _, _ = await request("POST", "/api/family/child", f"code={codes[i]}".encode(), {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"http://127.0.0.1:{port}"}, cookies[i])
        return status
    await run("results page (HTML)", page)
    await run("results data (JSON)", api)
    admin = await login("admin")
    class_id, name, size = classes[0]
    for label, path in [(f"class {name} PDF batch ({size} students)",
                         f"/classes/{class_id}/report-cards.pdf?period=1"),
                        ("one child's PDF", None)]:
        if path is None:
            cookie, path = cookies[0], f"/children/{codes[0]}/report.pdf?period=1"
        else:
            cookie = admin
        t = time.perf_counter()
        status, _, body = await request("GET", path, cookie=cookie)
        took = time.perf_counter() - t
        assert status == 200 and body.startswith(b"%PDF"), status
        print(f"{label}: {took * 1000:.0f} ms, {len(body) / 1024:.0f} KiB")

asyncio.run(main())
PY
