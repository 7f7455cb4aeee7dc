#!/usr/bin/env bash
# The benchmark command: installs what is missing, builds, starts a throwaway redis-server on a free loopback
# port, measures Redis's own ceiling and asynq-cpp's throughput in the same run, prints a table (each figure also
# as a ratio to SET at pipeline 1) and writes bench-results.json. Usage: scripts/bench.sh [tasks-per-measurement]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${BUILD_DIR:-$root/build}
# shellcheck source=lib/throwaway_redis.sh
source "$root/scripts/lib/throwaway_redis.sh"
"$root/scripts/install_deps.sh" >/dev/null
"$root/scripts/build.sh" >/dev/null
start_throwaway_redis
"$build_dir/bench/asynq_bench" "$REDIS_PORT" "${1:-50000}" "${BENCH_JSON:-$root/bench-results.json}"
