#pragma once

#include <nlohmann/json.hpp>

#include "asynq/inspector_types.h"

namespace asynq::cli {

/// ServerInfo as the JSON object `asynq server ls --json` prints and the web API's `/api/servers` returns. Keys, in
/// this order: id, host, pid, status, concurrency, queues ({name: priority}), strict_priority, started (RFC 3339),
/// active_workers: [{task_id, task_type, task_payload (as task_info_json.h's payload, with task_payload_encoding
/// when base64), queue, started, deadline}].
nlohmann::ordered_json server_info_to_json(const ServerInfo& server);

}  // namespace asynq::cli
