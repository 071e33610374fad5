#!/usr/bin/env bash
# Benchmark: the first requests a freshly started server answers (the catalogue is read on the
# first one, then each kind of query is planned for the first time), on the 2025 provinces,
# communes and hamlets with the teams_2026-06 registry, for one or two covermap binaries
# alternately started on the same database. Run by hand, never part of the tests:
#
#   bench/first_requests.sh [N]                              # N server starts (default 3)
#   COVERMAP_BASE_BIN=/path/to/other/covermap bench/first_requests.sh [N]
#
# Works in its own database covermap_bench_first (or $BENCH_DB): loads the data (~1 min) with
# the covermap binary (so the other binary must accept its schema), measures, drops it.
# Prints each path's median wall time (curl time_total) per binary, and the sum.
set -euo pipefail

n=${1:-${N:-3}}
[[ $n =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [N]" >&2; exit 2; }
db=${BENCH_DB:-covermap_bench_first}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
base=${COVERMAP_BASE_BIN:-}
fresh_database
b=$data/boundaries
step provinces cm import boundaries "$b/vn_admin_2025.gpkg" --layer provinces --edition 2025 --level province \
  --code-field province_code --name-field name
step communes cm import boundaries "$b/vn_admin_2025.gpkg" --layer communes --edition 2025 --level commune \
  --code-field commune_code --name-field name --parent-code-field province_code
step hamlets cm import boundaries "$data/hamlets/hamlets_2025.csv" --edition 2025 --level hamlet \
  --code-field hamlet_code --name-field name --parent-code-field commune_code --households-field households
step registry cm import registry "$data/registry/teams_2026-06.csv" --edition 2025 --as-of 2026-06-30

paths=(
  "/api/stats/summary?edition=2025"
  "/api/stats/coverage?edition=2025&level=commune"
  "/api/stats/joincount?edition=2025&level=hamlet&parent_code=40"
  "/collections/communes/items?limit=100&offset=500"
  "/collections/hamlets/items?limit=1000&bbox=105,20,106,21"
  "/tiles/coverage/6/51/28.mvt"
  "/tiles/coverage/9/408/226.mvt"
  "/tiles/coverage/12/3265/1810.mvt"
  "/api/units?edition=2025&level=commune"
)
binaries=("$covermap")
[ -n "$base" ] && binaries+=("$base")
for run in $(seq 1 "$n"); do
  for i in "${!binaries[@]}"; do
    covermap=${binaries[$i]} start_covermap
    for p in "${!paths[@]}"; do
      curl -s -o /dev/null -w "%{time_total}\n" "http://127.0.0.1:$http_port${paths[$p]}" >>"$tmp/t.$i.$p"
    done
  done
done
printf '| path | %s |\n|---|%s\n' "$(printf '%s | ' "${binaries[@]}" | sed 's/ | $//')" "$(printf -- '---:|%.0s' "${binaries[@]}")"
declare -A sum
for p in "${!paths[@]}"; do
  line="| \`${paths[$p]}\` |"
  for i in "${!binaries[@]}"; do
    m=$(median <"$tmp/t.$i.$p")
    sum[$i]=$(awk -v a="${sum[$i]:-0}" -v b="$m" 'BEGIN {print a + b}')
    line+=" $(printf '%.3f' "$m") |"
  done
  echo "$line"
done
line="| sum of the medians |"
for i in "${!binaries[@]}"; do line+=" $(printf '%.3f' "${sum[$i]}") |"; done
echo "$line"
