#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <stop_token>
#include <string>

#include "asynq/result_writer.h"
#include "asynq/task.h"

namespace asynq {

/// Why an attempt was asked to stop.
enum class StopReason {
    kNone,          ///< not asked to stop
    kDeadline,      ///< the task's timeout or deadline passed
    kCanceled,      ///< cancelled through asynq:cancel (Inspector, `asynq task cancel`)
    kShutdown,      ///< the server is shutting down and the shutdown timeout passed
    kLeaseExpired,  ///< the server could not extend the task's lease (Redis unreachable)
};

/// What a handler knows about the attempt it runs. Valid for the duration of the handler call.
class TaskContext {
public:
    struct Details {
        std::string task_id;
        std::string queue;
        int retry_count = 0;  ///< failed attempts so far: 0 on the first attempt
        int max_retry = 0;    ///< the last attempt is retry_count >= max_retry
        std::chrono::system_clock::time_point deadline;
    };

    TaskContext(Details details, std::stop_token stop, std::function<StopReason()> stop_reason, ResultWriter writer)
        : details_(std::move(details)),
          stop_(std::move(stop)),
          stop_reason_(std::move(stop_reason)),
          writer_(std::move(writer)) {}

    const std::string& task_id() const noexcept { return details_.task_id; }
    const std::string& queue() const noexcept { return details_.queue; }
    int retry_count() const noexcept { return details_.retry_count; }
    int max_retry() const noexcept { return details_.max_retry; }
    /// When this attempt must be done: the earliest of now + timeout and the task's deadline (spec §6.5).
    std::chrono::system_clock::time_point deadline() const noexcept { return details_.deadline; }

    /// Fires on timeout/deadline, cancellation, shutdown or lease loss. Long handlers should watch it (e.g. with
    /// std::stop_callback or by polling stop_requested()) and return. A handler that ignores it keeps its worker
    /// busy until it returns, but the outcome is recorded on time anyway and its later result is discarded.
    std::stop_token stop_token() const noexcept { return stop_; }
    bool stop_requested() const noexcept { return stop_.stop_requested(); }
    StopReason stop_reason() const { return stop_reason_ ? stop_reason_() : StopReason::kNone; }

    ResultWriter& result_writer() noexcept { return writer_; }

private:
    Details details_;
    std::stop_token stop_;
    std::function<StopReason()> stop_reason_;
    ResultWriter writer_;
};

/// Processes tasks. Return normally for success; throw to fail the attempt (see task_errors.h for SkipRetry and
/// RevokeTask). Called from many worker threads at once: implementations must be thread-safe.
class Handler {
public:
    virtual ~Handler() = default;
    virtual void process_task(TaskContext& context, const Task& task) = 0;
};

/// A handler as a plain callable.
using HandlerFunc = std::function<void(TaskContext& context, const Task& task)>;

/// Wraps a handler, e.g. to log or time every task: `[](HandlerFunc next) { return [next](auto& c, auto& t) {
/// ...; next(c, t); }; }`.
using Middleware = std::function<HandlerFunc(HandlerFunc next)>;

/// Adapts a Handler object to a HandlerFunc (shares ownership).
inline HandlerFunc to_handler_func(std::shared_ptr<Handler> handler) {
    return [handler = std::move(handler)](TaskContext& context, const Task& task) {
        handler->process_task(context, task);
    };
}

}  // namespace asynq
