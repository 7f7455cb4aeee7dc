#pragma once

#include <vector>

#include "asynq/server_metrics.h"
#include "web/prometheus_text.h"

namespace asynq::web {

/// What asynq-cpp servers publish beyond Go (docs/metrics.md), one series per server (label `server` =
/// `host:pid:id`, so a restarted server starts new series):
///   asynq_server_tasks_total{server,queue,task_type,outcome}       counter: attempts by how they ended
///   asynq_server_task_processing_seconds{server,queue,task_type}   histogram: handler run time
std::vector<MetricFamily> server_metric_families(const std::vector<ServerMetrics>& servers);

}  // namespace asynq::web
