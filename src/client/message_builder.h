#pragma once

#include "asynq/options.h"
#include "asynq/task.h"
#include "broker/broker.h"
#include "util/clock.h"

namespace asynq::client {

/// Validates a task and its options and builds the broker request (spec §4.0): defaults, whole-second
/// truncation, the unique key, and the path (pending, scheduled or aggregating).
/// Throws Error(kInvalidArgument) whose message names the field, e.g.
/// `enqueue: max_retry: must be >= 0 (got -1)`.
broker::EnqueueRequest build_enqueue_request(const Task& task, const EnqueueOptions& options,
                                             util::Clock::TimePoint now);

}  // namespace asynq::client
