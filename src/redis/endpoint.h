#pragma once

#include <string>

#include "asynq/redis_options.h"

namespace asynq::redis {

/// Where one Redis node listens: host:port, or a unix socket path when unix_socket is set.
struct Endpoint {
    std::string host;
    int port = 0;
    std::string unix_socket;

    static Endpoint from_options(const RedisOptions& options);
    /// "host:port" or "unix:/path".
    std::string to_string() const;
    bool operator==(const Endpoint&) const = default;
};

}  // namespace asynq::redis
