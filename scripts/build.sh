#!/usr/bin/env bash
# Configures and builds asynq-cpp into build/ (kept between runs, so rebuilds are incremental).
# Usage: scripts/build.sh [extra cmake -D options]. BUILD_DIR overrides the directory.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${BUILD_DIR:-$root/build}

werror=OFF
if [ -n "${CI:-}" ]; then werror=ON; fi  # warnings fail the build in CI

generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi
if [ -f "$build_dir/CMakeCache.txt" ]; then generator=(); fi  # keep the generator the cache was made with

cmake -S "$root" -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DASYNQ_WERROR="$werror" "$@"
cmake --build "$build_dir" -j2
