#pragma once

#include <chrono>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "asynq/redis_options.h"
#include "redis/command.h"
#include "redis/connection.h"
#include "redis/reply.h"

namespace asynq::redis {

/// Runs commands on the node that owns their route key. This is the only Redis interface the broker sees, so
/// the topology (standalone now; Sentinel and Cluster later) stays below it. Thread-safe.
///
/// Scripts: a Command made with Command::eval() is sent as EVALSHA; on NOSCRIPT (a Redis that restarted or
/// failed over has an empty script cache) it is sent again as EVAL, which also caches it.
class Executor {
public:
    virtual ~Executor() = default;

    /// Runs one command. Throws ReplyError for an error reply, IoError/TimeoutError when the node is unreachable.
    Reply run(const Command& command);

    /// Runs many commands in as few round trips as the topology allows (one per node), returning replies in
    /// input order. Error replies are returned in place, not thrown.
    /// Failures: an IoError that is not a PipelineError means nothing was sent (the node could not be reached);
    /// a PipelineError means the connection broke midway and carries, aligned with `commands`, the replies that
    /// arrived (those commands ran) and nullopt for the others (they may or may not have run).
    std::vector<Reply> run_pipeline(std::span<const Command> commands);

    /// "host:port" of the (primary) node, for messages.
    virtual std::string describe() const = 0;

    /// A fresh connection outside the pool, to the node that owns route_key (same endpoint, credentials and db
    /// as pooled ones), for blocking commands (BLMOVE) and pub/sub, which would otherwise pin a pooled
    /// connection. read_timeout replaces the configured one; 0 = wait forever (stop a blocked reader with
    /// Connection::interrupt()). The caller owns it; it is not returned to the pool.
    /// Throws IoError/TimeoutError when the node cannot be reached, ReplyError when AUTH is refused.
    virtual std::unique_ptr<Connection> open_dedicated(std::string_view route_key,
                                                       std::chrono::milliseconds read_timeout) = 0;

protected:
    /// Topology-specific: send without the NOSCRIPT fallback. Error replies are returned, not thrown.
    virtual Reply send(const Command& command) = 0;
    virtual std::vector<Reply> send_pipeline(std::span<const Command> commands) = 0;
};

/// Throws the first error reply of a pipeline's replies as a ReplyError naming its command (the commands before it
/// stay applied). For pipelines of independent writes that must all succeed.
void throw_first_error(const Executor& executor, std::span<const Command> commands, const std::vector<Reply>& replies);

/// An executor for the topology the options describe (standalone Redis for now).
std::unique_ptr<Executor> make_executor(const RedisOptions& options);

}  // namespace asynq::redis
