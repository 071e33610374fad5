#!/usr/bin/env bash
# Soak: SECONDS (default 600) of mixed load with wrk on loopback — vector tiles, OGC API items pages
# and statistics over the 2025 edition — while a registry (teams_2026-06.csv, 52k teams) is POSTed
# to the server every minute, replacing the snapshot and invalidating every cache each time.
# After the third import the project cluster is stopped for OUTAGE_SECONDS (default 30; 0: no
# outage) and started again: the server must answer 503 (cached tiles still 200) while PostGIS is
# down and recover on its own. Counts 5xx answers inside and outside the outage (expected outside:
# none, from the server's access log) and samples the server's resident memory every 10 s.
# Run by hand, never part of the tests (it stops and starts the project cluster):
#
#   bench/soak_bench.sh [SECONDS]
#
# Needs a built covermap, ../shared/data, wrk (installed with apt when missing). Works in its own
# database covermap_bench_soak (or $BENCH_DB), dropped at the end.
set -euo pipefail

secs=${1:-600}
[[ $secs =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [SECONDS]" >&2; exit 2; }
db=${BENCH_DB:-covermap_bench_soak}
outage=${OUTAGE_SECONDS:-30}
[[ $outage =~ ^[0-9]+$ ]] || { echo "OUTAGE_SECONDS must be a whole number" >&2; exit 2; }
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
# The server talks to PostGIS over its Unix socket: reconnecting over TCP to a port inside Linux's
# ephemeral range (55432 is) while nothing listens there can connect the socket to itself, and that
# socket then keeps PostgreSQL from binding its port again (seen: the first try of this outage).
url="postgresql://covermap@/$db?host=${COVERMAP_VAR_DIR:-$root/var}/run&port=$port"
ACCESS_LOG="$tmp/access.log" start_covermap --api-keys "$tmp/keys"
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
# A registry import every minute; after the third one, the outage (imports wait for it to end).
(t0=$(date +%s); i=0
 while sleep 60 && [ $(($(date +%s) - t0)) -lt "$secs" ]; do
   i=$((i + 1))
   code=$(curl -s -o "$tmp/import_$i.json" -w '%{http_code}' -H "Authorization: Bearer $key" -H 'Content-Type: text/csv' \
     --data-binary @"$registry" "$base/api/imports/registry?edition=2025&as_of=2026-06-30&name=soak_$i.csv")
   echo "$(date +%s) import $i: HTTP $code"
   if [ "$i" = 3 ] && [ "$outage" -gt 0 ]; then
     date +%s.%N >"$tmp/outage_start"
     "$root/scripts/db.sh" stop >/dev/null
     sleep "$outage"
     "$root/scripts/db.sh" start >/dev/null
     date +%s.%N >"$tmp/outage_end"
     echo "$(date +%s) PostGIS stopped for ${outage} s"
   fi
 done) >"$tmp/imports" &
importer=$!
bench_cleanups+=("kill $importer 2>/dev/null")
result=$(run_wrk "$tmp/mix" "$http_port" 1 "$secs" 8)
wait "$importer" || true
kill "$sampler" 2>/dev/null || true
echo "$result"
cat "$tmp/imports"
echo "registry imports that succeeded: $(grep -c 'HTTP 201' "$tmp/imports") of $(grep -c ' import ' "$tmp/imports")"
# 5xx by time, from the access log: inside the outage (until 5 s after PostGIS is back) and outside.
python3 - "$tmp/access.log" "$tmp/outage_start" "$tmp/outage_end" <<'PY'
import calendar, json, os, sys, time
def epoch(stamp):  # 2026-12-03T16:01:02.345Z
    return calendar.timegm(time.strptime(stamp[:19], "%Y-%m-%dT%H:%M:%S")) + float(stamp[19:-1] or 0)
start = end = None
if os.path.exists(sys.argv[2]) and os.path.exists(sys.argv[3]):
    start, end = float(open(sys.argv[2]).read()), float(open(sys.argv[3]).read()) + 5
inside = {"5xx": 0, "tiles 200": 0, "all": 0}
outside = {"5xx": 0, "all": 0}
for line in open(sys.argv[1]):
    r = json.loads(line)
    t = epoch(r["time"])
    if start is not None and start <= t <= end:
        inside["all"] += 1
        inside["5xx"] += r["status"] >= 500
        inside["tiles 200"] += r["route"].startswith("/tiles/:tileset/") and r["status"] == 200
    else:
        outside["all"] += 1
        outside["5xx"] += r["status"] >= 500
if start is None:
    print(f"no outage; answers {outside['all']}, 5xx {outside['5xx']}")
else:
    print(f"outage {end - 5 - start:.1f} s: answers {inside['all']}, 5xx {inside['5xx']}, tiles served 200 {inside['tiles 200']}; "
          f"outside it: answers {outside['all']}, 5xx {outside['5xx']}")
PY
echo "resident memory (kB) every 10 s: $(awk '{printf "%s ", $2}' "$tmp/rss")"
echo "resident memory: first sample $(head -1 "$tmp/rss" | awk '{print $2}') kB, last $(tail -1 "$tmp/rss" | awk '{print $2}') kB, peak $(awk 'm < $2 {m = $2} END {print m}' "$tmp/rss") kB"
