#!/usr/bin/env bash
# Installs what is missing, builds VolNet Studio twice (the CI build with warnings as
# errors, and the engine under AddressSanitizer + UBSan) and runs every test with the
# Vulkan validation layer on. Exits non-zero if anything fails.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/install-deps.sh

for preset in ci asan; do
  echo "== build: $preset"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
done

status=0
for preset in ci asan; do
  echo "== test: $preset"
  ctest --preset "$preset" || status=1
done
exit $status
