#pragma once

#include <memory>
#include <string>

#include "asynq/redis_options.h"

namespace asynq {

/// Administers queues in Redis (Go's asynq.Inspector). For now: pausing and unpausing queues. Thread-safe.
class Inspector {
public:
    explicit Inspector(RedisOptions redis);
    ~Inspector();
    Inspector(const Inspector&) = delete;
    Inspector& operator=(const Inspector&) = delete;

    /// Pauses a queue: no server (asynq-cpp or Go asynq) takes a task from it until it is unpaused; tasks can
    /// still be enqueued, and tasks already running finish. The queue need not exist yet.
    /// Throws Error(kInvalidArgument) for a blank name, Error(kFailedPrecondition) `queue "q" is already paused`.
    void pause_queue(const std::string& queue);
    /// Lets servers take tasks from the queue again. Throws Error(kInvalidArgument) for a blank name,
    /// Error(kFailedPrecondition) `queue "q" is not paused`.
    void unpause_queue(const std::string& queue);
    /// Whether the queue is paused. Throws Error(kInvalidArgument) for a blank name.
    bool is_queue_paused(const std::string& queue);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace asynq
