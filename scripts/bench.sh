#!/usr/bin/env bash
# The benchmark command: installs what is missing, builds, starts a throwaway redis-server on a free loopback
# port, measures Redis's own ceiling and asynq-cpp's throughput in the same run, prints a table (each figure also
# as a ratio to SET at pipeline 1) and writes bench-results.json. Usage: scripts/bench.sh [tasks-per-measurement]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${BUILD_DIR:-$root/build}
"$root/scripts/install_deps.sh" >/dev/null
"$root/scripts/build.sh" >/dev/null
work=$(mktemp -d /tmp/asynq-bench-XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" --logfile "$work/redis.log" &
redis_pid=$!
trap 'kill $redis_pid 2>/dev/null; wait $redis_pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 200); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.05; done
"$build_dir/bench/asynq_bench" "$port" "${1:-50000}" "${BENCH_JSON:-$root/bench-results.json}"
