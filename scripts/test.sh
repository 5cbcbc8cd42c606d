#!/usr/bin/env bash
# Installs what is needed, builds, and runs every test (unit, integration, pack tests).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
ctest --test-dir build --output-on-failure -j2 --timeout 600
