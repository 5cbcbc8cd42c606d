#!/usr/bin/env bash
# Installs the peers of bench/peers/peer_bench.sh (nlp.js, RiveScript) into
# bench/peers/node_modules with npm. Only the peer benchmark uses them; the
# product build never does.
set -euo pipefail
cd "$(dirname "$0")"
command -v npm >/dev/null || { echo "install.sh: npm is not installed (apt-get install npm)" >&2; exit 1; }
npm install --no-audit --no-fund --loglevel=error
