#include "broker/server_metrics_codec.h"

#include "broker/proto/server_metrics.pb.h"

namespace asynq::broker {

std::string encode_server_metrics(const ServerMetrics& metrics) {
    asynq_cpp::ServerMetrics message;
    message.set_host(metrics.host);
    message.set_pid(metrics.pid);
    message.set_server_id(metrics.server_id);
    message.set_updated_unix_ms(
        std::chrono::duration_cast<std::chrono::milliseconds>(metrics.updated.time_since_epoch()).count());
    for (const double bound : metrics.duration_bounds) message.add_duration_bounds_seconds(bound);
    for (const auto& task : metrics.tasks) {
        auto& out = *message.add_tasks();
        out.set_queue(task.queue);
        out.set_task_type(task.task_type);
        out.set_succeeded(task.succeeded);
        out.set_retried(task.retried);
        out.set_archived(task.archived);
        out.set_revoked(task.revoked);
        out.set_requeued(task.requeued);
        for (const auto count : task.duration_buckets) out.add_duration_buckets(count);
        out.set_duration_count(task.duration_count);
        out.set_duration_sum_seconds(task.duration_sum_seconds);
    }
    return message.SerializeAsString();
}

std::optional<ServerMetrics> decode_server_metrics(std::string_view bytes) {
    asynq_cpp::ServerMetrics message;
    if (!message.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) return std::nullopt;
    ServerMetrics metrics;
    metrics.host = message.host();
    metrics.pid = message.pid();
    metrics.server_id = message.server_id();
    metrics.updated = std::chrono::system_clock::time_point(std::chrono::milliseconds(message.updated_unix_ms()));
    metrics.duration_bounds.assign(message.duration_bounds_seconds().begin(), message.duration_bounds_seconds().end());
    for (const auto& in : message.tasks()) {
        TaskTypeMetrics task;
        task.queue = in.queue();
        task.task_type = in.task_type();
        task.succeeded = in.succeeded();
        task.retried = in.retried();
        task.archived = in.archived();
        task.revoked = in.revoked();
        task.requeued = in.requeued();
        task.duration_buckets.assign(in.duration_buckets().begin(), in.duration_buckets().end());
        task.duration_count = in.duration_count();
        task.duration_sum_seconds = in.duration_sum_seconds();
        metrics.tasks.push_back(std::move(task));
    }
    return metrics;
}

}  // namespace asynq::broker
