#!/usr/bin/env bash
# Benchmark: `covermap crosswalk build --from 2009 --to 2025` on the real boundaries (11,163 × 3,321
# communes and 63 × 34 provinces intersected in EPSG:6933, 102,046 hamlet points placed), and, for
# scale, the bare PostGIS cost of what dominates it: ST_Intersection of every overlapping pair of
# communes (the new polygons transformed once). Run by hand, never part of the tests:
#
#   bench/crosswalk_bench.sh [N]        # N repetitions, default 3 (or $N)
#
# Needs a built covermap (build/cli/covermap or $COVERMAP_BIN), psql and ../shared/data beside the
# project (or $COVERMAP_SHARED_DATA). Starts the project-local cluster when it is not running and
# works in its own database covermap_bench_crosswalk (or $BENCH_DB), created at the start (both
# editions with hamlets loaded once, ~40 s) and dropped at the end. Target: a build <= 10 s.
set -euo pipefail

n=${1:-${N:-3}}
[[ $n =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [N]   (N: a positive number of repetitions)" >&2; exit 2; }
db=${BENCH_DB:-covermap_bench_crosswalk}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[ -r "$data/boundaries/vn_admin_2025.gpkg" ] || { echo "no reference data at $data" >&2; exit 2; }
fresh_database
step "load the reference data" env COVERMAP_DATABASE_URL="$url" COVERMAP_SHARED_DATA="$data" "$root/scripts/load-shared.sh"

now() { date +%s.%N; }
echo "database: $db; repetitions: $n; load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for ((i = 1; i <= n; i++)); do
  t0=$(now)
  step "crosswalk build" cm crosswalk build --from 2009 --to 2025
  t1=$(now)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }' >>"$tmp/build.times"
  sed -n 's/^  \([0-9.]*\) s$/\1/p' "$tmp/step.log" >>"$tmp/inside.times"
  [ "$i" = 1 ] && cp "$tmp/step.log" "$tmp/first.log"
  echo "  run $i: crosswalk build $(tail -1 "$tmp/build.times") s (load $(cut -d' ' -f1 /proc/loadavg))" >&2

  t0=$(now)
  step "bare intersections" sql -c "SET jit = off" -c "
    CREATE TEMP TABLE o AS SELECT u.id, ST_Transform(u.geom, 6933) AS g FROM admin_unit u JOIN edition e ON e.id = u.edition_id
      WHERE e.name = '2009' AND u.level = 'commune';
    CREATE TEMP TABLE n AS SELECT u.id, ST_Transform(u.geom, 6933) AS g FROM admin_unit u JOIN edition e ON e.id = u.edition_id
      WHERE e.name = '2025' AND u.level = 'commune';
    CREATE INDEX ON o USING gist (g); ANALYZE o; ANALYZE n;
    SELECT count(*), sum(ST_Area(ST_Intersection(o.g, n.g))) FROM n JOIN o ON ST_Intersects(n.g, o.g);"
  t1=$(now)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }' >>"$tmp/bare.times"
  echo "  run $i: bare commune intersections $(tail -1 "$tmp/bare.times") s" >&2
done

pairs=$(sql -c "SELECT count(*) FROM crosswalk_pair WHERE method = 'spatial'")
[ "$pairs" -gt 30000 ] || { echo "FAILED: only $pairs pairs" >&2; exit 1; }
cat "$tmp/first.log"
echo
echo "| step | median (s) |"
echo "|---|---:|"
awk -v b="$(median <"$tmp/build.times")" -v i="$(median <"$tmp/inside.times")" -v x="$(median <"$tmp/bare.times")" 'BEGIN {
  printf "| covermap crosswalk build --from 2009 --to 2025, whole process | %.2f |\n", b
  printf "| - the build transaction as covermap reports it | %.2f |\n", i
  printf "| bare PostGIS: ST_Intersection of every overlapping pair of communes (whole polygons) | %.2f |\n", x
  printf "\ntarget: a build <= 10 s\n"
}'
