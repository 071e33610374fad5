#!/usr/bin/env bash
# Install every build, runtime and test dependency from Debian 12 packages.
# Idempotent; must run as root. Usage: scripts/install-deps.sh
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: must run as root (apt-get)" >&2
  exit 2
fi

packages=(
  build-essential cmake pkg-config ninja-build
  libpistache-dev libpqxx-dev libpq-dev
  libgdal-dev gdal-bin libproj-dev proj-bin
  nlohmann-json3-dev libcli11-dev libspdlog-dev libfmt-dev
  libutf8proc-dev zlib1g-dev libssl-dev libsqlite3-dev libgtest-dev libgmock-dev
  postgresql-15 postgresql-client-15 postgresql-15-postgis-3 postgresql-15-postgis-3-scripts
  curl ca-certificates
  r-cran-spdep r-cran-sf
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
