#!/usr/bin/env bash
# Benchmark: what the map's names (the label layers of the `coverage` tileset: one point and one
# name per unit, in the tile holding the unit's label point) add to its tiles, and what the glyphs
# cost to build. Run by hand, never part of the tests:
#
#   bench/labels_bench.sh
#
# Loads the 2025 provinces and communes and the 2009 provinces, districts and communes into its own
# database covermap_bench_labels (or $BENCH_DB), takes the tiles of bench/tiles_bench.sh's lists (the
# tiles holding 200 communes' label points per zoom, fixed seed: each holds a label, the worst case)
# from the `coverage` tileset, and prints per list the bytes with the label layers and without them
# (bench/label_bytes.py), raw and gzipped; then the same over every tile of the 2025 edition with its
# ~75k hamlets, z0-14 (`covermap tiles export`); then times the first (uncached) answer of each glyph
# range the Vietnamese map asks for.
set -euo pipefail
db=${BENCH_DB:-covermap_bench_labels}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

fresh_database
b=$data/boundaries
step "2025 provinces" cm import boundaries "$b/vn_admin_2025.gpkg" --layer provinces --edition 2025 --level province \
  --code-field province_code --name-field name
step "2025 communes" cm import boundaries "$b/vn_admin_2025.gpkg" --layer communes --edition 2025 --level commune \
  --code-field commune_code --name-field name
step "2009 provinces" cm import boundaries "$b/vn_admin_2009.gpkg" --layer provinces --edition 2009 --level province \
  --code-field province_code --name-field name
step "2009 districts" cm import boundaries "$b/vn_admin_2009.gpkg" --layer districts --edition 2009 --level district \
  --code-field district_code --name-field name
step "2009 communes" cm import boundaries "$b/vn_admin_2009.gpkg" --layer communes --edition 2009 --level commune \
  --code-field commune_code --name-field name
step "2025 hamlets" cm import boundaries "$data/hamlets/hamlets_2025.csv" --edition 2025 --level hamlet \
  --code-field hamlet_code --name-field name --parent-code-field commune_code --households-field households

start_covermap --tile-cache-mb 0
echo "## coverage tileset: bytes without the label layers → with them"
for e in 2025 2009; do
  for z in 5 8 11 14; do
    sql -c "
      SELECT DISTINCT '/tiles/coverage/' || $z || '/' ||
             floor((ST_X(label_point) + 180) / 360 * 2 ^ $z)::int || '/' ||
             floor((1 - ln(tan(radians(ST_Y(label_point))) + 1 / cos(radians(ST_Y(label_point)))) / pi()) / 2 * 2 ^ $z)::int ||
             '.mvt?edition=$e'
      FROM (SELECT label_point FROM admin_unit WHERE edition_id = (SELECT id FROM edition WHERE name = '$e')
              AND level = 'commune' ORDER BY md5(code || $z) LIMIT 200) u" >"$tmp/list"
    python3 "$root/bench/label_bytes.py" "http://127.0.0.1:$http_port" "$e z$z" <"$tmp/list"
  done
done

echo
echo "## every tile of the coverage tileset, 2025 with hamlets, z0-14: without the label layers → with them"
step export cm tiles export --tileset coverage --edition 2025 --zooms 0-14 -o "$tmp/coverage.mbtiles"
python3 "$root/bench/label_bytes.py" --mbtiles "$tmp/coverage.mbtiles"

echo
echo "## glyph ranges: first answer (built then), second (cached), bytes"
for range in 0-255 256-511 768-1023 7680-7935; do
  for font in Noto%20Sans%20Regular Noto%20Sans%20Bold; do
    first=$(curl -s -o "$tmp/g.pbf" -w '%{time_total}' "http://127.0.0.1:$http_port/fonts/$font/$range.pbf")
    second=$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$http_port/fonts/$font/$range.pbf")
    printf '%-22s %-10s first %6.3f s  cached %6.4f s  %7d B (gzip %d B)\n' "${font//%20/ }" "$range" "$first" "$second" \
      "$(stat -c %s "$tmp/g.pbf")" "$(gzip -6 -c "$tmp/g.pbf" | wc -c)"
  done
done
