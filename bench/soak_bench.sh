#!/usr/bin/env bash
# Soak: SECONDS (default 600) of mixed load with wrk on loopback — vector tiles, OGC API items pages
# and statistics over the 2025 edition — while a registry (teams_2026-06.csv, 52k teams) is POSTed
# to the server every minute, replacing the snapshot and invalidating every cache each time.
# Counts 5xx answers (expected: none) and samples the server's resident memory every 10 s.
# Run by hand, never part of the tests:
#
#   bench/soak_bench.sh [SECONDS]
#
# Needs a built covermap, ../shared/data, wrk (installed with apt when missing). Works in its own
# database covermap_bench_soak (or $BENCH_DB), dropped at the end.
set -euo pipefail

secs=${1:-600}
[[ $secs =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [SECONDS]" >&2; exit 2; }
db=${BENCH_DB:-covermap_bench_soak}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need wrk wrk

fresh_database
b=$data/boundaries/vn_admin_2025.gpkg
step provinces cm import boundaries "$b" --layer provinces --edition 2025 --level province --code-field province_code --name-field name
step communes cm import boundaries "$b" --layer communes --edition 2025 --level commune --code-field commune_code --name-field name \
  --parent-code-field province_code
step hamlets cm import boundaries "$data/hamlets/hamlets_2025.csv" --edition 2025 --level hamlet --code-field hamlet_code \
  --name-field name --parent-code-field commune_code --households-field households
registry=$data/registry/teams_2026-06.csv
step registry cm import registry "$registry" --edition 2025 --as-of 2026-06-30
key=$("$covermap" apikey new soak --file "$tmp/keys" | tail -1)
start_covermap --api-keys "$tmp/keys"
base="http://127.0.0.1:$http_port"

# The mix: 60 % tiles (z5-z12 over Hà Nội, Lạng Sơn and Hồ Chí Minh City), 25 % items pages
# (communes limit=100 at every offset, hamlets in bboxes), 15 % statistics.
{
  for z in 5 6 7 8 9 10 11 12; do
    for ll in "105.85 21.03" "106.76 21.85" "106.70 10.78"; do
      set -- $ll
      awk -v lon="$1" -v lat="$2" -v z="$z" 'BEGIN { n = 2 ^ z; pi = atan2(0, -1); r = lat * pi / 180;
        x = int((lon + 180) / 360 * n); y = int((1 - log(sin(r) / cos(r) + 1 / cos(r)) / pi) / 2 * n);
        for (dx = -1; dx <= 1; dx++) for (dy = -1; dy <= 1; dy++) printf "/tiles/coverage/%d/%d/%d.mvt\n", z, x + dx, y + dy }'
    done
  done
} >"$tmp/tiles"
{
  for o in $(seq 0 100 3300); do echo "/collections/communes/items?limit=100&offset=$o"; done
  for box in 105.7,20.9,106.0,21.2 106.5,21.7,107.0,22.0 106.5,10.6,106.9,10.9; do
    echo "/collections/hamlets/items?limit=1000&bbox=$box"; echo "/collections/coverage_hamlets/items?limit=1000&bbox=$box"
  done
} >"$tmp/items"
{
  echo "/api/stats/summary?edition=2025"
  echo "/api/stats/coverage?edition=2025&level=province"
  echo "/api/stats/coverage?edition=2025&level=commune"
  echo "/api/stats/breaks?edition=2025&level=commune&metric=coverage_rate&method=jenks"
  echo "/api/stats/autocorrelation?edition=2025&level=province&metric=coverage_rate&permutations=99"
} >"$tmp/stats"
{
  for _ in 1 2 3 4; do cat "$tmp/tiles"; done   # ~864 tile paths
  for _ in 1 2 3 4 5 6 7 8; do cat "$tmp/items"; done
  for _ in $(seq 1 60); do cat "$tmp/stats"; done
} >"$tmp/mix"
echo "paths: $(wc -l <"$tmp/tiles") tiles, $(wc -l <"$tmp/items") items, $(wc -l <"$tmp/stats") statistics; mix of $(wc -l <"$tmp/mix")"

rss() { awk '/VmRSS/ {print $2}' "/proc/$server/status"; }
while read -r p; do curl -s -o /dev/null "$base$p"; done < <(sort -u "$tmp/mix")  # one pass to warm up
echo "resident memory after the warm-up pass: $(rss) kB"
(while kill -0 "$server" 2>/dev/null; do echo "$(date +%s) $(rss)"; sleep 10; done) >"$tmp/rss" &
sampler=$!
bench_cleanups+=("kill $sampler 2>/dev/null")
(for i in $(seq 1 $((secs / 60))); do
   sleep 60
   code=$(curl -s -o "$tmp/import_$i.json" -w '%{http_code}' -H "Authorization: Bearer $key" -H 'Content-Type: text/csv' \
     --data-binary @"$registry" "$base/api/imports/registry?edition=2025&as_of=2026-06-30&name=soak_$i.csv")
   echo "$(date +%s) import $i: HTTP $code"
 done) >"$tmp/imports" &
importer=$!
bench_cleanups+=("kill $importer 2>/dev/null")
result=$(run_wrk "$tmp/mix" "$http_port" 1 "$secs" 8)
wait "$importer" || true
kill "$sampler" 2>/dev/null || true
echo "$result"
cat "$tmp/imports"
echo "registry imports that succeeded: $(grep -c 'HTTP 201' "$tmp/imports") of $(wc -l <"$tmp/imports")"
echo "resident memory (kB) every 10 s: $(awk '{printf "%s ", $2}' "$tmp/rss")"
echo "resident memory: first sample $(head -1 "$tmp/rss" | awk '{print $2}') kB, last $(tail -1 "$tmp/rss" | awk '{print $2}') kB, peak $(awk 'm < $2 {m = $2} END {print m}' "$tmp/rss") kB"
