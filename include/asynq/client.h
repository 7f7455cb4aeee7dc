#pragma once

#include <exception>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "asynq/errors.h"
#include "asynq/options.h"
#include "asynq/redis_options.h"
#include "asynq/task.h"
#include "asynq/task_info.h"

namespace asynq {

/// One element of Client::enqueue_batch.
struct BatchItem {
    Task task;
    EnqueueOptions options;
};

/// The outcome of one BatchItem: either info (success) or error (rethrow it to catch by type).
struct BatchResult {
    std::optional<TaskInfo> info;
    std::exception_ptr error;

    bool ok() const noexcept { return info.has_value(); }
    /// The error's code; only meaningful when !ok().
    ErrorCode error_code() const;
    /// The error's message; empty when ok().
    std::string error_message() const;
};

/// Puts tasks on queues. Safe to share between threads: calls borrow pooled connections.
class Client {
public:
    /// Connects lazily: construction validates the options but does not dial.
    /// Throws Error(kInvalidArgument) for invalid options.
    explicit Client(RedisOptions options);
    ~Client();
    Client(Client&&) noexcept;
    Client& operator=(Client&&) noexcept;

    /// Enqueues one task. Returns its info (state pending, scheduled or aggregating).
    /// Throws Error(kInvalidArgument) naming the bad field (or for credentials Redis refuses),
    /// TaskIdConflictError, DuplicateTaskError, Error(kUnavailable) when Redis cannot be reached or times out (after
    /// a timeout the task may or may not have been enqueued), Error(kInternal) for other Redis errors (e.g. NOPERM).
    TaskInfo enqueue(const Task& task, const EnqueueOptions& options = {});

    /// Enqueues many tasks in pipelined round trips (never one round trip per task). Every option works,
    /// including unique and group. Each item succeeds or fails on its own: a duplicate or an invalid option
    /// fails that item only. Not atomic across items. Results are in input order.
    /// Never throws: problems are per item. When Redis cannot be reached or the connection breaks midway, items
    /// never sent carry Error(kUnavailable) "not sent (safe to retry)", items sent but unanswered carry
    /// Error(kUnavailable) "outcome unknown" (retry those with an explicit task_id or unique_ttl to stay
    /// idempotent), and answered items keep their outcome.
    std::vector<BatchResult> enqueue_batch(std::span<const BatchItem> items);

    /// Round trip to Redis; throws Error(kUnavailable) if it cannot be reached.
    void ping();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace asynq
