#!/usr/bin/env bash
# The project-local PostgreSQL 15 + PostGIS 3 cluster (the embedded default database).
#   scripts/db.sh start   create on first use under var/, start, create role and database, print the URL
#   scripts/db.sh stop    stop the cluster
#   scripts/db.sh status  say whether it runs, and print the URL
#   scripts/db.sh url     print the URL only
#   scripts/db.sh psql    open psql on the covermap database
# PostgreSQL refuses to run as root: the cluster runs as the unprivileged `postgres` account the
# Debian package creates. Data in var/pgdata, socket in var/run, port $COVERMAP_PG_PORT (55432);
# $COVERMAP_VAR_DIR moves var/ elsewhere.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
var="${COVERMAP_VAR_DIR:-$root/var}"  # another directory gives another cluster (the outage test's)
data="$var/pgdata"
sock="$var/run"
log="$var/log/postgresql.log"
port="${COVERMAP_PG_PORT:-55432}"
pg_bin="/usr/lib/postgresql/15/bin"
db_user="covermap"
db_name="covermap"
url="postgresql://$db_user@/$db_name?host=$sock&port=$port"

as_pg() {
  if [ "$(id -un)" = "postgres" ]; then "$@"; else runuser -u postgres -- "$@"; fi
}

need_server() {
  [ -x "$pg_bin/pg_ctl" ] || { echo "db.sh: PostgreSQL 15 is not installed: run scripts/install-deps.sh" >&2; exit 2; }
}

running() { [ -f "$data/postmaster.pid" ] && as_pg "$pg_bin/pg_ctl" -D "$data" status >/dev/null 2>&1; }

init_cluster() {
  echo "db.sh: creating cluster in $data" >&2
  mkdir -p "$data" "$sock" "$(dirname "$log")"
  chown postgres:postgres "$data" "$sock" "$(dirname "$log")"
  chmod 700 "$data"
  # postgres must be able to reach var/ through the project's parent directories.
  local d="$var"
  while [ "$d" != "/" ]; do
    if ! as_pg test -x "$d"; then chmod o+x "$d"; fi
    d=$(dirname "$d")
  done
  as_pg "$pg_bin/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  cat >>"$data/postgresql.conf" <<CONF
# covermap project-local cluster
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$sock'
max_connections = 200
shared_buffers = 512MB
work_mem = 64MB
maintenance_work_mem = 512MB
fsync = off
synchronous_commit = off
full_page_writes = off
max_wal_size = 4GB
log_min_duration_statement = 2000
CONF
  # Local socket: trust (the socket directory is the project's); TCP on loopback: trust for the
  # development cluster so GDAL's PostgreSQL driver and benchmarks can reach it by host/port.
  cat >"$data/pg_hba.conf" <<HBA
local all all trust
host  all all 127.0.0.1/32 trust
host  all all ::1/128 trust
HBA
}

start() {
  need_server
  [ -f "$data/PG_VERSION" ] || init_cluster
  if ! running; then
    mkdir -p "$sock" && chown postgres:postgres "$sock"
    # The port given now wins over the one written at creation, so a checkout can move its cluster.
    as_pg "$pg_bin/pg_ctl" -D "$data" -l "$log" -o "-p $port" -w -t 60 start >/dev/null
  fi
  as_pg "$pg_bin/psql" -h "$sock" -p "$port" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 <<SQL >/dev/null
SELECT 'CREATE ROLE $db_user LOGIN SUPERUSER' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$db_user')\gexec
SELECT 'CREATE DATABASE $db_name OWNER $db_user' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$db_name')\gexec
SQL
  echo "$url"
}

stop() {
  if running; then as_pg "$pg_bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null; echo "db.sh: stopped" >&2; fi
}

case "${1:-status}" in
  start) start ;;
  stop) stop ;;
  status)
    if running; then echo "running: $url"; else echo "stopped (data: $data)"; exit 3; fi ;;
  url) echo "$url" ;;
  psql) shift; exec psql "$url" "$@" ;;
  *) echo "usage: scripts/db.sh start|stop|status|url|psql" >&2; exit 2 ;;
esac
