#pragma once

#include <nlohmann/json.hpp>

#include "asynq/task_info.h"

namespace asynq::cli {

/// TaskInfo as the JSON object the CLI prints (`task enqueue`, and later `task inspect`). Keys, in this order:
///
///   id                 string
///   queue              string
///   type               string
///   payload            string: the bytes as text if they are valid UTF-8, otherwise their base64
///   payload_encoding   "base64"; present only when payload is base64
///   headers            object of string → string ({} when none)
///   state              "pending", "active", "scheduled", "retry", "archived", "completed" or "aggregating"
///   max_retry          integer
///   retried            integer
///   last_error         string, or null if the task never failed
///   last_failed_at     RFC 3339 UTC time, or null
///   timeout_seconds    integer; 0 = none stored (the server then applies its 30 min default unless a
///                      deadline is set)
///   deadline           RFC 3339 UTC time, or null
///   group              string, or null
///   next_process_at    RFC 3339 UTC time, or null (not pending, scheduled or retry)
///   retention_seconds  integer
///   completed_at       RFC 3339 UTC time, or null
///   result             like payload (with result_encoding), or null if no result was written
///   result_encoding    "base64"; present only when result is base64
///   is_orphaned        bool: active task whose lease expired
///
/// Times are printed with fractional seconds only when they have them (Go's RFC3339Nano).
nlohmann::ordered_json task_info_to_json(const TaskInfo& info);

}  // namespace asynq::cli
