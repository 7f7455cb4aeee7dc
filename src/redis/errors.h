#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "asynq/errors.h"
#include "redis/reply.h"

namespace asynq::redis {

// Every Redis failure is an asynq::Error, so it carries a code for callers outside src/redis.
// Messages name the address and the command: `redis 127.0.0.1:6379: EVALSHA: Connection refused`.

/// The connection failed (refused, reset, closed by the server, DNS). The command may or may not have run
/// if the failure happened after it was written. Code kUnavailable.
class IoError : public Error {
public:
    explicit IoError(const std::string& message) : Error(ErrorCode::kUnavailable, message) {}
};

/// A pipeline broke partway: the replies that did arrive are kept, so a caller can tell the commands that surely
/// ran from those whose fate is unknown. replies() is aligned with the commands sent; nullopt = unknown (the
/// command may or may not have run). Code kUnavailable.
class PipelineError : public IoError {
public:
    PipelineError(const std::string& message, std::vector<std::optional<Reply>> replies);
    const std::vector<std::optional<Reply>>& replies() const noexcept { return replies_; }

private:
    std::vector<std::optional<Reply>> replies_;
};

/// A connect, read or write took longer than its timeout. Code kUnavailable.
class TimeoutError : public IoError {
public:
    using IoError::IoError;
};

/// No pooled connection became free within pool_timeout. Code kUnavailable.
class PoolTimeoutError : public IoError {
public:
    using IoError::IoError;
};

/// Redis answered with an error reply (WRONGTYPE, NOAUTH, a script's error_reply...). Code kInternal, except
/// authentication failures (kInvalidArgument: fix the credentials) and LOADING/BUSY/MASTERDOWN (kUnavailable).
class ReplyError : public Error {
public:
    ReplyError(ErrorCode code, const std::string& message, std::string redis_message)
        : Error(code, message), redis_message_(std::move(redis_message)) {}
    /// The error text exactly as Redis sent it, e.g. "NOSCRIPT No matching script...".
    const std::string& redis_message() const noexcept { return redis_message_; }

private:
    std::string redis_message_;
};

/// A reply of an unexpected shape (a bug here or a foreign writer). Code kInternal.
class ProtocolError : public Error {
public:
    explicit ProtocolError(const std::string& message) : Error(ErrorCode::kInternal, message) {}
};

/// Builds the ReplyError for an error reply text, choosing the code from its prefix.
ReplyError make_reply_error(std::string_view address, std::string_view command, const std::string& redis_message);

}  // namespace asynq::redis
