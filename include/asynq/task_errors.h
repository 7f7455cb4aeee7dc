#pragma once

#include <stdexcept>
#include <string>

namespace asynq {

// Exceptions that decide a task's fate (spec §7.1). A handler fails a task by throwing anything; these types say
// what happens next or name failures the server itself detects. Their what() texts are Go asynq's, because they
// end up in the task's error_msg where Go's CLI and UI show them.

/// Throw to archive the task at once, retries left or not (Go: asynq.SkipRetry).
/// SkipRetry("invalid document").what() == "invalid document: skip retry for the task".
class SkipRetry : public std::runtime_error {
public:
    explicit SkipRetry(const std::string& reason = "")
        : std::runtime_error(reason.empty() ? "skip retry for the task" : reason + ": skip retry for the task") {}
};

/// Throw to delete the task without retrying or archiving it; it counts as processed, not failed, and releases
/// its unique lock (Go v0.25+: asynq.RevokeTask).
class RevokeTask : public std::runtime_error {
public:
    explicit RevokeTask(const std::string& reason = "")
        : std::runtime_error(reason.empty() ? "revoke task" : reason + ": revoke task") {}
};

/// The attempt's deadline (task timeout or deadline) passed: "context deadline exceeded".
class DeadlineExceeded : public std::runtime_error {
public:
    DeadlineExceeded() : std::runtime_error("context deadline exceeded") {}
};

/// The task was cancelled (asynq:cancel): "context canceled".
class TaskCanceled : public std::runtime_error {
public:
    TaskCanceled() : std::runtime_error("context canceled") {}
};

/// The server lost the task's lease (Redis unreachable too long; the recoverer takes over).
class LeaseExpired : public std::runtime_error {
public:
    LeaseExpired() : std::runtime_error("asynq: task lease expired") {}
};

/// No handler matches the task type (ServeMux). Retried like any failure, as in Go.
class HandlerNotFound : public std::runtime_error {
public:
    explicit HandlerNotFound(const std::string& type)
        : std::runtime_error("handler not found for task \"" + type + "\"") {}
};

/// A handler threw something that is not a std::exception (Go's panic). what() has Go's shape:
/// "panic error cause by: panic: <description>".
class PanicError : public std::runtime_error {
public:
    explicit PanicError(const std::string& description)
        : std::runtime_error("panic error cause by: panic: " + description) {}
};

}  // namespace asynq
