#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace asynq {

/// What went wrong, chosen by what the caller does next (style.md §5).
enum class ErrorCode {
    kInvalidArgument,     ///< Bad input (an option, a flag, a URI): fix the call; retrying will not help.
    kNotFound,            ///< The task or queue does not exist.
    kAlreadyExists,       ///< A task with this id, or a unique task with this lock, is already there.
    kFailedPrecondition,  ///< The object is in a state that forbids the operation (e.g. task is active).
    kUnavailable,         ///< Redis is down, unreachable or too slow: retry with backoff.
    kDataLoss,            ///< Data in Redis could not be decoded.
    kInternal,            ///< An unexpected reply from Redis or a bug in asynq-cpp.
};

/// Name of a code for messages and logs, e.g. "unavailable".
std::string_view to_string(ErrorCode code) noexcept;

/// Base of every exception asynq-cpp throws. Callers branch on code().
class Error : public std::runtime_error {
public:
    Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
    ErrorCode code() const noexcept { return code_; }

private:
    ErrorCode code_;
};

/// Enqueue refused: a task with the same id already exists in the queue (Go: ErrTaskIDConflict).
class TaskIdConflictError : public Error {
public:
    explicit TaskIdConflictError(const std::string& message) : Error(ErrorCode::kAlreadyExists, message) {}
};

/// Enqueue refused: a unique task holding the same lock exists (Go: ErrDuplicateTask).
class DuplicateTaskError : public Error {
public:
    explicit DuplicateTaskError(const std::string& message) : Error(ErrorCode::kAlreadyExists, message) {}
};

/// The queue does not exist: it is not in `asynq:queues` (Go: ErrQueueNotFound).
class QueueNotFoundError : public Error {
public:
    explicit QueueNotFoundError(const std::string& message) : Error(ErrorCode::kNotFound, message) {}
};

/// No task with this id in the queue (Go: ErrTaskNotFound).
class TaskNotFoundError : public Error {
public:
    explicit TaskNotFoundError(const std::string& message) : Error(ErrorCode::kNotFound, message) {}
};

/// The queue still has tasks, so it is not removed without force (Go: ErrQueueNotEmpty).
class QueueNotEmptyError : public Error {
public:
    explicit QueueNotEmptyError(const std::string& message) : Error(ErrorCode::kFailedPrecondition, message) {}
};

/// The action is not allowed in the task's current state, e.g. archiving an active task (Go's FailedPrecondition
/// errors such as "task is already running").
class TaskStateError : public Error {
public:
    explicit TaskStateError(const std::string& message) : Error(ErrorCode::kFailedPrecondition, message) {}
};

}  // namespace asynq
