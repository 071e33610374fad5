#!/usr/bin/env bash
# Benchmark: covermap's vector tiles against the per-request query Martin and pg_tileserv run
# (ST_AsMVT over ST_AsMVTGeom(geom, ST_TileEnvelope(z,x,y), 4096, 64, true) on the full geometry,
# driven by pgbench with 2 clients), and covermap's cache against nginx serving the same tile bytes
# as static files. Same tile lists (z5, z8, z11, z14 tiles over Vietnam, fixed seed), one run.
# Run by hand, never part of the tests:
#
#   bench/tiles_bench.sh [SECONDS]     # seconds per measurement, default 10
#   BASE_BIN=/tmp/covermap-old bench/tiles_bench.sh [SECONDS]
#
# With BASE_BIN, a second covermap (another build, e.g. main's, kept aside) serves on the next port
# with the same flags, each covermap measurement is taken on it too, right before, and the tables
# gain its figures, new/base and whether every tile of the list has the same bytes on both.
#
# Needs a built covermap, ../shared/data, psql, pgbench, wrk and nginx (installed here with apt
# when missing). Works in its own database covermap_bench_tiles (or $BENCH_DB): loads the 2025
# communes, the 2009 communes and a copy of those densified to ~5.5 M vertices (ST_Segmentize in
# EPSG:3857, 52 m), then measures, then drops it.
set -euo pipefail

