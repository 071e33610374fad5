#!/usr/bin/env bash
# Benchmark: figures of a snapshot converted from the 2009 edition onto the 2025 units (issue 17)
# against the 2025 edition's own snapshot, side by side in one run: uncached vector tiles
# (--tile-cache-mb 0), the coverage table of the 3,321 communes and the national summary. Also
# times carrying the two 2009 snapshots over (part of `covermap crosswalk build`). Run by hand,
# never part of the tests:
#
#   bench/converted_bench.sh [SECONDS]     # seconds per measurement, default 10
#
# Needs a built covermap, ../shared/data, psql and wrk (installed with apt when missing). Works in
# its own database covermap_bench_converted (or $BENCH_DB): loads both editions with hamlets (~40 s),
# the 2023-12 (2009 units) and 2026-06 (2025 units) registries, builds the crosswalk, measures,
# then drops it.
set -euo pipefail

secs=${1:-10}
[[ $secs =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [SECONDS]" >&2; exit 2; }
db=${BENCH_DB:-covermap_bench_converted}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need wrk wrk
[ -r "$data/boundaries/vn_admin_2025.gpkg" ] || { echo "no reference data at $data" >&2; exit 2; }

fresh_database
step "load the reference data" env COVERMAP_DATABASE_URL="$url" COVERMAP_SHARED_DATA="$data" "$root/scripts/load-shared.sh"
step "registry 2023-12 (2009 units)" cm import registry "$data/registry/teams_2023-12.csv" --edition 2009 --as-of 2023-12-31
step "registry 2026-06 (2025 units)" cm import registry "$data/registry/teams_2026-06.csv" --edition 2025 --as-of 2026-06-30
step "crosswalk build" cm crosswalk build --from 2009 --to 2025
grep -E "^  [0-9.]+ s$|snapshots of" "$tmp/step.log"

# Tiles holding 200 communes' label points per zoom (fixed order), the coverage tileset.
for z in 5 8 11; do
  sql -c "SELECT DISTINCT '/tiles/coverage/' || $z || '/' || floor((ST_X(p) + 180) / 360 * 2 ^ $z)::int || '/' ||
            floor((1 - ln(tan(radians(ST_Y(p))) + 1 / cos(radians(ST_Y(p)))) / pi()) / 2 * 2 ^ $z)::int || '.mvt?edition=2025'
          FROM (SELECT label_point AS p FROM admin_unit u JOIN edition e ON e.id = u.edition_id
                WHERE e.name = '2025' AND u.level = 'commune' ORDER BY md5(u.code) LIMIT 200) s" >"$tmp/tiles_$z"
done
for as_of in 2026-06-30 2023-12-31; do
  for z in 5 8 11; do sed "s/\$/\&as_of=$as_of/" "$tmp/tiles_$z" >"$tmp/tiles_${z}_$as_of"; done
  echo "/api/stats/coverage?edition=2025&level=commune&as_of=$as_of" >"$tmp/table_$as_of"
  echo "/api/stats/summary?edition=2025&as_of=$as_of" >"$tmp/summary_$as_of"
done

start_covermap --tile-cache-mb 0
echo
echo "| what (edition 2025) | own 2026-06-30: req/s (p95 ms) | converted 2023-12-31: req/s (p95 ms) | converted / own |"
echo "|---|---:|---:|---:|"
measure() { # NAME LIST-STEM
  local own conv
  run_wrk "$tmp/${2}_2026-06-30" "$http_port" 1 2 >/dev/null  # warm-up: shapes and the snapshot's attributes
  run_wrk "$tmp/${2}_2023-12-31" "$http_port" 1 2 >/dev/null
  own=$(run_wrk "$tmp/${2}_2026-06-30" "$http_port" 1 "$secs")
  conv=$(run_wrk "$tmp/${2}_2023-12-31" "$http_port" 1 "$secs")
  awk -v n="$1" -v a="$(field rps <<<"$own")" -v ap="$(field p95_ms <<<"$own")" \
      -v b="$(field rps <<<"$conv")" -v bp="$(field p95_ms <<<"$conv")" \
      'BEGIN { printf "| %s | %.0f (%.1f) | %.0f (%.1f) | %.2f |\n", n, a, ap, b, bp, b / a }'
}
measure "uncached tiles z5" tiles_5
measure "uncached tiles z8" tiles_8
measure "uncached tiles z11" tiles_11
measure "coverage table, 3,321 communes (JSON)" table
measure "national summary" summary
