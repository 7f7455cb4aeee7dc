#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <span>
#include <stop_token>
#include <string>

namespace asynq::server {

/// Where workers that found no task wait, without each polling Redis.
///
/// Every worker that found nothing arms the queue watchers of the queues it saw empty (they block in Redis until
/// a queue gets work). One idle worker at a time is the scout: it waits for a wake-up or the task check interval,
/// after which it probes the queues again. Other idle workers wait for a token. A worker that finds a task passes a
/// token on, so a burst of work wakes idle workers one after another (no thundering herd) and a quiet server costs one
/// probe per interval.
class IdleGate {
public:
    using ArmWatchers = std::function<void(std::span<const std::string> empty_queues)>;

    IdleGate(std::chrono::milliseconds check_interval, ArmWatchers arm_watchers)
        : check_interval_(check_interval), arm_watchers_(std::move(arm_watchers)) {}

    /// Called by a worker whose probe found nothing. Returns when there may be work, when the check interval
    /// passed (scout), or on stop.
    void wait(std::span<const std::string> empty_queues, std::stop_token stop);
    /// A worker found a task: wake one idle worker to probe too.
    void work_found();
    /// A watcher saw work appear in a queue.
    void notify_work() { work_found(); }

    int idle_workers() const;

private:
    const std::chrono::milliseconds check_interval_;  // immutable
    const ArmWatchers arm_watchers_;                  // immutable
    mutable std::mutex mu_;
    std::condition_variable_any cv_;
    bool scout_present_ = false;  // guarded by mu_
    int idle_ = 0;                // guarded by mu_
    int tokens_ = 0;              // guarded by mu_: wake-ups not yet taken, at most idle_
};

}  // namespace asynq::server
