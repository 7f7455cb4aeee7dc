#include "cli/task_info_json.h"

#include <string>
#include <string_view>

#include "cli/table.h"

namespace asynq::cli {
namespace {

using Json = nlohmann::ordered_json;

Json string_or_null(const std::string& text) {
    if (text.empty()) return nullptr;
    return text;
}

}  // namespace

Json task_info_to_json(const TaskInfo& info) {
    Json out = Json::object();
    out["id"] = info.id;
    out["queue"] = info.queue;
    out["type"] = info.type;
    put_bytes_json(out, "payload", info.payload);
    out["headers"] = Json::object();
    for (const auto& [key, value] : info.headers) out["headers"][key] = value;
    out["state"] = std::string(to_string(info.state));
    out["max_retry"] = info.max_retry;
    out["retried"] = info.retried;
    out["last_error"] = string_or_null(info.last_error);
    out["last_failed_at"] = time_or_null_json(info.last_failed_at);
    out["timeout_seconds"] = info.timeout.count();
    out["deadline"] = time_or_null_json(info.deadline);
    out["group"] = string_or_null(info.group);
    out["next_process_at"] = time_or_null_json(info.next_process_at);
    out["retention_seconds"] = info.retention.count();
    out["completed_at"] = time_or_null_json(info.completed_at);
    if (info.result.has_value()) {
        put_bytes_json(out, "result", *info.result);
    } else {
        out["result"] = nullptr;
    }
    out["is_orphaned"] = info.is_orphaned;
    return out;
}

}  // namespace asynq::cli
