#!/usr/bin/env bash
# Benchmark: OGC API – Features items of the 3,321 communes of the 2025 edition with and without a
# CQL2 filter (issue 18): pages of 100 communes (warm geometry cache), the same pages with a filter
# that keeps most of them, a spatial filter, sortby, and numberMatched alone (resultType=hits).
# Run by hand, never part of the tests:
#
#   bench/filter_bench.sh [SECONDS]     # seconds per measurement, default 10
#
# Needs a built covermap, ../shared/data, psql and wrk (installed with apt when missing). Works in its
# own database covermap_bench_filter (or $BENCH_DB), dropped at the end.
set -euo pipefail

secs=${1:-10}
[[ $secs =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [SECONDS]" >&2; exit 2; }
db=${BENCH_DB:-covermap_bench_filter}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need wrk wrk

fresh_database
step "2025 communes" cm import boundaries "$data/boundaries/vn_admin_2025.gpkg" --layer communes --edition 2025 \
  --level commune --code-field commune_code --name-field name
echo "communes: $(sql -c "SELECT count(*) FROM admin_unit")"
base="http://127.0.0.1:$http_port"
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }

start_covermap
# Warm the geometry cache: every commune once.
for o in 0 1000 2000 3000; do curl -sf -o /dev/null "$base/collections/communes/items?limit=1000&offset=$o"; done

run() { # LABEL QUERY (without limit/offset)
  local label=$1 q=$2 matched
  matched=$(curl -sf "$base/collections/communes/items?resultType=hits&$q" | python3 -c 'import json, sys; print(json.load(sys.stdin)["numberMatched"])')
  : >"$tmp/list"
  for o in 0 100 200 300 400 500 600 700 800 900; do echo "/collections/communes/items?limit=100&offset=$o&$q" >>"$tmp/list"; done
  local r
  r=$(run_wrk "$tmp/list" "$http_port" 0 "$secs" 1)
  printf '| %s | %s | %.1f | %.1f |\n' "$label" "$matched" "$(echo "$r" | field rps)" "$(echo "$r" | field p95_ms)"
  echo "/collections/communes/items?resultType=hits&$q" >"$tmp/hits"
  r=$(run_wrk "$tmp/hits" "$http_port" 0 "$secs" 1)
  printf '| %s, resultType=hits | %s | %.1f | %.1f |\n' "$label" "$matched" "$(echo "$r" | field rps)" "$(echo "$r" | field p95_ms)"
}

echo
echo "| request (pages of 100 communes, offsets 0–900, 1 connection) | numberMatched | requests/s | p95 ms |"
echo "|---|---:|---:|---:|"
run "no filter" "f=geojson"
run "filter name LIKE 'Xã%'" "filter=$(enc "name LIKE 'Xã%'")"
run "filter S_INTERSECTS(geometry, BBOX(105,20,107,22))" "filter=$(enc "S_INTERSECTS(geometry, BBOX(105,20,107,22))")"
run "sortby=-name" "sortby=-name"
