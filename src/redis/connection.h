#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "asynq/redis_options.h"
#include "redis/command.h"
#include "redis/endpoint.h"
#include "redis/reply.h"

struct redisContext;

namespace asynq::redis {

/// One blocking connection to one Redis node (RAII over a hiredis context). Not thread-safe: one thread at a
/// time, which the pool guarantees; the one exception is interrupt(). After an IoError the connection is broken()
/// and must be discarded.
class Connection {
public:
    /// Dials, then AUTH (username/password) and SELECT db as configured. Throws IoError / TimeoutError when the
    /// node cannot be reached, ReplyError (kInvalidArgument) when AUTH is refused.
    static std::unique_ptr<Connection> open(const Endpoint& endpoint, const RedisOptions& options);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    /// Sends one command and reads its reply. Error replies are returned as values (Reply::is_error()).
    /// Throws IoError/TimeoutError on I/O failure (the connection is then broken).
    Reply run(const Command& command);

    /// Pipelining: writes every command in one go, then reads the replies, matched in order.
    /// Error replies are returned in place. Throws IoError/TimeoutError on I/O failure (broken afterwards;
    /// any command may or may not have run).
    std::vector<Reply> run_pipeline(std::span<const Command> commands);

    /// Subscribe-style use: reads one more pushed reply, waiting at most the read timeout (0 = forever).
    Reply read_reply();

    /// True after an I/O failure or protocol error.
    bool broken() const noexcept { return broken_; }

    /// Cheap liveness check for an idle pooled connection, without a round trip: true if the peer has closed
    /// the socket (e.g. Redis restarted) or unexpected bytes are waiting. A command sent on such a connection
    /// could not have run, so discarding it here lets the caller retry safely on a fresh connection.
    bool peer_closed() const noexcept;

    /// The one method safe to call from another thread while the owner uses the connection: shuts the socket
    /// down (without closing it; the owner still frees the context), so a thread blocked reading on it (BLMOVE,
    /// SUBSCRIBE, read_reply) wakes up with IoError and the connection is broken from then on. Used to stop
    /// blocking readers at shutdown. The connection object must stay alive until this call returns.
    /// Later commands fail with IoError before writing. A write already under way when interrupt() lands gets
    /// EPIPE; the SIGPIPE that raises is blocked and consumed by the writer (see flush()), never delivered.
    void interrupt() noexcept;

    const Endpoint& endpoint() const noexcept { return endpoint_; }

private:
    Connection(Endpoint endpoint, redisContext* context, const RedisOptions& options);
    void handshake(const RedisOptions& options);
    void set_socket_timeouts(std::chrono::milliseconds read, std::chrono::milliseconds write);
    void ensure_usable(std::string_view label) const;
    void append(const Command& command, std::string_view label);
    void flush(std::string_view label);
    Reply read_one(std::string_view label);
    /// Marks the connection broken and throws the exception matching the hiredis error. `timeout` is the one
    /// that applied to the failed read or write, for the message.
    [[noreturn]] void fail(std::string_view label, std::chrono::milliseconds timeout, int saved_errno);

    Endpoint endpoint_;
    std::string address_;
    redisContext* context_;                       // owned; freed by the destructor
    const int fd_;                                // context_'s socket, read by interrupt() from any thread
    std::atomic<bool> interrupted_{false};        // set by interrupt() from any thread
    std::chrono::milliseconds read_timeout_{0};   // what the socket currently has, for messages
    std::chrono::milliseconds write_timeout_{0};  // likewise
    bool broken_ = false;
};

}  // namespace asynq::redis
