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
  curl python3
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
