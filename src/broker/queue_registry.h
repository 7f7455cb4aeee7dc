#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace asynq::broker {

/// Remembers which queues this process recently added to `asynq:queues`, so enqueues skip the SADD. The memory
/// expires after refresh_after, because another process may remove the queue (spec §4.0 asks for a bound in
/// time; Go v0.25+ caches forever). Thread-safe.
class QueueRegistry {
public:
    explicit QueueRegistry(std::chrono::seconds refresh_after = std::chrono::seconds(60))
        : refresh_after_(refresh_after) {}

    /// True if the queue should be (re-)registered now.
    bool needs_registration(std::string_view queue) const;
    /// Call after a successful SADD.
    void mark_registered(std::string_view queue);
    /// Call when this process removes the queue.
    void forget(std::string_view queue);

private:
    using Clock = std::chrono::steady_clock;
    const std::chrono::seconds refresh_after_;  // immutable
    mutable std::mutex mu_;
    std::unordered_map<std::string, Clock::time_point> registered_at_;  // guarded by mu_
};

}  // namespace asynq::broker
