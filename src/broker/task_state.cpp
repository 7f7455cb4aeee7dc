#include "asynq/task_info.h"

namespace asynq {

std::string_view to_string(TaskState state) noexcept {
    switch (state) {
        case TaskState::kActive:
            return "active";
        case TaskState::kPending:
            return "pending";
        case TaskState::kScheduled:
            return "scheduled";
        case TaskState::kRetry:
            return "retry";
        case TaskState::kArchived:
            return "archived";
        case TaskState::kCompleted:
            return "completed";
        case TaskState::kAggregating:
            return "aggregating";
    }
    return "unknown";
}

std::optional<TaskState> parse_task_state(std::string_view text) noexcept {
    for (auto state : {TaskState::kActive, TaskState::kPending, TaskState::kScheduled, TaskState::kRetry,
                       TaskState::kArchived, TaskState::kCompleted, TaskState::kAggregating}) {
        if (to_string(state) == text) return state;
    }
    return std::nullopt;
}

}  // namespace asynq
