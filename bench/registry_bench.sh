#!/usr/bin/env bash
# Benchmark: `covermap import registry` of teams_2023-12.csv (72,797 rows) on the 2009 edition, per
# phase, next to a bare `psql \copy` of the same file into a 16-column text table (the cost of only
# moving its bytes into PostgreSQL). Run by hand, never part of the tests:
#
#   bench/registry_bench.sh [N]        # N interleaved repetitions, default 5 (or $N)
#
# Needs a built covermap (build/cli/covermap or $COVERMAP_BIN), psql and ../shared/data beside the
# project (or $COVERMAP_SHARED_DATA). Starts the project-local cluster when it is not running and
# works in its own database covermap_bench_registry (or $BENCH_DB), created at the start (2009
# boundaries loaded once, ~5 s) and dropped at the end. The first import inserts the snapshot, the
# following ones replace it (the same code path a monthly re-import takes).
set -euo pipefail

n=${1:-${N:-5}}
[[ $n =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [N]   (N: a positive number of repetitions)" >&2; exit 2; }
db=${BENCH_DB:-covermap_bench_registry}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
registry=$data/registry/teams_2023-12.csv
[ -r "$registry" ] || { echo "no registry $registry (reference data absent)" >&2; exit 2; }
fresh_database
b=$data/boundaries
load() { "$covermap" --database "$url" import boundaries "$@" --edition 2009; }
step "provinces" load "$b/vn_admin_2009.gpkg" --layer provinces --level province --code-field province_code --name-field name
step "districts" load "$b/vn_admin_2009.gpkg" --layer districts --level district --code-field district_code --name-field name \
  --parent-code-field province_code
step "communes" load "$b/vn_admin_2009.gpkg" --layer communes --level commune --code-field commune_code --name-field name \
  --parent-code-field district_code
step "hamlets" load "$data/hamlets/hamlets_2009.csv" --level hamlet --code-field hamlet_code --name-field name \
  --parent-code-field commune_code --households-field households
cols=$(for i in $(seq 1 16); do printf 'c%d text,' "$i"; done)
step "raw table" psql -X -q -v ON_ERROR_STOP=1 "$pg dbname=$db" -c "CREATE TABLE raw_registry (${cols%,})"

now() { date +%s.%N; }
echo "registry: $registry ($(du -h "$registry" | cut -f1)); database: $db; repetitions: $n" >&2
for ((i = 1; i <= n; i++)); do
  for tool in $( ((i % 2)) && echo "copy covermap" || echo "covermap copy"); do
    t0=$(now)
    if [ "$tool" = copy ]; then
      step copy psql -X -q -v ON_ERROR_STOP=1 "$pg dbname=$db" -c "TRUNCATE raw_registry" \
        -c "\\copy raw_registry FROM '$registry' CSV HEADER"
    else
      step covermap "$covermap" --database "$url" import registry "$registry" --edition 2009 --as-of 2023-12-31
      # "  6.82 s (read 0.14 s, match 3.23 s, write 3.44 s)"
      sed -n 's/^ *[0-9.]* s (read \([0-9.]*\) s, match \([0-9.]*\) s, write \([0-9.]*\) s)$/\1 \2 \3/p' "$tmp/step.log" \
        >>"$tmp/phases"
    fi
    t1=$(now)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }' >>"$tmp/$tool.times"
    echo "  run $i: $tool $(tail -1 "$tmp/$tool.times") s" >&2
  done
done

rows=$(psql -X -qAt "$pg dbname=$db" -c "SELECT (SELECT count(*) FROM raw_registry) || ' ' || (SELECT row_count FROM registry_import WHERE replaced_at IS NULL)")
[ "$rows" = "72797 72797" ] || { echo "FAILED: expected 72797 rows in both, got: $rows" >&2; exit 1; }

c=$(median <"$tmp/copy.times"); m=$(median <"$tmp/covermap.times")
r=$(cut -d' ' -f1 "$tmp/phases" | median); ma=$(cut -d' ' -f2 "$tmp/phases" | median); w=$(cut -d' ' -f3 "$tmp/phases" | median)
echo
echo "| step | median (s) |"
echo "|---|---:|"
awk -v c="$c" -v m="$m" -v r="$r" -v ma="$ma" -v w="$w" 'BEGIN {
  printf "| psql \\copy of the file into a text table | %.2f |\n", c
  printf "| covermap import registry, whole process | %.2f |\n", m
  printf "| - read (decode, parse CSV) | %.2f |\n", r
  printf "| - match (gazetteer of 114k units, 72,797 rows) | %.2f |\n", ma
  printf "| - write (COPY rows, teams, contacts; replace the snapshot; commit) | %.2f |\n", w
  printf "\ncovermap / bare copy: %.1f; target: whole import <= 10 s\n", m / c
}'
