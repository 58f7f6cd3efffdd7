#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback for tests, from Debian's postgresql binaries.
#   scripts/pg.sh start    create (first time) and start it; does nothing if running
#   scripts/pg.sh stop     stop it
#   scripts/pg.sh status   exit 0 if running
#   scripts/pg.sh url      print its connection URL
# HOCBA_PG_PORT (default 55432) and HOCBA_PG_DIR choose the port and the directory.
set -euo pipefail

port=${HOCBA_PG_PORT:-55432}
if [ -n "${HOCBA_PG_DIR:-}" ]; then
  dir=$HOCBA_PG_DIR
elif [ "$(id -u)" -eq 0 ]; then
  # As root the server runs as `postgres`, which cannot enter /root (mode 700).
  dir=/var/tmp/hocba-pg
else
  dir=$HOME/.cache/hocba-pg
fi
data=$dir/data
url="postgres://postgres@127.0.0.1:$port/postgres"

usage() {
  echo "usage: $0 start|stop|status|url" >&2
  exit 2
}

bindir() {
  local d
  d=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  if [ -z "$d" ] || [ ! -x "$d/pg_ctl" ]; then
    echo "pg.sh: no PostgreSQL under /usr/lib/postgresql: run scripts/setup.sh" >&2
    exit 1
  fi
  echo "$d"
}

# initdb and pg_ctl refuse to run as root.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    # From /, since postgres may not be allowed into the current directory.
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

running() {
  [ -f "$data/PG_VERSION" ] && as_pg "$(bindir)/pg_ctl" -D "$data" status >/dev/null 2>&1
}

start() {
  local bin
  bin=$(bindir)
  if running; then
    return 0
  fi
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$dir"
    chmod 700 "$dir"
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    rm -rf "$data"
    # C.UTF-8 rather than C: lower()/upper() must handle Vietnamese letters.
    as_pg "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 \
      --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 || {
      cat "$dir/initdb.log" >&2
      exit 1
    }
  fi
  # The log goes to a file: as pg_ctl's stdout, the server would hold a caller's pipe open.
  if ! as_pg "$bin/pg_ctl" -D "$data" -l "$dir/postgres.log" -w -t 60 \
    -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null; then
    echo "pg.sh: PostgreSQL failed to start on port $port; end of $dir/postgres.log:" >&2
    tail -n 20 "$dir/postgres.log" >&2 || true
    exit 1
  fi
  echo "pg.sh: PostgreSQL running: $url" >&2
}

stop() {
  if running; then
    as_pg "$(bindir)/pg_ctl" -D "$data" -m fast -w stop >/dev/null
    echo "pg.sh: PostgreSQL stopped" >&2
  fi
}

[ $# -eq 1 ] || usage
case $1 in
  start) start ;;
  stop) stop ;;
  status) running ;;
  url) echo "$url" ;;
  *) usage ;;
esac
