#!/usr/bin/env bash
# Benchmark: OGC API – Features items pages of 1,000 communes (2025 edition, 3,321 communes, 2.7 M
# vertices; ~24 MB of GeoJSON per page) served by covermap, against the same page built directly in
# PostGIS (json_agg of ST_AsGeoJSON, what a thin feature server runs per request) driven by pgbench;
# then a full copy of the communes with GDAL's OAPIF client (ogr2ogr, PAGE_SIZE=1000) beside the
# same ogr2ogr reading the same features from a local GeoJSON file and from PostGIS directly.
# Run by hand, never part of the tests:
#
#   bench/features_bench.sh [SECONDS]     # seconds per measurement, default 10
#
# Needs a built covermap, ../shared/data, psql, pgbench, wrk (installed with apt when missing) and
# ogr2ogr. Works in its own database covermap_bench_features (or $BENCH_DB), dropped at the end.
set -euo pipefail

secs=${1:-10}
[[ $secs =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [SECONDS]" >&2; exit 2; }
db=${BENCH_DB:-covermap_bench_features}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need wrk wrk

fresh_database
step "2025 communes" cm import boundaries "$data/boundaries/vn_admin_2025.gpkg" --layer communes --edition 2025 \
  --level commune --code-field commune_code --name-field name
echo "communes: $(sql -c "SELECT count(*) || ', ' || sum(ST_NPoints(geom)) || ' vertices' FROM admin_unit")"

# The four pages that hold every commune, requested in a shuffled order by each wrk thread.
for o in 0 1000 2000 3000; do echo "/collections/communes/items?limit=1000&offset=$o"; done >"$tmp/pages"
base="http://127.0.0.1:$http_port"

# PostGIS building the same page (the same properties, 7 decimals) as one JSON text.
cat >"$tmp/page.sql" <<'SQL'
\set o random(0, 3) * 1000
SELECT json_build_object('type', 'FeatureCollection', 'features', json_agg(json_build_object(
         'type', 'Feature', 'id', u.id, 'geometry', ST_AsGeoJSON(u.geom, 7)::json,
         'properties', json_build_object('code', u.code, 'name', u.name, 'type', u.unit_type, 'level', u.level,
                                         'parent_code', u.parent_code, 'population', u.population,
                                         'households', u.households)) ORDER BY u.id))::text
FROM (SELECT * FROM admin_unit WHERE level = 'commune' ORDER BY id OFFSET :o LIMIT 1000) u;
SQL
postgis() { # CLIENTS → "tps p95_ms"
  rm -f "$tmp"/pgbench_log.*
  (cd "$tmp" && pgbench -n -M prepared -c "$1" -j "$1" -T "$secs" --random-seed=42 -l -f page.sql -h 127.0.0.1 -p "$port" \
    -U covermap "$db" >"$tmp/pgbench.out" 2>&1)
  local tps p95
  tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$tmp/pgbench.out")
  p95=$(cat "$tmp"/pgbench_log.* | awk '{print $3 / 1000}' | sort -n | awk '{a[NR] = $1} END {print a[int(NR * 0.95 + 0.5)]}')
  echo "$tps $p95"
}

echo
echo "## items?limit=1000 on the 2025 communes: pages/s and p95 latency (ms), one run"
printf '%-44s %10s %10s %8s\n' server 'pages/s' 'p95 ms' 'vs PostGIS'
for clients in 1 2; do
  read -r pg_tps pg_p95 < <(postgis "$clients")
  printf '%-44s %10.1f %10.1f %8s\n' "PostGIS json_agg(ST_AsGeoJSON), $clients client(s)" "$pg_tps" "$pg_p95" "1.00x"
  start_covermap --features-cache-mb 0
  curl -s -o /dev/null "$base/collections/communes/items?limit=1"  # the catalogue
  c=$(run_wrk "$tmp/pages" "$http_port" 0 "$secs" "$clients")
  printf '%-44s %10.1f %10.1f %7.2fx\n' "covermap, no geometry cache, $clients conn." "$(echo "$c" | field rps)" "$(echo "$c" | field p95_ms)" \
    "$(echo "$c" | field rps | awk -v r="$pg_tps" '{print $1 / r}')"
  echo "$c" | grep -q 'errors=0' || echo "  errors: $c"
  start_covermap
  while read -r p; do curl -s -o /dev/null "$base$p"; done <"$tmp/pages"  # warm the geometry cache
  c=$(run_wrk "$tmp/pages" "$http_port" 0 "$secs" "$clients")
  printf '%-44s %10.1f %10.1f %7.2fx\n' "covermap, warm geometry cache, $clients conn." "$(echo "$c" | field rps)" "$(echo "$c" | field p95_ms)" \
    "$(echo "$c" | field rps | awk -v r="$pg_tps" '{print $1 / r}')"
  echo "$c" | grep -q 'errors=0' || echo "  errors: $c"
done
echo "covermap resident memory after the warm runs: $(grep VmRSS /proc/$server/status | awk '{print $2, $3}')"

echo
echo "## Full copy of the 3,321 communes with ogr2ogr -f GPKG: median of 3 (s)"
timed() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N); awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f\n", b - a}'; }
curl -s -o "$tmp/communes.geojson" "$base/collections/communes/items?limit=10000"
for source in oapif file postgis; do
  for _ in 1 2 3; do
    rm -f "$tmp/out.gpkg"
    case $source in
      oapif) timed ogr2ogr -f GPKG "$tmp/out.gpkg" "OAPIF:$base" communes -oo PAGE_SIZE=1000 ;;
      file) timed ogr2ogr -f GPKG "$tmp/out.gpkg" "$tmp/communes.geojson" ;;
      postgis) timed ogr2ogr -f GPKG "$tmp/out.gpkg" "PG:$pg dbname=$db" -sql "SELECT id, code, name, geom FROM admin_unit" ;;
    esac
  done | median >"$tmp/t_$source"
done
printf '%-52s %8s\n' "ogr2ogr OAPIF:covermap (warm), PAGE_SIZE=1000" "$(cat "$tmp/t_oapif")"
printf '%-52s %8s\n' "ogr2ogr from the same GeoJSON as a local file" "$(cat "$tmp/t_file")"
printf '%-52s %8s\n' "ogr2ogr PG: straight from PostGIS" "$(cat "$tmp/t_postgis")"
rm -f "$tmp/out.gpkg"
ogr2ogr -f GPKG "$tmp/out.gpkg" "OAPIF:$base" communes -oo PAGE_SIZE=1000 >/dev/null 2>&1
echo "communes in the OAPIF copy: $(ogrinfo -ro -q -sql 'SELECT count(DISTINCT fid) AS n FROM communes' "$tmp/out.gpkg" | sed -n 's/.*n (Integer) = //p')"
