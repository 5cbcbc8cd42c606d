#!/usr/bin/env bash
# Installs every Debian 12 package frontdesk needs to build, test and benchmark.
# Idempotent: packages already present are left as they are.
set -euo pipefail
packages=(
  build-essential cmake pkg-config
  libre2-dev libyaml-cpp-dev libsqlitecpp-dev libsqlite3-dev sqlite3
  libcpp-httplib-dev libssl-dev nlohmann-json3-dev libutf8proc-dev libcld2-dev
  libgmime-3.0-dev libcurl4-openssl-dev libkainjow-mustache-dev
  libgtest-dev libgmock-dev libbenchmark-dev libhyperscan-dev
  libhunspell-dev hunspell-en-us hunspell-es hunspell-vi
  libpqxx-dev postgresql-15 nginx dovecot-imapd libjemalloc-dev
  curl python3 python3-aiosmtpd chromium wrk
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Browser tests (tests/e2e): playwright-core from npm (it drives Debian's
# chromium; it never downloads a browser), installed from the lock file only
# when node_modules is missing or older than it. Needs Node.js >= 20 and npm,
# which the machine provides (Debian 12's own nodejs is 18).
e2e="$(cd "$(dirname "$0")/.." && pwd)/tests/e2e"
if command -v npm >/dev/null 2>&1; then
  if [ ! -f "$e2e/node_modules/.package-lock.json" ] ||
     [ "$e2e/package-lock.json" -nt "$e2e/node_modules/.package-lock.json" ]; then
    npm ci --prefix "$e2e" --no-audit --no-fund
  fi
else
  echo "install-deps: npm not found; the browser test (tests/e2e) needs Node.js >= 20 and npm" >&2
fi
