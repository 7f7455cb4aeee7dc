#pragma once

#include <nlohmann/json.hpp>

#include "asynq/inspector_types.h"

namespace asynq::cli {

/// Adds a queue's counts to `out`, in this order: active, pending, aggregating, scheduled, retry, archived,
/// completed, processed and failed (today, UTC), processed_total, failed_total, and error_rate (failed / processed
/// today, or null when nothing was processed). Shared by `asynq queue inspect --json` and the web API, whose
/// other keys differ (docs/cli.md, docs/web_api.md).
void put_queue_counts(nlohmann::ordered_json& out, const QueueInfo& info);

}  // namespace asynq::cli
