#pragma once

#include <chrono>
#include <exception>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "asynq/task_info.h"
#include "broker/proto/asynq.pb.h"
#include "broker/queue_registry.h"
#include "redis/command.h"
#include "redis/executor.h"
#include "util/clock.h"

namespace asynq::broker {

/// Where a new task goes (spec §4.0, "choosing the path").
enum class EnqueuePath {
    kPending,      ///< enqueue / enqueue_unique
    kScheduled,    ///< schedule / schedule_unique
    kAggregating,  ///< add_to_group / add_to_group_unique
};

/// A fully built task to put into Redis. The client validates options and builds it.
struct EnqueueRequest {
    wire::TaskMessage message;  ///< id, queue, type... set; unique_key set iff unique
    EnqueuePath path = EnqueuePath::kPending;
    util::Clock::TimePoint process_at;   ///< kScheduled only
    std::chrono::seconds unique_ttl{0};  ///< lock TTL for unique tasks (>= 1 s); 0 = not unique
};

/// Expected outcomes of an enqueue are values, not exceptions.
enum class EnqueueOutcome { kEnqueued, kTaskIdConflict, kDuplicateTask };

/// One result of enqueue_batch: an outcome, or the error of that item (e.g. a Redis error reply).
struct BatchEnqueueOutcome {
    std::optional<EnqueueOutcome> outcome;
    std::exception_ptr error;
};

/// A task as stored: its message, state, result and next process time (spec §4.22.4).
struct TaskRecord {
    wire::TaskMessage message;
    TaskState state = TaskState::kPending;
    std::optional<std::string> result;
    util::Clock::TimePoint next_process_at{};  ///< epoch when none
};

/// Every Redis operation on asynq's data layout. The only code that knows key names and Lua.
/// Thread-safe: holds no per-call state; the executor and the clock must outlive it.
class Broker {
public:
    Broker(redis::Executor& executor, const util::Clock& clock) : executor_(executor), clock_(clock) {}

    // --- enqueue (enqueue.cpp) ---

    /// Runs the enqueue script for the request's path, registering its queue in `asynq:queues` in the same
    /// round trip when needed. Throws redis errors (IoError, ReplyError...).
    EnqueueOutcome enqueue(const EnqueueRequest& request);

    /// Pipelined enqueue of many requests: one round trip per chunk of requests (per node in a cluster).
    /// Each item gets its own outcome or error. A connection failure during a chunk marks that chunk's items
    /// (and every later one) with the IoError: their outcome is unknown.
    std::vector<BatchEnqueueOutcome> enqueue_batch(std::span<const EnqueueRequest> requests);

    // --- reading tasks (task_info.cpp) ---

    /// Reads one task; nullopt if no task has this id in the queue.
    /// Throws Error(kDataLoss) if its msg cannot be decoded or its state is unknown.
    std::optional<TaskRecord> get_task(const std::string& queue, const std::string& id);

    util::Clock::TimePoint now() const { return clock_.now(); }
    redis::Executor& executor() noexcept { return executor_; }

private:
    /// The script command for one request.
    redis::Command enqueue_command(const EnqueueRequest& request) const;

    redis::Executor& executor_;
    const util::Clock& clock_;
    QueueRegistry registered_queues_;
};

/// Builds the public TaskInfo from a stored message.
TaskInfo to_task_info(const wire::TaskMessage& message, TaskState state, util::Clock::TimePoint next_process_at,
                      std::optional<std::string> result);

}  // namespace asynq::broker
