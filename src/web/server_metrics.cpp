#include "web/server_metrics.h"

#include <string>
#include <utility>

namespace asynq::web {
namespace {

using Labels = std::vector<std::pair<std::string, std::string>>;

std::string server_label(const ServerMetrics& server) {
    return server.host + ":" + std::to_string(server.pid) + ":" + server.server_id;
}

// The shortest text that reads back as the bound: `0.005`, `1`, `3600`.
std::string bound_label(double bound) { return format_sample_value(bound); }

}  // namespace

std::vector<MetricFamily> server_metric_families(const std::vector<ServerMetrics>& servers) {
    MetricFamily outcomes{"asynq_server_tasks_total",
                          "Attempts by how they ended (succeeded, retried, archived, revoked, requeued); broken "
                          "down by server, queue and task type.",
                          "counter",
                          {}};
    MetricFamily durations{"asynq_server_task_processing_seconds",
                           "Seconds from the start of an attempt to its outcome; broken down by server, queue and "
                           "task type.",
                           "histogram",
                           {}};
    for (const auto& server : servers) {
        const std::string name = server_label(server);
        for (const auto& task : server.tasks) {
            const Labels labels = {{"server", name}, {"queue", task.queue}, {"task_type", task.task_type}};
            const std::pair<const char*, std::int64_t> counts[] = {
                {"succeeded", task.succeeded}, {"retried", task.retried},   {"archived", task.archived},
                {"revoked", task.revoked},     {"requeued", task.requeued},
            };
            for (const auto& [outcome, count] : counts) {
                Labels with_outcome = labels;
                with_outcome.emplace_back("outcome", outcome);
                outcomes.samples.push_back(MetricSample{std::move(with_outcome), double(count)});
            }
            // Buckets the server counted with; a message from another build with fewer counts than bounds only
            // exports the bounds it has.
            for (std::size_t i = 0; i < server.duration_bounds.size() && i < task.duration_buckets.size(); ++i) {
                Labels with_le = labels;
                with_le.emplace_back("le", bound_label(server.duration_bounds[i]));
                durations.samples.push_back(
                    MetricSample{std::move(with_le), double(task.duration_buckets[i]), "_bucket"});
            }
            Labels infinity = labels;
            infinity.emplace_back("le", "+Inf");
            durations.samples.push_back(MetricSample{std::move(infinity), double(task.duration_count), "_bucket"});
            durations.samples.push_back(MetricSample{labels, task.duration_sum_seconds, "_sum"});
            durations.samples.push_back(MetricSample{labels, double(task.duration_count), "_count"});
        }
    }
    return {outcomes, durations};
}

}  // namespace asynq::web
