#!/usr/bin/env bash
# Build the libFuzzer targets (fuzz/) with clang, ASan and UBSan in build-fuzz/, then run each for
# a bounded time over its corpus in fuzz/corpus/<target>/ (seeds are committed; what the fuzzer
# learns is added there). A crash stops the script with the reproducer in build-fuzz/crashes/.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     # default 60 s, every target
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
secs=${1:-60}
[[ $secs =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [SECONDS_PER_TARGET] [TARGET...]" >&2; exit 2; }
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(names_fuzz registry_fields_fuzz csv_fuzz params_fuzz tile_path_fuzz wkb_fuzz cql2_fuzz)
command -v clang++ >/dev/null || { echo "installing clang" >&2; apt-get install -y -qq clang >/dev/null; }
build=$root/build-fuzz
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCOVERMAP_FUZZ=ON \
  -DBUILD_TESTING=OFF >/dev/null
cmake --build "$build" --target "${targets[@]}" >/dev/null
mkdir -p "$build/crashes"
for t in "${targets[@]}"; do
  corpus=$root/fuzz/corpus/${t%_fuzz}
  mkdir -p "$corpus"
  echo "fuzz: $t for ${secs}s over $(find "$corpus" -type f | wc -l) corpus files"
  (cd "$build/crashes" && ASAN_OPTIONS=detect_leaks=0 "$build/fuzz/$t" -max_total_time="$secs" -max_len=65536 -timeout=10 \
     -print_final_stats=1 "$corpus" 2>"$build/crashes/$t.log") || {
    echo "fuzz: $t FAILED; see $build/crashes/$t.log and the crash-* file beside it" >&2
    tail -40 "$build/crashes/$t.log" >&2
    exit 1
  }
  grep -E "stat::number_of_executed_units|cov:" "$build/crashes/$t.log" | tail -2 | sed 's/^/  /'
done
echo "fuzz: all targets ran ${secs}s without a crash"
