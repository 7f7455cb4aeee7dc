#include "web/json_views.h"

#include <chrono>
#include <string>

#include "cli/queue_info_json.h"
#include "cli/table.h"

namespace asynq::web {

Json queue_json(const QueueInfo& info) {
    Json out = Json::object();
    out["queue"] = info.queue;
    out["paused"] = info.paused;
    out["size"] = info.size;
    out["groups"] = info.groups;
    cli::put_queue_counts(out, info);
    out["latency_ms"] = std::chrono::duration_cast<std::chrono::milliseconds>(info.latency).count();
    out["memory_usage_bytes"] = info.memory_usage;
    out["timestamp"] = cli::time_or_null_json(info.timestamp);
    return out;
}

Json daily_stats_json(const DailyStats& day) {
    Json out = Json::object();
    out["queue"] = day.queue;
    out["date"] = cli::format_date(day.date);
    out["processed"] = day.processed;
    out["failed"] = day.failed;
    return out;
}

Json scheduler_entry_json(const SchedulerEntry& entry) {
    Json out = Json::object();
    out["id"] = entry.id;
    out["spec"] = entry.spec;
    out["task_type"] = entry.task_type;
    cli::put_bytes_json(out, "task_payload", entry.task_payload);
    out["options"] = entry.options;
    out["next_enqueue"] = cli::time_or_null_json(entry.next_enqueue);
    out["prev_enqueue"] = cli::time_or_null_json(entry.prev_enqueue);
    return out;
}

Json enqueue_event_json(const SchedulerEnqueueEvent& event) {
    Json out = Json::object();
    out["task_id"] = event.task_id;
    out["enqueued_at"] = cli::time_or_null_json(event.enqueued_at);
    return out;
}

}  // namespace asynq::web
