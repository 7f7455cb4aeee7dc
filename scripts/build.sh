#!/usr/bin/env bash
# Builds the web dashboard front end into web/dist (scripts/build_web.sh; ASYNQ_SKIP_WEB=1 leaves it out), first,
# so that `asynq web` finds it, then configures and builds asynq-cpp into build/ (kept between runs, so rebuilds are
# incremental).
# Usage: scripts/build.sh [extra cmake -D options]. BUILD_DIR overrides the directory.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${BUILD_DIR:-$root/build}

werror=OFF
if [ -n "${CI:-}" ]; then werror=ON; fi  # warnings fail the build in CI

"$root/scripts/build_web.sh"

generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi
if [ -f "$build_dir/CMakeCache.txt" ]; then generator=(); fi  # keep the generator the cache was made with

cmake -S "$root" -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DASYNQ_WERROR="$werror" "$@"
cmake --build "$build_dir" -j2
