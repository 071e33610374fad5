#!/usr/bin/env bash
# CPU seconds of the boundary import (2025 communes, a replace each time) against ogr2ogr's load of
# the same layer, client and server apart. The wall time of bench/import_bench.sh swings with the
# load of a shared machine; CPU time much less, so this compares builds when the machine is busy:
#
#   bench/import_cpu.sh [N] [OTHER-COVERMAP...]    # N interleaved runs (default 5) of each tool
#
# Client CPU: user + system of the process (/usr/bin/time). Server CPU: the project-local cluster's
# postmaster with its reaped children (the import's backend once it has exited) and its live
# children, before and after each run: a run's figure includes whatever else the cluster did
# meanwhile (keep other users off it). Prints medians: wall, client, server, total (seconds).
set -euo pipefail

n=${1:-${N:-5}}
[[ $n =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [N] [OTHER-COVERMAP...]" >&2; exit 2; }
shift $(($# > 0 ? 1 : 0))
db=${BENCH_DB:-covermap_bench_cpu}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
src=${BENCH_GPKG:-$data/boundaries/vn_admin_2025.gpkg}
[ -r "$src" ] || { echo "no source file $src (reference data absent)" >&2; exit 2; }
command -v ogr2ogr >/dev/null && [ -x /usr/bin/time ] || { echo "needs ogr2ogr and /usr/bin/time" >&2; exit 2; }
cp "$src" "$tmp/"
gpkg="$tmp/$(basename "$src")"
tools=("$covermap" "$@")

fresh_database
pm=$(head -1 "$root/var/pgdata/postmaster.pid")
tck=$(getconf CLK_TCK)
server_ticks() { # utime stime cutime cstime of the postmaster, utime stime of its live children
  local t p f
  read -r -a f < "/proc/$pm/stat"
  t=$((f[13] + f[14] + f[15] + f[16]))
  for p in $(pgrep -P "$pm"); do
    read -r -a f < "/proc/$p/stat" 2>/dev/null || continue
    t=$((t + f[13] + f[14]))
  done
  echo $t
}
# Each covermap works in a database of its own (the first in $db, the others in ${db}_2, ...,
# each migrated by its binary), since binaries of different commits may need different schemas.
declare -A tool_url
communes() { # BIN: the command line (run by /usr/bin/time, so no shell function)
  echo "$1" --database "${tool_url[$1]}" import boundaries "$gpkg" --layer communes --edition 2025 --level commune \
    --code-field commune_code --name-field name --parent-code-field province_code
}
k=0
for b in "${tools[@]}"; do
  k=$((k + 1))
  if ((k == 1)); then
    tool_url[$b]=$url
  else
    [ -z "${tool_url[$b]:-}" ] || continue
    tool_url[$b]=${url%/*}/${db}_$k
    step "create ${db}_$k" psql -X -q -v ON_ERROR_STOP=1 "$pg dbname=postgres" \
      -c "DROP DATABASE IF EXISTS ${db}_$k WITH (FORCE)" -c "CREATE DATABASE ${db}_$k OWNER covermap"
    bench_cleanups+=("psql -X -q '$pg dbname=postgres' -c 'DROP DATABASE IF EXISTS ${db}_$k WITH (FORCE)' >/dev/null 2>&1")
    step "migrate ${db}_$k" "$b" --database "${tool_url[$b]}" db migrate
  fi
  step "import provinces" "$b" --database "${tool_url[$b]}" import boundaries "$gpkg" --layer provinces --edition 2025 \
    --level province --code-field province_code --name-field name
  step "import communes" $(communes "$b")  # every timed run below is a replace
done
run() { # NAME CMD...
  local name=$1 s0 s1 t0 t1 u s; shift
  s0=$(server_ticks); t0=$(date +%s.%N)
  /usr/bin/time -f "%U %S" -o "$tmp/time" "$@" >"$tmp/step.log" 2>&1 || { cat "$tmp/step.log" >&2; exit 1; }
  t1=$(date +%s.%N); sleep 0.5; s1=$(server_ticks)  # the backend has exited and been reaped
  read -r u s < "$tmp/time"
  awk -v n="$name" -v u="$u" -v s="$s" -v d=$((s1 - s0)) -v k="$tck" -v a="$t0" -v b="$t1" \
    'BEGIN { printf "%s\t%.2f\t%.2f\t%.2f\t%.2f\n", n, b - a, u + s, d / k, u + s + d / k }' | tee -a "$tmp/all" >&2
}
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for ((i = 1; i <= n; i++)); do
  run ogr2ogr ogr2ogr -f PostgreSQL PG:"$pg dbname=$db" "$gpkg" communes -nln ogr_communes -overwrite -lco GEOMETRY_NAME=geom
  for b in "${tools[@]}"; do run "$b" $(communes "$b"); done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo
echo "| tool | runs | wall (s) | client CPU (s) | server CPU (s) | total CPU (s) | total vs ogr2ogr |"
echo "|---|---:|---:|---:|---:|---:|---:|"
median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ogr_total=$(awk -F'\t' '$1 == "ogr2ogr" { print $5 }' "$tmp/all" | median)
for t in ogr2ogr "${tools[@]}"; do
  cols=()
  for c in 2 3 4 5; do cols+=("$(awk -F'\t' -v t="$t" -v c=$c '$1 == t { print $c }' "$tmp/all" | median)"); done
  awk -v t="$t" -v n="$n" -v w="${cols[0]}" -v c="${cols[1]}" -v s="${cols[2]}" -v x="${cols[3]}" -v o="$ogr_total" \
    'BEGIN { printf "| %s | %d | %s | %s | %s | %s | %.2f |\n", t, n, w, c, s, x, x / o }'
done
