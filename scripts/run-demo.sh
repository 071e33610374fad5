#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a running server on demo data:
# installs dependencies (apt), builds, starts the project-local PostGIS, migrates, builds the
# synthetic demo province and serves it on http://127.0.0.1:${PORT:-8080} until Ctrl-C.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
url=$("$root/scripts/db.sh" start)
export COVERMAP_DATABASE_URL="$url"
"$root/build/cli/covermap" db migrate
"$root/build/cli/covermap" demo
echo "covermap: open http://127.0.0.1:${PORT:-8080}/ (the map), or try http://127.0.0.1:${PORT:-8080}/api/units?level=commune"
exec "$root/build/cli/covermap" serve --address "${ADDRESS:-127.0.0.1}" --port "${PORT:-8080}"
