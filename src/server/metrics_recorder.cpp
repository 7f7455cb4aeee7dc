#include "server/metrics_recorder.h"

#include <algorithm>

namespace asynq {

const std::vector<double>& processing_duration_bounds() {
    // From a cache hit to Go's default 30 min timeout and beyond.
    static const std::vector<double> bounds = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,  1,   2.5,
                                               5,     10,   30,    60,   300, 900,  1800, 3600};
    return bounds;
}

namespace server {

void MetricsRecorder::record(const std::string& queue, const std::string& task_type, AttemptOutcome outcome,
                             std::chrono::nanoseconds duration) {
    const double seconds = std::chrono::duration<double>(std::max(duration, std::chrono::nanoseconds(0))).count();
    const auto& bounds = processing_duration_bounds();
    std::lock_guard lock(mu_);
    auto key = std::make_pair(queue, task_type);
    auto found = by_type_.find(key);
    if (found == by_type_.end()) {
        if (by_type_.size() >= kMaxTaskTypes) key.second = "other";
        found = by_type_.try_emplace(key).first;
        auto& created = found->second;
        if (created.duration_buckets.empty()) {
            created.queue = key.first;
            created.task_type = key.second;
            created.duration_buckets.assign(bounds.size(), 0);
        }
    }
    TaskTypeMetrics& metrics = found->second;
    switch (outcome) {
        case AttemptOutcome::kSucceeded:
            ++metrics.succeeded;
            break;
        case AttemptOutcome::kRetried:
            ++metrics.retried;
            break;
        case AttemptOutcome::kArchived:
            ++metrics.archived;
            break;
        case AttemptOutcome::kRevoked:
            ++metrics.revoked;
            break;
        case AttemptOutcome::kRequeued:
            ++metrics.requeued;
            break;
    }
    for (std::size_t i = 0; i < bounds.size(); ++i) {
        if (seconds <= bounds[i]) ++metrics.duration_buckets[i];
    }
    ++metrics.duration_count;
    metrics.duration_sum_seconds += seconds;
}

std::vector<TaskTypeMetrics> MetricsRecorder::snapshot() const {
    std::lock_guard lock(mu_);
    std::vector<TaskTypeMetrics> all;
    all.reserve(by_type_.size());
    for (const auto& [key, metrics] : by_type_) all.push_back(metrics);
    return all;
}

}  // namespace server
}  // namespace asynq
