#pragma once

#include "asynq/task_info.h"
#include "broker/broker.h"

namespace asynq::client {

/// The TaskInfo of an enqueued request, or the typed error Go users know for the other outcomes
/// (TaskIdConflictError, DuplicateTaskError).
TaskInfo task_info_of(const broker::EnqueueRequest& request, broker::EnqueueOutcome outcome);

}  // namespace asynq::client
