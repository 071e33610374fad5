#!/usr/bin/env bash
# Configure and build covermap (and its tests).
#   scripts/build.sh            → build/         (RelWithDebInfo)
#   scripts/build.sh --sanitize → build-asan/    (AddressSanitizer + UndefinedBehaviorSanitizer)
# -Werror is on when CI=true (or COVERMAP_WERROR=ON).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir="$root/build"
sanitize=OFF
if [ "${1:-}" = "--sanitize" ]; then sanitize=ON; dir="$root/build-asan"; fi
werror=${COVERMAP_WERROR:-$([ "${CI:-}" = "true" ] && echo ON || echo OFF)}
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
if [ ! -f "$dir/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$dir" "${generator[@]}" -DCOVERMAP_WERROR="$werror" -DCOVERMAP_SANITIZE="$sanitize" >/dev/null
else
  cmake -S "$root" -B "$dir" -DCOVERMAP_WERROR="$werror" -DCOVERMAP_SANITIZE="$sanitize" >/dev/null
fi
cmake --build "$dir" -j "$(nproc)"
