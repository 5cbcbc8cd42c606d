#!/usr/bin/env bash
# Installs what is needed, builds, and serves the example shop on 127.0.0.1:8080
# with the embedded SQLite store (examples/shop/frontdesk.db).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
if [ -f examples/shop/shop.sql ] && [ ! -f examples/shop/shop.db ]; then
  sqlite3 examples/shop/shop.db < examples/shop/shop.sql
fi
exec build/frontdesk serve -c examples/shop/frontdesk.yaml "$@"
