#!/usr/bin/env bash
# Configures and builds frontdesk into build/ (2 parallel jobs: the machines have 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" ${CMAKE_ARGS:-} >/dev/null
cmake --build build -j"${JOBS:-2}"
