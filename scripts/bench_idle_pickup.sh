#!/usr/bin/env bash
# Measures an idle server's Redis command rate and its pickup latency, on a throwaway redis-server.
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
"$build_dir/bench/bench_idle_pickup" "$port" "${1:-200}"
