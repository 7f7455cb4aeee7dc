#include "cli/queue_info_json.h"

namespace asynq::cli {

void put_queue_counts(nlohmann::ordered_json& out, const QueueInfo& info) {
    out["active"] = info.active;
    out["pending"] = info.pending;
    out["aggregating"] = info.aggregating;
    out["scheduled"] = info.scheduled;
    out["retry"] = info.retry;
    out["archived"] = info.archived;
    out["completed"] = info.completed;
    out["processed"] = info.processed;
    out["failed"] = info.failed;
    out["processed_total"] = info.processed_total;
    out["failed_total"] = info.failed_total;
    if (info.processed == 0) {
        out["error_rate"] = nullptr;
    } else {
        out["error_rate"] = static_cast<double>(info.failed) / static_cast<double>(info.processed);
    }
}

}  // namespace asynq::cli
