#include "asynq/inspector.h"

#include <fmt/format.h>

#include "asynq/errors.h"
#include "broker/broker.h"
#include "redis/executor.h"
#include "util/clock.h"
#include "util/text.h"

namespace asynq {
namespace {

void check_queue_name(const std::string& queue) {
    if (util::is_blank(queue)) {
        throw Error(ErrorCode::kInvalidArgument, "queue name must contain one or more characters");
    }
}

}  // namespace

struct Inspector::Impl {
    explicit Impl(const RedisOptions& options)
        : executor(redis::make_executor(options)), broker(*executor, util::SystemClock::instance()) {}

    std::unique_ptr<redis::Executor> executor;
    broker::Broker broker;
};

Inspector::Inspector(RedisOptions redis) : impl_(std::make_unique<Impl>(redis)) {}
Inspector::~Inspector() = default;

void Inspector::pause_queue(const std::string& queue) {
    check_queue_name(queue);
    if (!impl_->broker.pause_queue(queue)) {
        throw Error(ErrorCode::kFailedPrecondition, fmt::format("queue \"{}\" is already paused", queue));
    }
}

void Inspector::unpause_queue(const std::string& queue) {
    check_queue_name(queue);
    if (!impl_->broker.unpause_queue(queue)) {
        throw Error(ErrorCode::kFailedPrecondition, fmt::format("queue \"{}\" is not paused", queue));
    }
}

bool Inspector::is_queue_paused(const std::string& queue) {
    check_queue_name(queue);
    return impl_->broker.is_queue_paused(queue);
}

}  // namespace asynq
