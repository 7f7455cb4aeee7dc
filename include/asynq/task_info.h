#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "asynq/task.h"

namespace asynq {

/// Lifecycle states of a task, as stored in the `state` field of the task hash.
enum class TaskState { kActive, kPending, kScheduled, kRetry, kArchived, kCompleted, kAggregating };

/// "pending", "active", ... (the strings Redis stores).
std::string_view to_string(TaskState state) noexcept;
/// Parses a stored state string; nullopt if unknown.
std::optional<TaskState> parse_task_state(std::string_view text) noexcept;

/// A snapshot of one task, as Go asynq's TaskInfo. Times that are "unset" hold the epoch (time_since_epoch 0).
struct TaskInfo {
    using TimePoint = std::chrono::system_clock::time_point;

    std::string id;
    std::string queue;
    std::string type;
    std::string payload;
    Headers headers;
    TaskState state = TaskState::kPending;
    int max_retry = 0;
    int retried = 0;
    std::string last_error;
    TimePoint last_failed_at{};
    std::chrono::seconds timeout{0};  ///< 0 = none stored.
    TimePoint deadline{};             ///< epoch = none.
    std::string group;
    TimePoint next_process_at{};  ///< When a pending/scheduled/retry task runs next; epoch otherwise.
    std::chrono::seconds retention{0};
    TimePoint completed_at{};
    std::optional<std::string> result;  ///< Written by the handler's ResultWriter, if any.
    bool is_orphaned = false;           ///< Active task whose lease has expired (worker presumed dead).
};

}  // namespace asynq
