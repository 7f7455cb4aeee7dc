#pragma once

#include <memory>

#include "asynq/redis_options.h"
#include "web/web_options.h"

namespace asynq::web {

/// The `asynq web` HTTP server (docs/web_api.md): the JSON API over an Inspector, the front end's files and
/// /metrics, with authentication, read-only mode and the CSRF check in front of every route.
///
/// Threads: start() runs the accept loop on a thread this object owns, and httplib serves requests from its own
/// pool; stop() (or the destructor) ends open event streams, stops accepting, waits for requests in progress and
/// joins everything. Redis is only reached through the Inspector, per request; Redis being down makes requests
/// answer 503, it does not stop the server.
class WebServer {
public:
    /// Throws Error(kInvalidArgument) for bad options: a non-loopback host without authentication, poll <= 0,
    /// a port outside 0..65535.
    WebServer(RedisOptions redis, WebOptions options);
    ~WebServer();
    WebServer(const WebServer&) = delete;
    WebServer& operator=(const WebServer&) = delete;

    /// Binds and starts serving; returns once requests are accepted. Throws Error(kFailedPrecondition) when the
    /// address cannot be bound (in use, not local...). Call once.
    void start();
    /// The port bound by start() (the kernel's pick when options.port was 0).
    int port() const;
    /// Stops as the class comment says. Idempotent; safe without start().
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace asynq::web
