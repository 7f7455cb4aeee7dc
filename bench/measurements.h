#pragma once
// The measurements asynq_bench runs (one file each), all against the Redis on `port`.
#include <string>

#include "bench_support.h"

namespace bench {

/// One line of the result table: a throughput with its costs, or a single figure (latency, memory).
struct Row {
    std::string name;
    double value = 0;
    std::string unit;      ///< "tasks/s", "ms", "MB", "bytes"
    bool is_rate = false;  ///< a throughput: also shown as a ratio to SET p1
    Costs costs{};         ///< for throughputs
};

// throughput.cpp
Row measure_enqueue(int port, int threads, int tasks);
Row measure_enqueue_batch(int port, int tasks);
Row measure_processing(int port, int concurrency, int queues, int tasks);

// latency.cpp: enqueue-to-handler-start percentiles, idle (one task at a time) and under an offered load
// (tasks/s, paced); appends p50, p99 and p99.9 rows.
void measure_latency(int port, double offered_per_second, const std::string& label, std::vector<Row>& rows);

// memory.cpp: peak resident memory of a server (concurrency 200, 1 KB payloads) and of a client enqueueing from
// 64 threads, each measured in a child process of its own; Redis memory per pending task.
void measure_memory(int port, const std::string& self_path, int tasks, std::vector<Row>& rows);
/// The child-process side of measure_memory: "server" or "client". Prints the peak RSS in bytes on stdout.
int memory_child(const std::string& role, int port, int tasks);

}  // namespace bench
