#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to the whole test suite:
# installs dependencies (apt), builds (warnings are errors under CI=true), starts the
# project-local PostGIS and runs every test with CTest; exits non-zero when a test fails.
#   scripts/test.sh              the suite on the normal build
#   scripts/test.sh --sanitize   the suite on the ASan+UBSan build (build-asan/)
#   scripts/test.sh --all        both, one after the other (what CI runs); the sanitizer pass then
#                                leaves out the shared-data suite (label `shared`), so the big shared
#                                files are loaded once per run, by the normal build, and builds only
#                                the binaries it runs (CI ≤ 30 minutes)
# Tests that need ../shared/data skip with a message when it is absent (and fail when CI=true).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mode=${1:-normal}
"$root/scripts/install-deps.sh"
"$root/scripts/db.sh" start >/dev/null

run_suite() { # BUILD-FLAG BUILD-DIR [CTEST-ARGS...]
  "$root/scripts/build.sh" $1
  local dir=$2
  shift 2
  ( cd "$dir" && ctest --output-on-failure --timeout 1800 "$@" )
}
# The sanitizer pass of --all: only the binaries its tests run (not the shared-data suite, which the
# normal build runs), and not the web map's checks (JavaScript, the same under both builds).
run_sanitizer_pass() {
  "$root/scripts/build.sh" --sanitize covermap unit_tests integration_tests
  ( cd "$root/build-asan" && ctest --output-on-failure --timeout 1800 -LE 'shared|web' )
}

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/tests/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
case "$mode" in
  normal) run_suite "" "$root/build" ;;
  --sanitize) run_suite --sanitize "$root/build-asan" ;;
  --all) run_suite "" "$root/build"; run_sanitizer_pass ;;
  *) echo "usage: scripts/test.sh [--sanitize|--all]" >&2; exit 2 ;;
esac
