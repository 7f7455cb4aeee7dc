#include "client/enqueue_result.h"

#include <fmt/format.h>

#include "asynq/errors.h"

namespace asynq::client {
namespace {

TaskState state_of(broker::EnqueuePath path) {
    switch (path) {
        case broker::EnqueuePath::kPending:
            return TaskState::kPending;
        case broker::EnqueuePath::kScheduled:
            return TaskState::kScheduled;
        case broker::EnqueuePath::kAggregating:
            return TaskState::kAggregating;
    }
    return TaskState::kPending;
}

}  // namespace

TaskInfo task_info_of(const broker::EnqueueRequest& request, broker::EnqueueOutcome outcome) {
    const auto& message = request.message;
    switch (outcome) {
        case broker::EnqueueOutcome::kEnqueued: {
            auto next =
                request.path == broker::EnqueuePath::kAggregating ? util::Clock::TimePoint{} : request.process_at;
            return broker::to_task_info(message, state_of(request.path), next, std::nullopt);
        }
        case broker::EnqueueOutcome::kTaskIdConflict:
            throw TaskIdConflictError(
                fmt::format("enqueue: task ID conflicts with another task (queue \"{}\", id \"{}\")", message.queue(),
                            message.id()));
        case broker::EnqueueOutcome::kDuplicateTask:
            throw DuplicateTaskError(
                fmt::format("enqueue: task already exists (unique lock {} is held)", message.unique_key()));
        case broker::EnqueueOutcome::kClaimedElsewhere:
            // Only a Scheduler's requests carry a claim, and it handles this outcome before asking here.
            throw Error(ErrorCode::kInternal, "enqueue: occurrence claimed by another scheduler");
    }
    throw Error(ErrorCode::kInternal, "enqueue: unknown outcome");
}

}  // namespace asynq::client
