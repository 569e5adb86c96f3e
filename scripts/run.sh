#!/usr/bin/env bash
# Installs what is missing, builds VolNet Studio and starts it.
# Arguments are passed to the application (e.g. a graph file).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/install-deps.sh
cmake --preset dev >/dev/null
cmake --build --preset dev
exec build/dev/app/volnet "$@"
