#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "asynq/redis_options.h"

namespace asynq {

/// Administers queues in Redis (Go's asynq.Inspector): pausing queues, and running, archiving, deleting and cancelling
/// tasks (docs/inspector_actions.md). Thread-safe.
///
/// Errors common to the task and queue actions below: Error(kInvalidArgument) for a blank queue name (or group, or
/// task id where one is taken); QueueNotFoundError (kNotFound) when the queue is not in `asynq:queues`, i.e. no
/// client ever enqueued to it or it was deleted; redis errors (kUnavailable...) when Redis cannot be reached.
class Inspector {
public:
    explicit Inspector(RedisOptions redis);
    ~Inspector();
    Inspector(const Inspector&) = delete;
    Inspector& operator=(const Inspector&) = delete;

    /// Pauses a queue: no server (asynq-cpp or Go asynq) takes a task from it until it is unpaused; tasks can
    /// still be enqueued, and tasks already running finish. The queue need not exist yet.
    /// Throws Error(kInvalidArgument) for a blank name, Error(kFailedPrecondition) `queue "q" is already paused`.
    void pause_queue(const std::string& queue);
    /// Lets servers take tasks from the queue again. Throws Error(kInvalidArgument) for a blank name,
    /// Error(kFailedPrecondition) `queue "q" is not paused`.
    void unpause_queue(const std::string& queue);
    /// Whether the queue is paused. Throws Error(kInvalidArgument) for a blank name.
    bool is_queue_paused(const std::string& queue);

    // --- task actions (Go's DeleteTask, RunTask, ArchiveTask...) ---

    /// Deletes a task in any state but active, and releases its unique lock if the task still holds it.
    /// Throws TaskNotFoundError, TaskStateError for an active task ("cannot delete task in active state. use
    /// CancelProcessing instead.").
    void delete_task(const std::string& queue, const std::string& id);
    /// Moves a scheduled, retry, archived, completed or aggregating task to the back of pending so it runs soon
    /// (an aggregating task leaves its group). The message is untouched: a re-run archived task has its retries
    /// used up. Throws TaskNotFoundError, TaskStateError ("task is already running", "task is already in pending
    /// state").
    void run_task(const std::string& queue, const std::string& id);
    /// Archives a pending, scheduled, retry, completed or aggregating task (message untouched; the unique lock is
    /// kept). The archive then keeps at most 9,999 tasks of the last 90 days. Throws TaskNotFoundError,
    /// TaskStateError for an active task ("cannot archive task in active state. use CancelProcessing instead.") or
    /// an archived one ("task is already archived: id=<id>, queue=<q>").
    void archive_task(const std::string& queue, const std::string& id);

    /// Deletes every pending task; returns how many. Unique locks are kept, as Go keeps them.
    std::int64_t delete_all_pending_tasks(const std::string& queue);
    /// Deletes every scheduled task, releasing the unique locks they hold; returns how many.
    std::int64_t delete_all_scheduled_tasks(const std::string& queue);
    /// Deletes every retry task, releasing the unique locks they hold; returns how many.
    std::int64_t delete_all_retry_tasks(const std::string& queue);
    /// Deletes every archived task, releasing the unique locks they hold; returns how many.
    std::int64_t delete_all_archived_tasks(const std::string& queue);
    /// Deletes every completed task, releasing the unique locks they hold; returns how many.
    std::int64_t delete_all_completed_tasks(const std::string& queue);
    /// Deletes every task of the group (unique locks kept, as Go); returns how many.
    std::int64_t delete_all_aggregating_tasks(const std::string& queue, const std::string& group);

    /// Moves every scheduled task to pending; returns how many.
    std::int64_t run_all_scheduled_tasks(const std::string& queue);
    /// Moves every retry task to pending; returns how many.
    std::int64_t run_all_retry_tasks(const std::string& queue);
    /// Moves every archived task to pending (each gets one more attempt); returns how many.
    std::int64_t run_all_archived_tasks(const std::string& queue);
    /// Moves every task of the group to pending, without aggregating them; returns how many.
    std::int64_t run_all_aggregating_tasks(const std::string& queue, const std::string& group);

    /// Archives every pending task; returns how many.
    std::int64_t archive_all_pending_tasks(const std::string& queue);
    /// Archives every scheduled task; returns how many.
    std::int64_t archive_all_scheduled_tasks(const std::string& queue);
    /// Archives every retry task; returns how many.
    std::int64_t archive_all_retry_tasks(const std::string& queue);
    /// Archives every task of the group; returns how many.
    std::int64_t archive_all_aggregating_tasks(const std::string& queue, const std::string& group);

    /// Asks whichever server (asynq-cpp or Go) runs the task to cancel it: the handler's stop token fires and the
    /// attempt fails with "context canceled" (retried or archived as any failure). Best effort: if no server runs the
    /// task nothing happens, and no error says so. No queue needed. Throws Error(kInvalidArgument) for a blank id.
    void cancel_processing(const std::string& task_id);

    /// Deletes a queue: its pending, active, scheduled, retry, archived and lease keys, then its name in
    /// `asynq:queues`. Without force the queue must have no such tasks (QueueNotEmptyError `queue "<q>" is not
    /// empty`); with force their task hashes are deleted too, unless tasks are running (QueueNotEmptyError
    /// "cannot remove queue with active tasks"). Completed tasks, groups, counters, unique locks and the paused flag
    /// stay, as in Go.
    void delete_queue(const std::string& queue, bool force);

    /// Replaces the payload of a scheduled task, keeping everything else (the unique lock is not recomputed, as in
    /// Go). Throws TaskNotFoundError, TaskStateError for any other state ("cannot update task that is not in
    /// scheduled state."), Error(kDataLoss) if the stored message cannot be decoded.
    void update_task_payload(const std::string& queue, const std::string& id, const std::string& payload);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace asynq
