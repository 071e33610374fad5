#!/usr/bin/env bash
# Benchmark: a full download of the 3,321 communes of 2025 (2.7 M vertices) copied into a
# GeoPackage by ogr2ogr from covermap, in three ways side by side:
#   fgb      ogr2ogr "/vsicurl/…/collections/communes_2025/items?f=fgb&limit=10000"   (one request)
#   geojson  ogr2ogr "/vsicurl/…/collections/communes_2025/items?f=geojson&limit=10000" (one request)
#   oapif    ogr2ogr OAPIF:… communes_2025 -oo PAGE_SIZE=1000                          (paging)
# each with the server's geometry cache warm (a server that served the page before) and cold (a
# server started with --features-cache-mb 0: every geometry read from PostGIS and encoded again).
# Also times curl alone on the two single-request URLs and ogr2ogr of the same FlatGeobuf from a
# local file, to split the server's time from GDAL's. Cold runs restart the server before each run.
# Run by hand, never part of the tests:
#
#   bench/fgb_bench.sh [N]     # runs per measurement (median reported), default 5
#
# Needs a built covermap, ../shared/data, psql and ogr2ogr. Works in its own database
# covermap_bench_fgb (or $BENCH_DB), dropped at the end.
set -euo pipefail

runs=${1:-5}
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [N]" >&2; exit 2; }
db=${BENCH_DB:-covermap_bench_fgb}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

fresh_database
step "2025 communes" cm import boundaries "$data/boundaries/vn_admin_2025.gpkg" --layer communes --edition 2025 \
  --level commune --code-field commune_code --name-field name
echo "communes: $(sql -c "SELECT count(*) || ', ' || sum(ST_NPoints(geom)) || ' vertices' FROM admin_unit")"
base="http://127.0.0.1:$http_port"
items="$base/collections/communes_2025/items"

# Seconds of one run; a failed run stops the benchmark (a fast failure must not pass for a fast copy).
timed() {
  local t0 t1; t0=$(date +%s.%N)
  "$@" >"$tmp/run.log" 2>&1 || { echo "FAILED: $*" >&2; cat "$tmp/run.log" >&2; exit 1; }
  t1=$(date +%s.%N); awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f\n", b - a}'
}
copy() { # WAY
  rm -f "$tmp/out.gpkg"
  case $1 in
    fgb) ogr2ogr -f GPKG "$tmp/out.gpkg" "/vsicurl/$items?f=fgb&limit=10000" ;;
    geojson) ogr2ogr -f GPKG "$tmp/out.gpkg" "/vsicurl/$items?f=geojson&limit=10000" ;;
    oapif) ogr2ogr -f GPKG "$tmp/out.gpkg" "OAPIF:$base" communes -oo PAGE_SIZE=1000 ;;  # the default edition's id
    curl-fgb) curl -sf -o "$tmp/out.fgb" "$items?f=fgb&limit=10000" ;;
    curl-geojson) curl -sf -o "$tmp/out.json" "$items?f=geojson&limit=10000" ;;
    fgb-file) [ -s "$tmp/local.fgb" ] || curl -sf -o "$tmp/local.fgb" "$items?f=fgb&limit=10000"; ogr2ogr -f GPKG "$tmp/out.gpkg" "$tmp/local.fgb" ;;
  esac
}
measure() { # WAY warm|cold → median seconds of N runs (no pipe: start_covermap must run in this shell)
  : >"$tmp/times"
  for _ in $(seq 1 "$runs"); do
    if [ "$2" = cold ]; then start_covermap --features-cache-mb 0; fi  # nothing kept: geometries, nor a built download
    timed copy "$1" >>"$tmp/times"
  done
  median <"$tmp/times"
}

echo
echo "## ogr2ogr -f GPKG of all 3,321 communes of 2025: median of $runs runs (s)"
printf '%-58s %8s %8s\n' way warm cold
for way in fgb geojson oapif curl-fgb curl-geojson fgb-file; do
  start_covermap
  timed copy "$way" >/dev/null  # warms the geometry cache, the kept download and the catalogue
  measure "$way" warm >"$tmp/warm"
  measure "$way" cold >"$tmp/cold"
  warm=$(cat "$tmp/warm") cold=$(cat "$tmp/cold")
  case $way in
    fgb) label="ogr2ogr /vsicurl/ items?f=fgb&limit=10000" ;;
    geojson) label="ogr2ogr /vsicurl/ items?f=geojson&limit=10000" ;;
    oapif) label="ogr2ogr OAPIF: PAGE_SIZE=1000 (4 pages)" ;;
    curl-fgb) label="curl alone: items?f=fgb&limit=10000 (streamed)" ;;
    curl-geojson) label="curl alone: items?f=geojson&limit=10000 (streamed)" ;;
    fgb-file) label="ogr2ogr of the same FlatGeobuf as a local file" ;;
  esac
  printf '%-58s %8s %8s\n' "$label" "$warm" "$cold"
done
start_covermap
copy fgb >/dev/null 2>&1
echo "communes in the fgb copy: $(ogrinfo -ro -q -sql 'SELECT count(DISTINCT id) AS n FROM communes_2025' "$tmp/out.gpkg" 2>/dev/null | sed -n 's/.*n (Integer) = //p')"
echo "sizes: fgb $(curl -s "$items?f=fgb&limit=10000" | wc -c) bytes, geojson $(curl -s "$items?f=geojson&limit=10000" | wc -c) bytes"
