#pragma once

#include <string>

namespace asynq::server {

/// Who this server is in Redis: `asynq:servers:{host:pid:id}` (spec §1.1).
struct ServerIdentity {
    std::string host;  ///< OS hostname, or "unknown-host" as Go falls back
    int pid = 0;
    std::string id;  ///< random UUID v4

    static ServerIdentity of_this_process();
};

}  // namespace asynq::server
