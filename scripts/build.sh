#!/usr/bin/env bash
# Configure and build covermap (and its tests).
#   scripts/build.sh            → build/         (RelWithDebInfo)
#   scripts/build.sh --sanitize → build-asan/    (AddressSanitizer + UndefinedBehaviorSanitizer)
#   scripts/build.sh [--sanitize] TARGET...      only those targets (the sanitizer pass of CI builds
#                                                 covermap, unit_tests and integration_tests)
# -Werror is on when CI=true (or COVERMAP_WERROR=ON). COVERMAP_PG_PORT (default 55432) is the port of
# the project-local cluster the binaries and tests reach by default, as for scripts/db.sh: a second
# checkout (a CI run beside a working copy) can have its own.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir="$root/build"
sanitize=OFF
if [ "${1:-}" = "--sanitize" ]; then sanitize=ON; dir="$root/build-asan"; shift; fi
targets=()
for t in "$@"; do targets+=(--target "$t"); done
werror=${COVERMAP_WERROR:-$([ "${CI:-}" = "true" ] && echo ON || echo OFF)}
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
if [ ! -f "$dir/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$dir" "${generator[@]}" -DCOVERMAP_WERROR="$werror" -DCOVERMAP_SANITIZE="$sanitize" \
    -DCOVERMAP_PG_PORT="${COVERMAP_PG_PORT:-55432}" >/dev/null
else
  cmake -S "$root" -B "$dir" -DCOVERMAP_WERROR="$werror" -DCOVERMAP_SANITIZE="$sanitize" \
    -DCOVERMAP_PG_PORT="${COVERMAP_PG_PORT:-55432}" >/dev/null
fi
cmake --build "$dir" -j "$(nproc)" "${targets[@]}"
