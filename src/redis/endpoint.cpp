#include "redis/endpoint.h"

namespace asynq::redis {

Endpoint Endpoint::from_options(const RedisOptions& options) {
    if (!options.unix_socket.empty()) return Endpoint{.host = {}, .port = 0, .unix_socket = options.unix_socket};
    return Endpoint{.host = options.host, .port = options.port, .unix_socket = {}};
}

std::string Endpoint::to_string() const {
    if (!unix_socket.empty()) return "unix:" + unix_socket;
    // An IPv6 literal needs brackets, or its colons would run into the port.
    if (host.find(':') != std::string::npos) return "[" + host + "]:" + std::to_string(port);
    return host + ":" + std::to_string(port);
}

}  // namespace asynq::redis
