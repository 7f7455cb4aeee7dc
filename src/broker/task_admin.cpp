// Go's Inspector actions on tasks and queues (spec §4.22.7–§4.22.13, §4.22.16): run, archive and delete one task or
// all tasks of a state or group, update a scheduled task's payload, remove a queue.
#include <fmt/format.h>

#include <optional>

#include "asynq/errors.h"
#include "broker/broker.h"
#include "broker/keys.h"
#include "broker/outcome.h"
#include "broker/task_codec.h"
#include "lua_scripts.h"
#include "redis/errors.h"

namespace asynq::broker {
namespace {

// update_task_payload: how often to re-read a task that keeps changing between our read and our write.
constexpr int kUpdateAttempts = 5;

TaskAdminOutcome unexpected_code(std::string_view script, std::int64_t code) {
    throw redis::ProtocolError(fmt::format("{}: unexpected reply {}", script, code));
}

// The codes run_task, archive_task and delete_task share: 1 done, 0 no such task, -1 active, and -2 already in the
// state the action leads to (`already`; none for delete_task, which never returns -2).
TaskAdminOutcome single_task_outcome(const redis::Script& script, std::int64_t code,
                                     std::optional<TaskAdminOutcome> already = std::nullopt) {
    switch (code) {
        case 1:
            return TaskAdminOutcome::kDone;
        case 0:
            return TaskAdminOutcome::kTaskNotFound;
        case -1:
            return TaskAdminOutcome::kActive;
        case -2:
            if (already) return *already;
            break;
        default:
            break;
    }
    return unexpected_code(script.name, code);
}

/// The key of a state's container, and whether it is a list (pending) or a zset.
struct Source {
    std::string key;
    std::string type;  // "list" or "zset", as the scripts take it
};

Source source_of(const std::string& queue, TaskState state, std::string_view operation) {
    switch (state) {
        case TaskState::kPending:
            return {keys::pending_key(queue), "list"};
        case TaskState::kScheduled:
            return {keys::scheduled_key(queue), "zset"};
        case TaskState::kRetry:
            return {keys::retry_key(queue), "zset"};
        case TaskState::kArchived:
            return {keys::archived_key(queue), "zset"};
        case TaskState::kCompleted:
            return {keys::completed_key(queue), "zset"};
        case TaskState::kActive:
        case TaskState::kAggregating:
            break;
    }
    throw Error(ErrorCode::kInvalidArgument, fmt::format("{}: not for {} tasks", operation, to_string(state)));
}

}  // namespace

TaskAdminOutcome Broker::run_task(const std::string& queue, const std::string& id) {
    const auto code =
        executor_
            .run(redis::Command::eval(
                lua::kRunTask, {keys::task_key(queue, id), keys::pending_key(queue), keys::all_groups_key(queue)},
                {id, keys::queue_prefix(queue), keys::group_key_prefix(queue)}))
            .as_integer();
    return single_task_outcome(lua::kRunTask, code, TaskAdminOutcome::kAlreadyPending);
}

TaskAdminOutcome Broker::archive_task(const std::string& queue, const std::string& id) {
    const auto now = clock_.now();
    const auto code =
        executor_
            .run(redis::Command::eval(
                lua::kArchiveTask, {keys::task_key(queue, id), keys::archived_key(queue), keys::all_groups_key(queue)},
                {id, unix_seconds_text(now), unix_seconds_text(now - kArchiveRetention), std::string(kMaxArchiveSize),
                 keys::queue_prefix(queue), keys::group_key_prefix(queue), keys::task_key_prefix(queue)}))
            .as_integer();
    return single_task_outcome(lua::kArchiveTask, code, TaskAdminOutcome::kAlreadyArchived);
}

TaskAdminOutcome Broker::delete_task(const std::string& queue, const std::string& id) {
    const auto code =
        executor_
            .run(redis::Command::eval(lua::kDeleteTask, {keys::task_key(queue, id), keys::all_groups_key(queue)},
                                      {id, keys::queue_prefix(queue), keys::group_key_prefix(queue)}))
            .as_integer();
    return single_task_outcome(lua::kDeleteTask, code);
}

TaskAdminOutcome Broker::update_task_payload(const std::string& queue, const std::string& id,
                                             const std::string& payload) {
    const std::string task_key = keys::task_key(queue, id);
    for (int attempt = 0; attempt < kUpdateAttempts; ++attempt) {
        auto read = executor_.run(redis::Command::keyed(task_key, {"HGET", task_key, "msg"}));
        if (read.is_nil()) return TaskAdminOutcome::kTaskNotFound;
        const std::string old_bytes = read.as_string();
        auto message = decode_task_message(old_bytes, task_key);
        message.set_payload(payload);
        const auto code = executor_
                              .run(redis::Command::eval(lua::kUpdateTaskPayload, {task_key},
                                                        {encode_task_message(message), old_bytes}))
                              .as_integer();
        switch (code) {
            case 1:
                return TaskAdminOutcome::kDone;
            case 0:
                return TaskAdminOutcome::kTaskNotFound;
            case -1:
                return TaskAdminOutcome::kNotScheduled;
            case -2:
                continue;  // changed between read and write: read it again
            default:
                return unexpected_code("update_task_payload", code);
        }
    }
    throw Error(ErrorCode::kUnavailable,
                fmt::format("update_task_payload: task {} in queue \"{}\" kept changing; try again", id, queue));
}

std::int64_t Broker::run_all_tasks(const std::string& queue, TaskState state) {
    if (state != TaskState::kScheduled && state != TaskState::kRetry && state != TaskState::kArchived) {
        throw Error(ErrorCode::kInvalidArgument, fmt::format("run_all_tasks: not for {} tasks", to_string(state)));
    }
    return executor_
        .run(redis::Command::eval(lua::kRunAll,
                                  {source_of(queue, state, "run_all_tasks").key, keys::pending_key(queue)},
                                  {keys::task_key_prefix(queue)}))
        .as_integer();
}

std::int64_t Broker::run_all_aggregating_tasks(const std::string& queue, const std::string& group) {
    return executor_
        .run(redis::Command::eval(
            lua::kRunAll, {keys::group_key(queue, group), keys::pending_key(queue), keys::all_groups_key(queue)},
            {keys::task_key_prefix(queue), group}))
        .as_integer();
}

std::int64_t Broker::archive_all_tasks(const std::string& queue, TaskState state) {
    if (state != TaskState::kPending && state != TaskState::kScheduled && state != TaskState::kRetry) {
        throw Error(ErrorCode::kInvalidArgument, fmt::format("archive_all_tasks: not for {} tasks", to_string(state)));
    }
    const auto source = source_of(queue, state, "archive_all_tasks");
    const auto now = clock_.now();
    return executor_
        .run(redis::Command::eval(lua::kArchiveAll, {source.key, keys::archived_key(queue)},
                                  {keys::task_key_prefix(queue), source.type, unix_seconds_text(now),
                                   unix_seconds_text(now - kArchiveRetention), std::string(kMaxArchiveSize)}))
        .as_integer();
}

std::int64_t Broker::archive_all_aggregating_tasks(const std::string& queue, const std::string& group) {
    const auto now = clock_.now();
    return executor_
        .run(redis::Command::eval(
            lua::kArchiveAll, {keys::group_key(queue, group), keys::archived_key(queue), keys::all_groups_key(queue)},
            {keys::task_key_prefix(queue), "zset", unix_seconds_text(now), unix_seconds_text(now - kArchiveRetention),
             std::string(kMaxArchiveSize), group}))
        .as_integer();
}

std::int64_t Broker::delete_all_tasks(const std::string& queue, TaskState state) {
    const auto source = source_of(queue, state, "delete_all_tasks");
    // Go keeps the locks of deleted pending tasks (spec §7.9.3); a Go peer could observe the difference.
    const std::string release_locks = state == TaskState::kPending ? "0" : "1";
    return executor_
        .run(
            redis::Command::eval(lua::kDeleteAll, {source.key},
                                 {keys::task_key_prefix(queue), source.type, release_locks, keys::queue_prefix(queue)}))
        .as_integer();
}

std::int64_t Broker::delete_all_aggregating_tasks(const std::string& queue, const std::string& group) {
    return executor_
        .run(redis::Command::eval(lua::kDeleteAll, {keys::group_key(queue, group), keys::all_groups_key(queue)},
                                  {keys::task_key_prefix(queue), "zset", "0", keys::queue_prefix(queue), group}))
        .as_integer();
}

RemoveQueueOutcome Broker::remove_queue(const std::string& queue, RemoveQueueMode mode) {
    const auto code =
        executor_
            .run(redis::Command::eval(lua::kRemoveQueue,
                                      {keys::pending_key(queue), keys::active_key(queue), keys::scheduled_key(queue),
                                       keys::retry_key(queue), keys::archived_key(queue), keys::lease_key(queue)},
                                      {keys::task_key_prefix(queue), mode == RemoveQueueMode::kForce ? "1" : "0"}))
            .as_integer();
    switch (code) {
        case 1:
            break;
        case -1:
            return RemoveQueueOutcome::kNotEmpty;
        case -2:
            return RemoveQueueOutcome::kHasActiveTasks;
        default:
            throw redis::ProtocolError(fmt::format("remove_queue: unexpected reply {}", code));
    }
    executor_.run(redis::Command::keyed(keys::kAllQueues, {"SREM", keys::kAllQueues, queue}));
    registered_queues_.forget(queue);
    return RemoveQueueOutcome::kRemoved;
}

}  // namespace asynq::broker
