#!/usr/bin/env bash
# Measures an idle server's Redis command rate and its pickup latency, on a throwaway redis-server.
set -euo pipefail
# shellcheck source=lib/bench_setup.sh
source "$(dirname "$0")/lib/bench_setup.sh"
"$build_dir/bench/bench_idle_pickup" "$REDIS_PORT" "${1:-200}"
