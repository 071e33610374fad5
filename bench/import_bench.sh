#!/usr/bin/env bash
# Benchmark: `covermap import boundaries` (2025 communes) against a plain ogr2ogr load of the same
# layer into the same PostGIS cluster. Run by hand, never part of the tests:
#
#   bench/import_bench.sh [N]          # N interleaved repetitions per tool, default 5 (or $N)
#
# Needs a built covermap (build/cli/covermap, or $COVERMAP_BIN), ogr2ogr, ogrinfo, psql, and
# ../shared/data beside the project (or $BENCH_GPKG). Starts the project-local cluster (scripts/db.sh start) when it is
# not running, and works in its own database covermap_bench (or $BENCH_DB), dropped and recreated
# with PostGIS at the start and dropped at the end: the main covermap database is never touched.
# Prints a markdown table: median and min wall time per tool and the ratio covermap / ogr2ogr, and
# the share of CPU time the host took from this virtual machine meanwhile (steal: when it is more
# than a few %, the runs measured the host's throttling, which slows two threads more than one).
# BENCH_REST=SECONDS rests that long before every run (outside the timing), so that a host that
# throttles sustained load lets each run start from the same state.
# COVERMAP_BASE_BIN=OTHER/covermap adds a second covermap (e.g. the build before a change) to the
# same interleaved runs, so the two binaries are compared under the same load; it works in a database
# of its own ($BENCH_DB_base, migrated by it), since the two may need different schema versions.
set -euo pipefail

n=${1:-${N:-5}}
[[ $n =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [N]   (N: a positive number of repetitions)" >&2; exit 2; }
db=${BENCH_DB:-covermap_bench}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"  # both tools connect the same way: TCP on loopback
src=${BENCH_GPKG:-$data/boundaries/vn_admin_2025.gpkg}
[ -r "$src" ] || { echo "no source file $src (reference data absent)" >&2; exit 2; }
for tool in ogr2ogr ogrinfo; do command -v $tool >/dev/null || { echo "needs $tool" >&2; exit 2; }; done

# The reference data is read-only: GDAL gets a private copy (it may write lock or .aux.xml files).
cp "$src" "$tmp/"
gpkg="$tmp/$(basename "$src")"

# timed NAME CMD...: like step, and append the wall time in seconds to $tmp/NAME.times.
timed() {
  local name=$1; shift
  local t0 t1
  t0=$(date +%s.%N)
  step "$name" "$@"
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }' | tee -a "$tmp/$name.times"
}

base=${COVERMAP_BASE_BIN:-}
bin=$covermap
target=$url
import() { # LAYER LEVEL CODE-FIELD [more options]
  local layer=$1 level=$2 code=$3; shift 3
  "$bin" --database "$target" import boundaries "$gpkg" --layer "$layer" --edition 2025 --level "$level" \
    --code-field "$code" --name-field name "$@"
}
covermap_communes() { import communes commune commune_code --parent-code-field province_code; }
ogr_communes() {
  ogr2ogr -f PostgreSQL PG:"$pg dbname=$db" "$gpkg" communes -nln ogr_communes -overwrite -lco GEOMETRY_NAME=geom
}

fresh_database
step "import provinces" import provinces province province_code
if [ -n "$base" ]; then
  base_db=${db}_base
  base_url=${url%/*}/$base_db
  step "create $base_db" psql -X -q -v ON_ERROR_STOP=1 "$pg dbname=postgres" \
    -c "DROP DATABASE IF EXISTS $base_db WITH (FORCE)" -c "CREATE DATABASE $base_db OWNER covermap"
  bench_cleanups+=("psql -X -q '$pg dbname=postgres' -c 'DROP DATABASE IF EXISTS $base_db WITH (FORCE)' >/dev/null 2>&1")
  step "migrate $base_db" "$base" --database "$base_url" db migrate
  bin=$base target=$base_url step "import provinces (base)" import provinces province province_code
fi

echo "source: $src (communes, $(du -h "$gpkg" | cut -f1)); database: $db; repetitions: $n" >&2
ticks_before=$(cpu_ticks)
for ((i = 1; i <= n; i++)); do
  if ((i % 2)); then order="ogr2ogr covermap${base:+ base}"; else order="${base:+base }covermap ogr2ogr"; fi
  for tool in $order; do
    sleep "${BENCH_REST:-0}"
    case $tool in
      ogr2ogr) s=$(timed ogr2ogr ogr_communes) ;;
      covermap) bin=$covermap target=$url s=$(timed covermap covermap_communes) ;;
      base) bin=$base target=$base_url s=$(timed base covermap_communes) ;;
    esac
    echo "  run $i: $tool $s s" >&2
  done
done
export steal=$(stolen_share "$ticks_before" "$(cpu_ticks)")

# Both tools must have loaded every commune.
want=$(ogrinfo -ro -so "$gpkg" communes | awk -F': ' '/^Feature Count/ { print $2 }')
got=$(psql -X -qAt -v ON_ERROR_STOP=1 "$pg dbname=$db" -c "SELECT (SELECT count(*) FROM ogr_communes) || ' ' ||
  (SELECT count(*) FROM admin_unit WHERE level = 'commune' AND parent_id IS NOT NULL)")
[ "$got" = "$want $want" ] || { echo "FAILED: expected $want communes in both tables, got: $got" >&2; exit 1; }

stats() { # FILE -> "median min"
  sort -n "$1" | awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print m, v[1] }'
}
read -r om omin < <(stats "$tmp/ogr2ogr.times")
read -r cm cmin < <(stats "$tmp/covermap.times")
echo
echo "| tool | runs | median (s) | min (s) | median vs ogr2ogr |"
echo "|---|---:|---:|---:|---:|"
awk -v n="$n" -v om="$om" -v omin="$omin" -v cm="$cm" -v cmin="$cmin" 'BEGIN {
  printf "| ogr2ogr | %d | %.2f | %.2f | 1.00 |\n", n, om, omin
  printf "| covermap import | %d | %.2f | %.2f | %.2f |\n", n, cm, cmin, cm / om
  printf "\nratio covermap/ogr2ogr: median %.2f, min %.2f (target <= 1.5)\n", cm / om, cmin / omin
  printf "CPU time taken by the host (steal) during the runs: %s %%\n", ENVIRON["steal"]
}'
if [ -n "$base" ]; then
  read -r bm bmin < <(stats "$tmp/base.times")
  awk -v n="$n" -v om="$om" -v bm="$bm" -v bmin="$bmin" -v cm="$cm" 'BEGIN {
    printf "| covermap base (%s) | %d | %.2f | %.2f | %.2f |\n", ENVIRON["COVERMAP_BASE_BIN"], n, bm, bmin, bm / om
    printf "covermap / base: median %.2f\n", cm / bm
  }'
fi
