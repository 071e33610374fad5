#!/usr/bin/env bash
# Benchmark: the statistics endpoints over HTTP on the 11,163 communes of 2009 with the
# teams_2023-12 coverage, side by side with R spdep on the same polygons and values in the same run.
# Run by hand, never part of the tests:
#
#   bench/stats_bench.sh [N]        # N timed requests per endpoint after one warm-up, default 5
#
# Needs a built covermap, Rscript with spdep and sf (scripts/install-deps.sh), curl, psql and
# ../shared/data. Works in its own database covermap_bench_stats (or $BENCH_DB): loads the 2009
# boundaries and the teams_2023-12 registry (~20 s), serves it on a free port, measures, drops it.
set -euo pipefail

n=${1:-${N:-5}}
[[ $n =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [N]" >&2; exit 2; }
db=${BENCH_DB:-covermap_bench_stats}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
for tool in Rscript curl psql; do command -v $tool >/dev/null || { echo "needs $tool" >&2; exit 2; }; done
fresh_database
b=$data/boundaries
step provinces cm import boundaries "$b/vn_admin_2009.gpkg" --layer provinces --edition 2009 --level province \
  --code-field province_code --name-field name
step districts cm import boundaries "$b/vn_admin_2009.gpkg" --layer districts --edition 2009 --level district \
  --code-field district_code --name-field name --parent-code-field province_code
step communes cm import boundaries "$b/vn_admin_2009.gpkg" --layer communes --edition 2009 --level commune \
  --code-field commune_code --name-field name --parent-code-field district_code
step hamlets cm import boundaries "$data/hamlets/hamlets_2009.csv" --edition 2009 --level hamlet \
  --code-field hamlet_code --name-field name --parent-code-field commune_code --households-field households
step registry cm import registry "$data/registry/teams_2023-12.csv" --edition 2009 --as-of 2023-12-31
step indicators cm import indicators "$data/indicators/indicators_2009.csv" --edition 2009
step export cm export coverage --edition 2009 --level commune --as-of 2023-12-31 -o "$tmp/communes.gpkg"

start_covermap

q="edition=2009&level=commune&as_of=2023-12-31&metric=coverage_rate"
measure() { # NAME PATH: warm-up, then N wall times of the whole HTTP request (curl time_total)
  local name=$1 path=$2
  curl -sf -o /dev/null "http://127.0.0.1:$http_port$path"
  for _ in $(seq 1 "$n"); do
    curl -sf -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$http_port$path" >>"$tmp/$name.times"
  done
}
measure coverage "/api/stats/coverage?edition=2009&level=commune&as_of=2023-12-31"
measure moran "/api/stats/autocorrelation?$q&permutations=999"
measure lisa "/api/stats/lisa?$q&permutations=999"
measure hotspots "/api/stats/hotspots?$q"
measure breaks "/api/stats/breaks?$q&method=jenks&k=5"
measure lisa_bv "/api/stats/lisa?$q&with=teams&permutations=999"
# Join counts on hamlets (points, 6 nearest neighbours built per request): Nghệ An (province 403)
# and the whole country (~102k hamlets), without and with 999 permutations.
jq="edition=2009&level=hamlet&as_of=2023-12-31&k=6"
measure jc_province "/api/stats/joincount?$jq&parent_code=403"
measure jc_country "/api/stats/joincount?$jq"
measure jc_country_perm "/api/stats/joincount?$jq&permutations=999"

# R spdep on the same polygons and values: poly2nb, then localmoran_perm(nsim = 999) and moran.test.
cat >"$tmp/r.R" <<'R'
suppressMessages({ library(sf); library(spdep) })
args <- commandArgs(trailingOnly = TRUE)
p <- st_read(args[1], layer = "coverage", quiet = TRUE)
t0 <- Sys.time(); nb <- poly2nb(p, queen = TRUE); t_nb <- as.numeric(difftime(Sys.time(), t0, units = "secs"))
keep <- card(nb) > 0
nb2 <- subset(nb, keep); x <- p$coverage_rate[keep]; lw <- nb2listw(nb2, style = "W")
times <- function(f) { t0 <- Sys.time(); f(); as.numeric(difftime(Sys.time(), t0, units = "secs")) }
set.seed(1)
lisa <- sapply(1:as.integer(args[2]), function(i) times(function() localmoran_perm(x, lw, nsim = 999)))
moran <- sapply(1:as.integer(args[2]), function(i) times(function() moran.mc(x, lw, nsim = 999)))
cat(t_nb, median(lisa), median(moran), "\n")
R
read -r r_nb r_lisa r_moran < <(Rscript "$tmp/r.R" "$tmp/communes.gpkg" "$n")

echo
echo "| request (11,163 communes, 2009, teams_2023-12) | median (s) | target |"
echo "|---|---:|---|"
printf '| GET /api/stats/coverage (JSON: all communes, 13 figures and 4 indicators each) | %.3f | ≤ 0.100 |\n' "$(median <"$tmp/coverage.times")"
printf '| GET /api/stats/autocorrelation (Moran, 999 permutations) | %.3f | ≤ 0.100 |\n' "$(median <"$tmp/moran.times")"
printf '| GET /api/stats/lisa (999 conditional permutations) | %.3f | ≤ 0.5 |\n' "$(median <"$tmp/lisa.times")"
printf '| GET /api/stats/hotspots (Gi*) | %.3f | |\n' "$(median <"$tmp/hotspots.times")"
printf '| GET /api/stats/breaks (Fisher-Jenks, k = 5) | %.3f | |\n' "$(median <"$tmp/breaks.times")"
printf '| GET /api/stats/lisa?with=teams (bivariate LISA, 999 conditional permutations) | %.3f | ≤ 0.5 |\n' "$(median <"$tmp/lisa_bv.times")"
printf '| GET /api/stats/joincount (2,928 hamlets of Nghệ An, k = 6) | %.3f | |\n' "$(median <"$tmp/jc_province.times")"
printf '| GET /api/stats/joincount (all hamlets of the country, k = 6) | %.3f | ≤ 2 |\n' "$(median <"$tmp/jc_country.times")"
printf '| GET /api/stats/joincount (all hamlets, k = 6, 999 permutations) | %.3f | ≤ 10 |\n' "$(median <"$tmp/jc_country_perm.times")"
echo
echo "| R spdep 1.2-7, same polygons and values | median (s) |"
echo "|---|---:|"
printf '| poly2nb(queen = TRUE) (covermap: at import) | %.2f |\n' "$r_nb"
printf '| localmoran_perm(nsim = 999) | %.2f |\n' "$r_lisa"
printf '| moran.mc(nsim = 999) | %.2f |\n' "$r_moran"
awk -v r="$r_lisa" -v c="$(median <"$tmp/lisa.times")" 'BEGIN { printf "\nLISA: covermap over HTTP is %.1fx faster than spdep localmoran_perm (target >= 10x)\n", r / c }'
