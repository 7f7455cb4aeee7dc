#include "cli/server_info_json.h"

#include <utility>

#include "cli/table.h"

namespace asynq::cli {

nlohmann::ordered_json server_info_to_json(const ServerInfo& s) {
    using Json = nlohmann::ordered_json;
    Json out = Json::object();
    out["id"] = s.id;
    out["host"] = s.host;
    out["pid"] = s.pid;
    out["status"] = s.status;
    out["concurrency"] = s.concurrency;
    out["queues"] = Json::object();
    for (const auto& [name, priority] : s.queues) out["queues"][name] = priority;
    out["strict_priority"] = s.strict_priority;
    out["started"] = time_or_null_json(s.started);
    out["active_workers"] = Json::array();
    for (const auto& w : s.active_workers) {
        Json worker = Json::object();
        worker["task_id"] = w.task_id;
        worker["task_type"] = w.task_type;
        put_bytes_json(worker, "task_payload", w.task_payload);
        worker["queue"] = w.queue;
        worker["started"] = time_or_null_json(w.started);
        worker["deadline"] = time_or_null_json(w.deadline);
        out["active_workers"].push_back(std::move(worker));
    }
    return out;
}

}  // namespace asynq::cli
