#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "asynq/server_metrics.h"

namespace asynq::server {

/// How an attempt ended, for the outcome counters.
enum class AttemptOutcome { kSucceeded, kRetried, kArchived, kRevoked, kRequeued };

/// Counts the outcome and handler run time of every attempt, per queue and task type, for the heartbeat to
/// publish (docs/metrics.md). Thread-safe; one short lock per attempt.
class MetricsRecorder {
public:
    /// Pairs tracked at most; later types are counted as "other", so that a producer inventing task types
    /// cannot grow the published metrics without bound.
    static constexpr std::size_t kMaxTaskTypes = 1000;

    void record(const std::string& queue, const std::string& task_type, AttemptOutcome outcome,
                std::chrono::nanoseconds duration);

    /// Everything counted so far, sorted by queue and type.
    std::vector<TaskTypeMetrics> snapshot() const;

private:
    mutable std::mutex mu_;
    std::map<std::pair<std::string, std::string>, TaskTypeMetrics> by_type_;  // guarded by mu_
};

}  // namespace asynq::server
