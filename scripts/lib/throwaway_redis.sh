# Sourced by scripts that need a Redis of their own: starts redis-server on a free loopback port in a temporary
# directory, exports REDIS_PORT, and stops it and removes the directory on exit. Extra redis-server arguments may
# be passed to start_throwaway_redis.
start_throwaway_redis() {
    THROWAWAY_REDIS_DIR=$(mktemp -d /tmp/asynq-redis-XXXXXX)
    REDIS_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$THROWAWAY_REDIS_DIR" \
        --logfile "$THROWAWAY_REDIS_DIR/redis.log" "$@" &
    THROWAWAY_REDIS_PID=$!
    trap stop_throwaway_redis EXIT
    for _ in $(seq 1 200); do
        redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return 0
        sleep 0.05
    done
    echo "redis-server did not start:" >&2
    cat "$THROWAWAY_REDIS_DIR/redis.log" >&2
    return 1
}

stop_throwaway_redis() {
    if [ -n "${THROWAWAY_REDIS_PID:-}" ]; then
        kill "$THROWAWAY_REDIS_PID" 2>/dev/null || true
        wait "$THROWAWAY_REDIS_PID" 2>/dev/null || true
    fi
    rm -rf "${THROWAWAY_REDIS_DIR:-}"
}
