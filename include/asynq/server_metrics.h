#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace asynq {

/// What one server did with the tasks of one type from one queue since it started (beyond Go asynq, which
/// exports queue figures only). Attempts are counted by how they ended; their handler run time (from the start
/// of the attempt to its outcome, so a timed-out attempt counts its timeout) goes into a histogram.
struct TaskTypeMetrics {
    std::string queue;
    std::string task_type;       ///< The type, or "other" once a server already tracks 1000 queue/type pairs.
    std::int64_t succeeded = 0;  ///< The handler returned normally.
    std::int64_t retried = 0;    ///< Failed and scheduled for another attempt.
    std::int64_t archived = 0;   ///< Failed with no retry left (or SkipRetry).
    std::int64_t revoked = 0;    ///< The handler threw RevokeTask: deleted.
    std::int64_t requeued = 0;   ///< Still running at shutdown: handed back to pending.
    /// Attempts that took at most each bound of processing_duration_bounds(), cumulative as Prometheus buckets
    /// (the last bound's count may be below duration_count: the rest took longer).
    std::vector<std::int64_t> duration_buckets{};
    std::int64_t duration_count = 0;  ///< Attempts in the histogram (every outcome above).
    double duration_sum_seconds = 0;

    friend bool operator==(const TaskTypeMetrics&, const TaskTypeMetrics&) = default;
};

/// A server's metrics as its last heartbeat published them.
struct ServerMetrics {
    std::string host;
    int pid = 0;
    std::string server_id;
    std::chrono::system_clock::time_point updated{};  ///< When the heartbeat wrote them.
    std::vector<double> duration_bounds{};            ///< The bucket bounds the server counted with, in seconds.
    std::vector<TaskTypeMetrics> tasks{};             ///< Sorted by queue, then type.
};

/// Upper bounds, in seconds, of the processing-time histogram buckets: 5 ms to one hour.
const std::vector<double>& processing_duration_bounds();

}  // namespace asynq
