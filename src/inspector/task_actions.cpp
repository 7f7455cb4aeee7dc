// The Inspector's actions on tasks and queues (Go's DeleteTask, RunTask, ArchiveTask, the *All variants,
// CancelProcessing, DeleteQueue, UpdateTaskPayload; spec §4.21, §4.22.7–§4.22.13, §4.22.16).
#include <fmt/format.h>

#include "asynq/errors.h"
#include "asynq/inspector.h"
#include "inspector/inspector_impl.h"
#include "util/text.h"

namespace asynq {
namespace {

using broker::TaskAdminOutcome;
using inspector::check_queue_exists;
using inspector::check_queue_name;

void check_group_name(const std::string& group) {
    if (util::is_blank(group)) {
        throw Error(ErrorCode::kInvalidArgument, "group name must contain one or more characters");
    }
}

[[noreturn]] void throw_task_not_found(const std::string& queue, const std::string& id) {
    throw TaskNotFoundError(fmt::format("cannot find task with id={} in queue \"{}\"", id, queue));
}

}  // namespace

void Inspector::delete_task(const std::string& queue, const std::string& id) {
    check_queue_exists(impl_->broker, queue);
    switch (impl_->broker.delete_task(queue, id)) {
        case TaskAdminOutcome::kDone:
            return;
        case TaskAdminOutcome::kActive:
            throw TaskStateError("cannot delete task in active state. use CancelProcessing instead.");
        default:
            throw_task_not_found(queue, id);
    }
}

void Inspector::run_task(const std::string& queue, const std::string& id) {
    check_queue_exists(impl_->broker, queue);
    switch (impl_->broker.run_task(queue, id)) {
        case TaskAdminOutcome::kDone:
            return;
        case TaskAdminOutcome::kActive:
            throw TaskStateError("task is already running");
        case TaskAdminOutcome::kAlreadyPending:
            throw TaskStateError("task is already in pending state");
        default:
            throw_task_not_found(queue, id);
    }
}

void Inspector::archive_task(const std::string& queue, const std::string& id) {
    check_queue_exists(impl_->broker, queue);
    switch (impl_->broker.archive_task(queue, id)) {
        case TaskAdminOutcome::kDone:
            return;
        case TaskAdminOutcome::kActive:
            throw TaskStateError("cannot archive task in active state. use CancelProcessing instead.");
        case TaskAdminOutcome::kAlreadyArchived:
            throw TaskStateError(fmt::format("task is already archived: id={}, queue={}", id, queue));
        default:
            throw_task_not_found(queue, id);
    }
}

std::int64_t Inspector::delete_all_pending_tasks(const std::string& queue) {
    check_queue_exists(impl_->broker, queue);
    return impl_->broker.delete_all_tasks(queue, TaskState::kPending);
}

std::int64_t Inspector::delete_all_scheduled_tasks(const std::string& queue) {
    check_queue_exists(impl_->broker, queue);
    return impl_->broker.delete_all_tasks(queue, TaskState::kScheduled);
}

std::int64_t Inspector::delete_all_retry_tasks(const std::string& queue) {
    check_queue_exists(impl_->broker, queue);
    return impl_->broker.delete_all_tasks(queue, TaskState::kRetry);
}

std::int64_t Inspector::delete_all_archived_tasks(const std::string& queue) {
    check_queue_exists(impl_->broker, queue);
    return impl_->broker.delete_all_tasks(queue, TaskState::kArchived);
}

std::int64_t Inspector::delete_all_completed_tasks(const std::string& queue) {
    check_queue_exists(impl_->broker, queue);
    return impl_->broker.delete_all_tasks(queue, TaskState::kCompleted);
}

std::int64_t Inspector::delete_all_aggregating_tasks(const std::string& queue, const std::string& group) {
    check_group_name(group);
    check_queue_exists(impl_->broker, queue);
    return impl_->broker.delete_all_aggregating_tasks(queue, group);
}

std::int64_t Inspector::run_all_scheduled_tasks(const std::string& queue) {
    check_queue_exists(impl_->broker, queue);
    return impl_->broker.run_all_tasks(queue, TaskState::kScheduled);
}

std::int64_t Inspector::run_all_retry_tasks(const std::string& queue) {
    check_queue_exists(impl_->broker, queue);
    return impl_->broker.run_all_tasks(queue, TaskState::kRetry);
}

std::int64_t Inspector::run_all_archived_tasks(const std::string& queue) {
    check_queue_exists(impl_->broker, queue);
    return impl_->broker.run_all_tasks(queue, TaskState::kArchived);
}

std::int64_t Inspector::run_all_aggregating_tasks(const std::string& queue, const std::string& group) {
    check_group_name(group);
    check_queue_exists(impl_->broker, queue);
    return impl_->broker.run_all_aggregating_tasks(queue, group);
}

std::int64_t Inspector::archive_all_pending_tasks(const std::string& queue) {
    check_queue_exists(impl_->broker, queue);
    return impl_->broker.archive_all_tasks(queue, TaskState::kPending);
}

std::int64_t Inspector::archive_all_scheduled_tasks(const std::string& queue) {
    check_queue_exists(impl_->broker, queue);
    return impl_->broker.archive_all_tasks(queue, TaskState::kScheduled);
}

std::int64_t Inspector::archive_all_retry_tasks(const std::string& queue) {
    check_queue_exists(impl_->broker, queue);
    return impl_->broker.archive_all_tasks(queue, TaskState::kRetry);
}

std::int64_t Inspector::archive_all_aggregating_tasks(const std::string& queue, const std::string& group) {
    check_group_name(group);
    check_queue_exists(impl_->broker, queue);
    return impl_->broker.archive_all_aggregating_tasks(queue, group);
}

void Inspector::cancel_processing(const std::string& task_id) {
    if (util::is_blank(task_id)) {
        throw Error(ErrorCode::kInvalidArgument, "task id must contain one or more characters");
    }
    impl_->broker.publish_cancel(task_id);
}

void Inspector::delete_queue(const std::string& queue, bool force) {
    check_queue_exists(impl_->broker, queue);
    const auto mode = force ? broker::RemoveQueueMode::kForce : broker::RemoveQueueMode::kOnlyIfEmpty;
    switch (impl_->broker.remove_queue(queue, mode)) {
        case broker::RemoveQueueOutcome::kRemoved:
            return;
        case broker::RemoveQueueOutcome::kNotEmpty:
            throw QueueNotEmptyError(fmt::format("queue \"{}\" is not empty", queue));
        case broker::RemoveQueueOutcome::kHasActiveTasks:
            throw QueueNotEmptyError("cannot remove queue with active tasks");
    }
}

void Inspector::update_task_payload(const std::string& queue, const std::string& id, const std::string& payload) {
    check_queue_exists(impl_->broker, queue);
    switch (impl_->broker.update_task_payload(queue, id, payload)) {
        case TaskAdminOutcome::kDone:
            return;
        case TaskAdminOutcome::kNotScheduled:
            throw TaskStateError("cannot update task that is not in scheduled state.");
        default:
            throw_task_not_found(queue, id);
    }
}

}  // namespace asynq
