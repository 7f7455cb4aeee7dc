#pragma once

#include <memory>

#include "asynq/inspector.h"
#include "broker/broker.h"
#include "redis/executor.h"
#include "util/clock.h"

namespace asynq {

/// The Inspector's state, shared by the files that implement its methods (one file per group of operations).
struct Inspector::Impl {
    explicit Impl(const RedisOptions& options)
        : executor(redis::make_executor(options)), broker(*executor, util::SystemClock::instance()) {}

    std::unique_ptr<redis::Executor> executor;
    broker::Broker broker;
};

namespace inspector {

/// Throws Error(kInvalidArgument) for a blank queue name, as Go's Inspector does.
void check_queue_name(const std::string& queue);
/// Checks the name, then that the queue is registered (QueueNotFoundError), as Go does before every action.
void check_queue_exists(broker::Broker& broker, const std::string& queue);

}  // namespace inspector
}  // namespace asynq
