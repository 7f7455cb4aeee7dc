#!/usr/bin/env bash
# The main job: installs what is missing, builds, starts a throwaway redis-server on a free loopback port,
# serves the web dashboard, enqueues a mix of tasks with every option kind (library and CLI) while workers
# process them, and shows the queues. Redis and the dashboard are stopped
# Redis's directory removed on exit, whatever happens (at a terminal, after Ctrl+C).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${BUILD_DIR:-$root/build}

echo "== installing dependencies"
"$root/scripts/install_deps.sh"
echo "== building"
"$root/scripts/build.sh" >/dev/null
echo "   built $build_dir"

# shellcheck source=lib/throwaway_redis.sh
source "$root/scripts/lib/throwaway_redis.sh"
start_throwaway_redis
port=$REDIS_PORT
uri="redis://127.0.0.1:$port"
echo "== throwaway Redis at $uri (removed on exit)"
echo

echo "== the asynq CLI: asynq task enqueue (prints the task as JSON)"
"$build_dir/src/cli/asynq" --uri "$uri" task enqueue newsletter:send --payload '{"issue":12}' \
    --queue low --max-retry 2 --timeout 5m --retention 1h --header campaign=winter

# The web dashboard, live while the workers run. Port 8080 unless DEMO_WEB_PORT says otherwise (or it is taken).
web_port=${DEMO_WEB_PORT:-8080}
if ! python3 -c "import socket,sys; s=socket.socket(); s.bind(('127.0.0.1',$web_port))" 2>/dev/null; then
    web_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
fi
"$build_dir/src/cli/asynq" --uri "$uri" web --listen "127.0.0.1:$web_port" >"$THROWAWAY_REDIS_DIR/web.log" 2>&1 &
web_pid=$!
stop_demo() {
    kill "$web_pid" 2>/dev/null || true
    wait "$web_pid" 2>/dev/null || true
    stop_throwaway_redis
}
trap stop_demo EXIT
for _ in $(seq 1 100); do
    python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$web_port/api/config', timeout=1)" 2>/dev/null && break
    sleep 0.05
done
echo
echo "== web dashboard: http://127.0.0.1:$web_port  (Prometheus metrics at /metrics)"

echo
"$build_dir/examples/example_demo" "$uri" "${DEMO_BATCH:-5000}" "${DEMO_SECONDS:-12}"

echo
echo "== queues after the run"
printf '%-10s %8s %8s %10s %6s %9s %12s %10s\n' queue pending active scheduled retry archived aggregating processed
for q in $(redis-cli -p "$port" smembers asynq:queues | sort); do
    pending=$(redis-cli -p "$port" llen "asynq:{$q}:pending")
    active=$(redis-cli -p "$port" llen "asynq:{$q}:active")
    scheduled=$(redis-cli -p "$port" zcard "asynq:{$q}:scheduled")
    aggregating=0
    for g in $(redis-cli -p "$port" smembers "asynq:{$q}:groups"); do
        aggregating=$((aggregating + $(redis-cli -p "$port" zcard "asynq:{$q}:g:$g")))
    done
    retry=$(redis-cli -p "$port" zcard "asynq:{$q}:retry")
    archived=$(redis-cli -p "$port" zcard "asynq:{$q}:archived")
    processed=$(redis-cli -p "$port" get "asynq:{$q}:processed")
    printf '%-10s %8s %8s %10s %6s %9s %12s %10s\n' "$q" "$pending" "$active" "$scheduled" "$retry" "$archived" \
        "$aggregating" "${processed:-0}"
done
echo
echo "Scheduled tasks wait for their time; aggregating ones wait for a group aggregator (a later release);"
echo "archived ones are the demo:slow tasks that timed out twice."

# At a terminal, keep Redis and the dashboard up for a look; Ctrl+C ends the demo and removes both.
if [ -t 0 ] && [ -z "${DEMO_NO_WAIT:-}" ]; then
    echo
    echo "The dashboard stays at http://127.0.0.1:$web_port until you press Ctrl+C."
    wait "$web_pid" || true
fi
