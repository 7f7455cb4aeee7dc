#pragma once

#include <string>
#include <string_view>

#include "asynq/options.h"
#include "asynq/task.h"

namespace asynq::scheduler {

/// What makes two scheduler entries "the same entry": lowercase hex SHA-256 over the cron spec, the task type, the
/// payload (nil and empty differ), the option strings (spec §5.4 forms, sorted, so their order does not matter)
/// and the headers. Like Go's PeriodicTaskManager hash, except that every part is length-prefixed (Go's plain
/// concatenation makes "ab"+"c" equal "a"+"bc") and headers and nil payloads count, since they change what is
/// enqueued. Every process computes the same identity for the same entry: a PeriodicTaskManager keeps an entry
/// whose identity did not change, and schedulers share the occurrences of entries with one identity.
std::string entry_identity(std::string_view cronspec, const Task& task, const EnqueueOptions& options);

}  // namespace asynq::scheduler
