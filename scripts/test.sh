#!/usr/bin/env bash
# Installs what is needed, builds, and runs every test (unit, integration,
# pack tests, layering, browser) twice: a normal build (build/), then the
# same suite built with AddressSanitizer + UBSan (build-asan/), where any
# memory error or undefined behaviour fails the test that hit it.
#   --quick   the normal run only (for a quick local check; CI runs both)
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    *) echo "usage: scripts/test.sh [--quick]" >&2; exit 2 ;;
  esac
done

bash scripts/install-deps.sh
bash scripts/build.sh
ctest --test-dir build --output-on-failure -j2 --timeout 600
[ "$quick" -eq 1 ] && exit 0

echo "== the same suite under AddressSanitizer + UBSan (build-asan/)"
# Benchmarks are not tests: not built here. Leaks are errors too.
BUILD_DIR=build-asan \
  CMAKE_ARGS="-DFRONTDESK_SANITIZE=ON -DFRONTDESK_BENCH=OFF ${CMAKE_ARGS:-}" bash scripts/build.sh
ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1" \
UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
  ctest --test-dir build-asan --output-on-failure -j2 --timeout 900
