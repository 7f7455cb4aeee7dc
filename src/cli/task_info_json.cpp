#include "cli/task_info_json.h"

#include <string>
#include <string_view>

#include "util/text.h"
#include "util/time_format.h"

namespace asynq::cli {
namespace {

using Json = nlohmann::ordered_json;

// Bytes under `key`, with a `<key>_encoding` sibling when they had to be base64-encoded.
void put_bytes(Json& object, const std::string& key, std::string_view bytes) {
    if (util::is_valid_utf8(bytes)) {
        object[key] = bytes;
    } else {
        object[key] = util::base64_encode(bytes);
        object[key + "_encoding"] = "base64";
    }
}

// TaskInfo holds the epoch for "unset" times.
Json time_or_null(TaskInfo::TimePoint time) {
    if (time.time_since_epoch().count() == 0) return nullptr;
    return util::format_rfc3339(time);
}

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
    put_bytes(out, "payload", info.payload);
    out["headers"] = Json::object();
    for (const auto& [key, value] : info.headers) out["headers"][key] = value;
    out["state"] = std::string(to_string(info.state));
    out["max_retry"] = info.max_retry;
    out["retried"] = info.retried;
    out["last_error"] = string_or_null(info.last_error);
    out["last_failed_at"] = time_or_null(info.last_failed_at);
    out["timeout_seconds"] = info.timeout.count();
    out["deadline"] = time_or_null(info.deadline);
    out["group"] = string_or_null(info.group);
    out["next_process_at"] = time_or_null(info.next_process_at);
    out["retention_seconds"] = info.retention.count();
    out["completed_at"] = time_or_null(info.completed_at);
    if (info.result.has_value()) {
        put_bytes(out, "result", *info.result);
    } else {
        out["result"] = nullptr;
    }
    out["is_orphaned"] = info.is_orphaned;
    return out;
}

}  // namespace asynq::cli