secs=${1:-10}
[[ $secs =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [SECONDS]" >&2; exit 2; }
db=${BENCH_DB:-covermap_bench_tiles}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
nginx_port=${NGINX_PORT:-18557}
need wrk wrk
need nginx nginx-light
nginx_pid=
bench_cleanups+=('[ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null')
base=${BASE_BIN:-}
[ -z "$base" ] || [ -x "$base" ] || { echo "BASE_BIN=$base is not an executable" >&2; exit 2; }
base_port=$((http_port + 1))
base_server=
bench_cleanups+=('[ -n "$base_server" ] && kill "$base_server" 2>/dev/null')
start_base() { # the same serve flags as start_covermap, for BASE_BIN (nothing without it)
  [ -n "$base" ] || return 0
  [ -n "$base_server" ] && kill "$base_server" && wait "$base_server" 2>/dev/null || true
  "$base" --database "$url" serve --port "$base_port" --threads 2 --rate-limit-per-minute 0 --access-log off "$@" >"$tmp/base.log" 2>&1 &
  base_server=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$base_port/health" >/dev/null && break; sleep 0.1; done
}
same_bytes() { # LIST GZIP → "same" when both servers answer every path with the same bytes
  local h=() verdict=same
  [ "$2" = 1 ] && h=(-H 'Accept-Encoding: gzip')
  while read -r path; do
    cmp -s <(curl -s "${h[@]}" "http://127.0.0.1:$http_port$path") <(curl -s "${h[@]}" "http://127.0.0.1:$base_port$path") ||
      { verdict=DIFFERENT; break; }
  done <"$1"
  echo "$verdict"
}

fresh_database
b=$data/boundaries
step "2025 communes" cm import boundaries "$b/vn_admin_2025.gpkg" --layer communes --edition 2025 --level commune \
  --code-field commune_code --name-field name
step "2009 communes" cm import boundaries "$b/vn_admin_2009.gpkg" --layer communes --edition 2009 --level commune \
  --code-field commune_code --name-field name
# The densified copy: the 2009 communes segmentized in EPSG:3857 (52 m), imported as an edition of its own.
step densify ogr2ogr -f GPKG "$tmp/dense.gpkg" "PG:$pg dbname=$db" -nln communes -sql \
  "SELECT code, name, ST_Transform(ST_Segmentize(geom_3857, 52), 4326) AS geom FROM admin_unit
   WHERE level = 'commune' AND edition_id = (SELECT id FROM edition WHERE name = '2009')"
step "dense communes" cm import boundaries "$tmp/dense.gpkg" --layer communes --edition 2009dense --level commune \
  --code-field code --name-field name
vertices() { sql -c "SELECT sum(ST_NPoints(geom)) FROM admin_unit WHERE level = 'commune' AND edition_id = (SELECT id FROM edition WHERE name = '$1')"; }
echo "vertices: 2025 $(vertices 2025), 2009 $(vertices 2009), 2009dense $(vertices 2009dense)"

# Tile lists: for each zoom, the tiles holding 200 communes' label points drawn with a fixed
# seed (distinct tiles; at zoom 5 a handful). The same list feeds pgbench, wrk and nginx.
sql <<'SQL'
CREATE TABLE bench_tile (edition text, zoom int, i int, x int, y int, env geometry, env_buffered geometry);
INSERT INTO bench_tile
SELECT edition, zoom, row_number() OVER (PARTITION BY edition, zoom ORDER BY x, y), x, y,
       ST_TileEnvelope(zoom, x, y), ST_TileEnvelope(zoom, x, y, margin => 64.0 / 4096)
FROM (
  SELECT DISTINCT e.name AS edition, z.zoom,
         floor((ST_X(u.label_point) + 180) / 360 * 2 ^ z.zoom)::int AS x,
         floor((1 - ln(tan(radians(ST_Y(u.label_point))) + 1 / cos(radians(ST_Y(u.label_point)))) / pi()) / 2 * 2 ^ z.zoom)::int AS y
  FROM (SELECT unnest(ARRAY[5, 8, 11, 14]) AS zoom) z
  CROSS JOIN edition e
  CROSS JOIN LATERAL (SELECT label_point FROM admin_unit WHERE edition_id = e.id AND level = 'commune'
                      ORDER BY md5(code || z.zoom) LIMIT 200) u
) t;
SQL
for e in 2025 2009 2009dense; do
  for z in 5 8 11 14; do
    sql -c "SELECT '/tiles/communes/' || zoom || '/' || x || '/' || y || '.mvt?edition=$e' FROM bench_tile
            WHERE edition = '$e' AND zoom = $z ORDER BY i" >"$tmp/list_${e}_$z"
  done
done

# The raw per-request query (Martin / pg_tileserv), pgbench with 2 clients over the same tiles.
raw() { # EDITION ZOOM → tiles/s
  local e=$1 z=$2 n
  n=$(wc -l <"$tmp/list_${e}_$z")
  cat >"$tmp/raw.sql" <<SQL
\set i random(1, $n)
SELECT ST_AsMVT(q, 'communes', 4096, 'geom') FROM (
  SELECT u.id, u.code, u.name, ST_AsMVTGeom(u.geom_3857, t.env, 4096, 64, true) AS geom
  FROM bench_tile t JOIN admin_unit u ON u.geom_3857 && t.env_buffered
  WHERE t.edition = '$e' AND t.zoom = $z AND t.i = :i AND u.level = 'commune'
    AND u.edition_id = (SELECT id FROM edition WHERE name = '$e')) q;
SQL
  pgbench -n -M prepared -c 2 -j 2 -T "$secs" --random-seed=42 -f "$tmp/raw.sql" -h 127.0.0.1 -p "$port" -U covermap "$db" 2>/dev/null |
    sed -n 's/^tps = \([0-9.]*\).*/\1/p'
}


echo
echo "## Uncached: covermap (--tile-cache-mb 0) vs the raw query, tiles/s (p95 ms)"
start_covermap --tile-cache-mb 0
start_base --tile-cache-mb 0
printf '%-10s %4s %12s %22s %8s %10s' edition zoom raw_query 'covermap (p95 ms)' ratio largest_B
[ -z "$base" ] && echo || printf ' %22s %9s %6s\n' 'base (p95 ms)' new/base bytes
for e in 2025 2009 2009dense; do
  for z in 5 8 11 14; do
    list=$tmp/list_${e}_$z
    run_wrk "$list" "$http_port" 0 2 >/dev/null  # warm-up: loads the level's shapes for the band
    [ -z "$base" ] || run_wrk "$list" "$base_port" 0 2 >/dev/null
    largest=0
    while read -r path; do
      s=$(curl -s -o /dev/null -w '%{size_download}' "http://127.0.0.1:$http_port$path"); [ "$s" -gt "$largest" ] && largest=$s
    done <"$list"
    r=$(raw "$e" "$z")
    [ -z "$base" ] || b=$(run_wrk "$list" "$base_port" 0 "$secs")
    c=$(run_wrk "$list" "$http_port" 0 "$secs")
    printf '%-10s %4s %12.1f %12.1f (%6.2f) %7.2fx %10s' "$e" "$z" "$r" "$(echo "$c" | field rps)" \
      "$(echo "$c" | field p95_ms)" "$(echo "$c" | field rps | awk -v r="$r" '{print $1 / r}')" "$largest"
    if [ -z "$base" ]; then echo; else
      printf ' %12.1f (%6.2f) %8.3fx %6s\n' "$(echo "$b" | field rps)" "$(echo "$b" | field p95_ms)" \
        "$(echo "$c" | field rps | awk -v r="$(echo "$b" | field rps)" '{print $1 / r}')" "$(same_bytes "$list" 0)"
      echo "$b" | grep -q 'errors=0' || echo "  base errors: $b"
    fi
    echo "$c" | grep -q 'errors=0' || echo "  errors: $c"
  done
done

echo
echo "## Cached: covermap (warm LRU, gzip) vs nginx serving the same gzip bytes as static files, requests/s"
start_covermap --tile-cache-mb 2048
start_base --tile-cache-mb 2048
mkdir -p "$tmp/www"
cat >"$tmp/nginx.conf" <<NGINX
worker_processes 2;
pid $tmp/nginx.pid;
error_log $tmp/nginx.err;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$nginx_port;
    root $tmp/www;
    location /tiles/ { default_type application/vnd.mapbox-vector-tile; add_header Content-Encoding gzip; }
  }
}
NGINX
printf '%-10s %4s %12s %12s %8s' edition zoom nginx covermap ratio
[ -z "$base" ] && echo || printf ' %12s %9s %6s\n' base new/base bytes
for e in 2025 2009dense; do
  for z in 5 8 11 14; do
    list=$tmp/list_${e}_$z
    # Warm covermap's cache and write the very bytes it serves where nginx serves them from.
    while read -r path; do
      file=$tmp/www${path%%\?*}
      mkdir -p "$(dirname "$file")"
      curl -s -H 'Accept-Encoding: gzip' -o "$file" "http://127.0.0.1:$http_port$path"
    done <"$list"
    if [ -n "$base" ]; then  # warm the base's cache too
      while read -r path; do curl -s -o /dev/null -H 'Accept-Encoding: gzip' "http://127.0.0.1:$base_port$path"; done <"$list"
    fi
    [ -n "$nginx_pid" ] || { nginx -c "$tmp/nginx.conf" -e "$tmp/nginx.err"; sleep 0.5; nginx_pid=$(cat "$tmp/nginx.pid"); }
    n=$(run_wrk "$list" "$nginx_port" 1 "$secs")
    [ -z "$base" ] || b=$(run_wrk "$list" "$base_port" 1 "$secs")
    c=$(run_wrk "$list" "$http_port" 1 "$secs")
    printf '%-10s %4s %12.1f %12.1f %7.2fx' "$e" "$z" "$(echo "$n" | field rps)" "$(echo "$c" | field rps)" \
      "$(echo "$c" | field rps | awk -v r="$(echo "$n" | field rps)" '{print $1 / r}')"
    if [ -z "$base" ]; then echo; else
      printf ' %12.1f %8.3fx %6s\n' "$(echo "$b" | field rps)" \
        "$(echo "$c" | field rps | awk -v r="$(echo "$b" | field rps)" '{print $1 / r}')" "$(same_bytes "$list" 1)"
    fi
    { echo "$n" | grep -q 'errors=0' && echo "$c" | grep -q 'errors=0'; } || echo "  errors: $n / $c"
  done
done
echo
echo "covermap peak resident memory (VmHWM) under the cached load: $(grep VmHWM /proc/$server/status | awk '{print $2, $3}')"
