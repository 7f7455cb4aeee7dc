#!/usr/bin/env bash
# The test command: installs what is missing, builds, then runs every test against real redis-server processes
# that the tests start on free loopback ports. Exits non-zero if anything fails.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${BUILD_DIR:-$root/build}

echo "== installing dependencies"
"$root/scripts/install_deps.sh"
echo "== building"
"$root/scripts/build.sh"
echo "== checking that the README examples are the compiled ones"
"$root/scripts/check_readme_example.sh"
echo "== house checks (formatting, documented options, no detached threads)"
"$root/scripts/lint.sh"
echo "== running tests"
cd "$build_dir"
ctest --output-on-failure -j2 --timeout 300 "$@"
