#!/usr/bin/env bash
# Configures and builds frontdesk into build/ (or $BUILD_DIR) with 2 parallel
# jobs: the machines have 2 cores. BUILD_TYPE and CMAKE_ARGS pass through.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${BUILD_DIR:-build}"
launcher=""
command -v ccache >/dev/null 2>&1 && launcher="-DCMAKE_CXX_COMPILER_LAUNCHER=ccache"
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" $launcher ${CMAKE_ARGS:-} >/dev/null
cmake --build "$dir" -j"${JOBS:-2}"
