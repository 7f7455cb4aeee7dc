#include "web/queue_metrics.h"

#include <httplib.h>

#include <chrono>
#include <string>

#include "web/routes.h"

namespace asynq::web {
namespace {

MetricSample per_queue(const QueueInfo& info, double value) { return MetricSample{{{"queue", info.queue}}, value}; }

}  // namespace

std::vector<MetricFamily> queue_metric_families(const std::vector<QueueInfo>& queues) {
    MetricFamily enqueued{
        "asynq_tasks_enqueued_total", "Number of tasks enqueued; broken down by queue and state.", "gauge", {}};
    MetricFamily size{"asynq_queue_size", "Number of tasks in a queue", "gauge", {}};
    MetricFamily latency{"asynq_queue_latency_seconds",
                         "Number of seconds the oldest pending task is waiting in "
                         "pending state to be processed.",
                         "gauge",
                         {}};
    MetricFamily memory{"asynq_queue_memory_usage_approx_bytes",
                        "Number of memory used by a given queue (approximated number by sampling).",
                        "gauge",
                        {}};
    MetricFamily processed{"asynq_tasks_processed_total",
                           "Number of tasks processed (both succeeded and failed); broken down by queue",
                           "counter",
                           {}};
    MetricFamily failed{"asynq_tasks_failed_total", "Number of tasks failed; broken down by queue", "counter", {}};
    MetricFamily paused{"asynq_queue_paused_total", "Number of queues paused", "gauge", {}};

    for (const auto& info : queues) {
        const std::pair<const char*, std::int64_t> states[] = {
            {"active", info.active}, {"pending", info.pending},   {"scheduled", info.scheduled},
            {"retry", info.retry},   {"archived", info.archived}, {"completed", info.completed},
        };
        for (const auto& [state, count] : states) {
            enqueued.samples.push_back(MetricSample{{{"queue", info.queue}, {"state", state}}, double(count)});
        }
        size.samples.push_back(per_queue(info, double(info.size)));
        latency.samples.push_back(per_queue(info, std::chrono::duration<double>(info.latency).count()));
        memory.samples.push_back(per_queue(info, double(info.memory_usage)));
        processed.samples.push_back(per_queue(info, double(info.processed_total)));
        failed.samples.push_back(per_queue(info, double(info.failed_total)));
        paused.samples.push_back(per_queue(info, info.paused ? 1 : 0));
    }
    return {enqueued, size, latency, memory, processed, failed, paused};
}

void add_metrics_route(httplib::Server& server, ApiContext& context) {
    server.Get("/metrics", [&context](const httplib::Request&, httplib::Response& response) {
        const std::string text = render_metrics(queue_metric_families(all_queue_infos(context.inspector)));
        response.set_content(text, kMetricsContentType);
    });
}

}  // namespace asynq::web
