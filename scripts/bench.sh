#!/usr/bin/env bash
# The benchmark command: installs what is missing, builds, starts a throwaway redis-server on a free loopback
# port, measures Redis's own ceiling and asynq-cpp's throughput, latency, CPU, round trips and memory in the same
# run, prints a table (each throughput also as a ratio to SET at pipeline 1), writes bench-results.json, then runs
# the micro-benchmarks. Usage: scripts/bench.sh [tasks-per-measurement] [asynq_bench flags, e.g. --only latency]
set -euo pipefail
# shellcheck source=lib/bench_setup.sh
source "$(dirname "$0")/lib/bench_setup.sh"
tasks=${1:-50000}
shift || true
"$build_dir/bench/asynq_bench" --port "$REDIS_PORT" --tasks "$tasks" --json "${BENCH_JSON:-$root/bench-results.json}" "$@"
if [ $# -eq 0 ]; then
    echo
    echo "Micro-benchmarks (Google Benchmark):"
    "$build_dir/bench/asynq_micro_bench" --benchmark_min_time=0.2
fi
