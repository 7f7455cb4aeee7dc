#pragma once

#include <nlohmann/json.hpp>

#include "asynq/inspector_types.h"

// The API's objects (docs/web_api.md, Objects) that the CLI does not already print the same way. Tasks and servers
// come from src/cli (task_info_json.h, server_info_json.h), so the CLI's --json and the API agree.
namespace asynq::web {

using Json = nlohmann::ordered_json;

/// Queue: {queue, paused, size, groups, active, pending, aggregating, scheduled, retry, archived, completed,
/// processed, failed, processed_total, failed_total, error_rate, latency_ms, memory_usage_bytes, timestamp}.
Json queue_json(const QueueInfo& info);

/// DailyStats: {queue, date: "2026-11-25", processed, failed}.
Json daily_stats_json(const DailyStats& day);

/// SchedulerEntry: {id, spec, task_type, task_payload (+ task_payload_encoding), options, next_enqueue,
/// prev_enqueue (null if never)}.
Json scheduler_entry_json(const SchedulerEntry& entry);

/// SchedulerEnqueueEvent: {task_id, enqueued_at}.
Json enqueue_event_json(const SchedulerEnqueueEvent& event);

}  // namespace asynq::web
