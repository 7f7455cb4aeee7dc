#include "asynq/inspector.h"

#include <fmt/format.h>

#include "asynq/errors.h"
#include "inspector/inspector_impl.h"
#include "util/text.h"

namespace asynq {

void inspector::check_queue_name(const std::string& queue) {
    if (util::is_blank(queue)) {
        throw Error(ErrorCode::kInvalidArgument, "queue name must contain one or more characters");
    }
}

void inspector::check_queue_exists(broker::Broker& broker, const std::string& queue) {
    check_queue_name(queue);
    if (!broker.queue_exists(queue)) throw QueueNotFoundError(fmt::format("queue \"{}\" does not exist", queue));
}

using inspector::check_queue_name;

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
