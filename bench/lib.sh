# Shared by the shell benchmarks (source it): where things are, a scratch directory cleaned up on
# exit, quiet steps that stop the benchmark on failure, a benchmark database, a covermap server,
# and wrk over a list of paths. Set `db` (database name) before sourcing.
root=$(cd "$(dirname "${BASH_SOURCE[1]}")/.." && pwd)
covermap=${COVERMAP_BIN:-$root/build/cli/covermap}
data=${COVERMAP_SHARED_DATA:-$root/../shared/data}
port=${COVERMAP_PG_PORT:-55432}
url="postgresql://covermap@127.0.0.1:$port/$db"
pg="host=127.0.0.1 port=$port user=covermap"
http_port=${HTTP_PORT:-18556}
[ -x "$covermap" ] || { echo "no covermap binary at $covermap: build the project first" >&2; exit 2; }
export PATH=$PATH:/usr/sbin

tmp=$(mktemp -d)
chmod 755 "$tmp"
server=
bench_cleanups=()
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  for c in "${bench_cleanups[@]}"; do eval "$c" || true; done
  psql -X -q "$pg dbname=postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# step NAME CMD...: run quietly; on failure show its output and stop.
step() {
  local name=$1; shift
  if ! "$@" >"$tmp/step.log" 2>&1; then echo "FAILED: $name" >&2; cat "$tmp/step.log" >&2; exit 1; fi
}
cm() { "$covermap" --database "$url" "$@"; }
sql() { psql -X -q -At -v ON_ERROR_STOP=1 "$pg dbname=$db" "$@"; }
need() { # TOOL APT-PACKAGE
  command -v "$1" >/dev/null || { echo "installing $2" >&2; apt-get install -y -qq "$2" >/dev/null; }
}

# A fresh, migrated benchmark database on the project-local cluster.
fresh_database() {
  step "start cluster" "$root/scripts/db.sh" start
  step "create $db" psql -X -q -v ON_ERROR_STOP=1 "$pg dbname=postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" \
    -c "CREATE DATABASE $db OWNER covermap"
  step migrate cm db migrate
}

start_covermap() { # extra serve flags... (ACCESS_LOG=FILE keeps the access log; default off)
  [ -n "$server" ] && kill "$server" && wait "$server" 2>/dev/null || true
  "$covermap" --database "$url" serve --port "$http_port" --threads 2 --rate-limit-per-minute 0 --access-log "${ACCESS_LOG:-off}" "$@" >"$tmp/serve.log" 2>&1 &
  server=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$http_port/health" >/dev/null && break; sleep 0.1; done
}

run_wrk() { # LIST PORT GZIP SECONDS [CONNECTIONS] → the RESULT line of bench/paths.lua
  local c=${5:-4}
  PATH_LIST=$1 GZIP=$3 wrk -t"$((c < 2 ? c : 2))" -c"$c" -d"$4s" --timeout 10s -s "$root/bench/paths.lua" "http://127.0.0.1:$2" | grep '^RESULT'
}
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p"; }
# The CPU time the host took from this machine (steal), in % of all CPU time between two readings
# of `cpu_ticks`: a busy host throttles the two-threaded importer more than single-threaded tools.
cpu_ticks() { head -1 /proc/stat; }
stolen_share() { # BEFORE AFTER (cpu_ticks lines)
  awk -v a="$1" -v b="$2" 'BEGIN { n = split(a, x); split(b, y); t = 0; for (i = 2; i <= n; i++) t += y[i] - x[i]
    printf "%.1f", (t > 0 ? 100 * (y[9] - x[9]) / t : 0) }'
}
median() { sort -n | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }  # of stdin
