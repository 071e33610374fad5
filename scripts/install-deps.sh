#!/usr/bin/env bash
# Install every build, runtime and test dependency from Debian 12 packages, and the web map's npm
# packages (MapLibre GL JS, served by covermap itself; playwright-core for the browser test).
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
  libprotozero-dev libcurl4-openssl-dev
  postgresql-15 postgresql-client-15 postgresql-15-postgis-3 postgresql-15-postgis-3-scripts
  curl ca-certificates
  r-cran-spdep r-cran-sf
  chromium
  python3-owslib python3-openpyxl
  libfreetype-dev fonts-noto-core tesseract-ocr tesseract-ocr-vie
)
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# The web map's packages, pinned by web/package-lock.json; reinstalled only when the lock changed.
npm_packages() {
  command -v npm >/dev/null || { echo "install-deps: npm is missing" >&2; exit 1; }
  if [ ! -f "$root/web/node_modules/.package-lock.json" ] || \
     [ "$root/web/package-lock.json" -nt "$root/web/node_modules/.package-lock.json" ]; then
    echo "install-deps: npm ci in web/"
    (cd "$root/web" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
}

missing=()
# Node.js and npm: the machine's own when present (a nodesource build bundles npm), else Debian's.
command -v npm >/dev/null || missing+=(nodejs npm)
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  npm_packages
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
npm_packages
echo "install-deps: done"
