#!/usr/bin/env bash
# Measures an idle server's Redis command rate and its pickup latency, on a throwaway redis-server.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${BUILD_DIR:-$root/build}
# shellcheck source=lib/throwaway_redis.sh
source "$root/scripts/lib/throwaway_redis.sh"
"$root/scripts/install_deps.sh" >/dev/null
"$root/scripts/build.sh" >/dev/null
start_throwaway_redis
"$build_dir/bench/bench_idle_pickup" "$REDIS_PORT" "${1:-200}"
