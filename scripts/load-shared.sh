#!/usr/bin/env bash
# Load the reference boundaries of ../shared/data (2009 and 2025 editions, with hamlets) into the
# database covermap points at ($COVERMAP_DATABASE_URL, else the project-local cluster).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
data=${COVERMAP_SHARED_DATA:-$root/../shared/data}
cm="$root/build/cli/covermap"
[ -d "$data/boundaries" ] || { echo "load-shared: no reference data at $data" >&2; exit 2; }
"$cm" db migrate
b="$data/boundaries"
"$cm" import boundaries "$b/vn_admin_2009.gpkg" --layer provinces --edition 2009 --level province \
  --code-field province_code --name-field name --population-field population_2009 \
  --valid-from 2009-04-01 --valid-to 2025-07-01 --title "Vietnam 2009 (63 provinces, 3 tiers)"
"$cm" import boundaries "$b/vn_admin_2009.gpkg" --layer districts --edition 2009 --level district \
  --code-field district_code --name-field name --parent-code-field province_code --population-field population_2009
"$cm" import boundaries "$b/vn_admin_2009.gpkg" --layer communes --edition 2009 --level commune \
  --code-field commune_code --name-field name --parent-code-field district_code --population-field population_2009
"$cm" import boundaries "$data/hamlets/hamlets_2009.csv" --edition 2009 --level hamlet \
  --code-field hamlet_code --name-field name --parent-code-field commune_code --households-field households
"$cm" import boundaries "$b/vn_admin_2025.gpkg" --layer provinces --edition 2025 --level province \
  --code-field province_code --name-field name --valid-from 2025-07-01 --title "Vietnam 2025 (34 provinces, 2 tiers)"
"$cm" import boundaries "$b/vn_admin_2025.gpkg" --layer communes --edition 2025 --level commune \
  --code-field commune_code --name-field name --parent-code-field province_code
"$cm" import boundaries "$data/hamlets/hamlets_2025.csv" --edition 2025 --level hamlet \
  --code-field hamlet_code --name-field name --parent-code-field commune_code --households-field households
