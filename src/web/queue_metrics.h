#pragma once

#include <vector>

#include "asynq/inspector_types.h"
#include "web/prometheus_text.h"

namespace asynq::web {

/// Go asynq's exporter metrics (spec appendix A; x/metrics/metrics.go) for these queues, one sample per queue (and
/// per state for asynq_tasks_enqueued_total), with Go's HELP texts: asynq_tasks_enqueued_total,
/// asynq_queue_size, asynq_queue_latency_seconds, asynq_queue_memory_usage_approx_bytes,
/// asynq_tasks_processed_total, asynq_tasks_failed_total, asynq_queue_paused_total.
std::vector<MetricFamily> queue_metric_families(const std::vector<QueueInfo>& queues);

}  // namespace asynq::web
