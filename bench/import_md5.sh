#!/usr/bin/env bash
# What a boundary import stores, as md5s, to compare two builds (issue 19): a fresh database
# $2 (default covermap_md5) on the project-local cluster, the 2025 provinces, then the 2025
# communes twice (an insert and a replace), then the md5 of admin_unit (every column but
# geom_3857, geometries as EWKB hex, by id), of geom_3857 alone, of unit_shape and unit_neighbour,
# and how many geom_3857 equal ST_Transform(geom, 3857) bit for bit. Drops the database at the end.
#
#   bench/import_md5.sh [COVERMAP-BINARY [DATABASE]]
set -euo pipefail
bin=${1:-}
db=${2:-covermap_md5}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
covermap=${bin:-$covermap}
src=${BENCH_GPKG:-$data/boundaries/vn_admin_2025.gpkg}
[ -r "$src" ] || { echo "no source file $src (reference data absent)" >&2; exit 2; }
cp "$src" "$tmp/"
gpkg="$tmp/$(basename "$src")"
fresh_database
step "import provinces" cm import boundaries "$gpkg" --layer provinces --edition 2025 --level province \
  --code-field province_code --name-field name
for run in insert replace; do
  step "import communes ($run)" cm import boundaries "$gpkg" --layer communes --edition 2025 --level commune \
    --code-field commune_code --name-field name --parent-code-field province_code
done
sql <<'SQL'
SELECT 'admin_unit (without geom_3857)', count(*), md5(string_agg(concat_ws('|', id, edition_id, level, code, name,
  name_key, unit_type, parent_id, parent_code, population, households, encode(ST_AsEWKB(geom), 'hex'),
  encode(ST_AsEWKB(label_point), 'hex')), E'\n' ORDER BY id)) FROM admin_unit;
SELECT 'geom_3857', count(*), md5(string_agg(encode(ST_AsEWKB(geom_3857), 'hex'), E'\n' ORDER BY id)) FROM admin_unit;
SELECT 'geom_3857 = ST_Transform bit for bit', count(*) FILTER (WHERE ST_AsEWKB(geom_3857) = ST_AsEWKB(ST_Transform(geom, 3857))),
  count(*) FROM admin_unit;
SELECT 'unit_shape', count(*), md5(string_agg(concat_ws('|', edition_id, level, band, unit_id, encode(ST_AsEWKB(geom), 'hex')),
  E'\n' ORDER BY edition_id, level, band, unit_id)) FROM unit_shape;
SELECT 'unit_neighbour', count(*), md5(string_agg(concat_ws('|', edition_id, level, unit_id, neighbour_id), E'\n'
  ORDER BY edition_id, level, unit_id, neighbour_id)) FROM unit_neighbour;
SQL
