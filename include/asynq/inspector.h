#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "asynq/inspector_types.h"
#include "asynq/redis_options.h"
#include "asynq/task_info.h"

namespace asynq {

/// Administers queues in Redis (Go's asynq.Inspector): reads queues, tasks, servers and schedulers
/// (docs/inspector.md); pauses queues; runs, archives, deletes and cancels tasks (docs/inspector_actions.md). Works on
/// data written by asynq-cpp and by Go asynq alike. Thread-safe.
///
/// Every method throws Error(kUnavailable) (an IoError/TimeoutError) when Redis cannot be reached, and
/// Error(kDataLoss) when a value it must read cannot be decoded. Errors common to the task and queue actions:
/// Error(kInvalidArgument) for a blank queue name (or group, or task id where one is taken); QueueNotFoundError
/// (kNotFound) when the queue is not in `asynq:queues`, i.e. no client ever enqueued to it or it was deleted.
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

    // --- queues ---

    /// The names in `asynq:queues` (queues some client enqueued to), sorted. A server alone registers none.
    std::vector<std::string> queues();
    /// Counts by state, today's and all-time counters, latency and estimated memory usage of a queue.
    /// Throws Error(kInvalidArgument) for a blank name, QueueNotFoundError when it is not in `asynq:queues`.
    QueueInfo get_queue_info(const std::string& queue);
    /// Processed/failed counters of the last `days` UTC days, today first. Throws Error(kInvalidArgument) for a
    /// blank name or days < 1, QueueNotFoundError for an unknown queue.
    std::vector<DailyStats> history(const std::string& queue, int days);
    /// The queue's groups of aggregating tasks with their sizes, sorted by name. As Go, no queue-existence check:
    /// an unknown queue has no groups. Throws Error(kInvalidArgument) for a blank name.
    std::vector<GroupInfo> groups(const std::string& queue);

    // --- tasks ---

    /// One task. Throws Error(kInvalidArgument) for a blank queue name, QueueNotFoundError for an unknown queue,
    /// TaskNotFoundError when the queue has no task with this id.
    TaskInfo get_task_info(const std::string& queue, const std::string& id);

    // Listings of one state, one page at a time. Pending and active: oldest (next to run) first; the others by
    // their score ascending (scheduled/retry: next run time; archived: time archived; completed: expiry;
    // aggregating: time joined). A page past the end is empty. Tasks whose stored message cannot be decoded are
    // skipped, as Go does. Each throws Error(kInvalidArgument) for a blank queue name, page < 1 or page_size < 1,
    // and QueueNotFoundError for an unknown queue.

    /// Pending tasks; next_process_at = now.
    std::vector<TaskInfo> list_pending_tasks(const std::string& queue, ListOptions options = {});
    /// Active tasks; is_orphaned when the lease has expired (the worker is presumed dead).
    std::vector<TaskInfo> list_active_tasks(const std::string& queue, ListOptions options = {});
    /// Scheduled tasks; next_process_at = when they become pending.
    std::vector<TaskInfo> list_scheduled_tasks(const std::string& queue, ListOptions options = {});
    /// Tasks waiting to be retried; next_process_at = the retry time.
    std::vector<TaskInfo> list_retry_tasks(const std::string& queue, ListOptions options = {});
    /// Archived tasks, oldest archive first.
    std::vector<TaskInfo> list_archived_tasks(const std::string& queue, ListOptions options = {});
    /// Completed tasks kept for their retention, soonest expiry first.
    std::vector<TaskInfo> list_completed_tasks(const std::string& queue, ListOptions options = {});
    /// Tasks waiting in one group for aggregation, first joined first (an unknown group is empty). Throws
    /// Error(kInvalidArgument) also for a blank group name.
    std::vector<TaskInfo> list_aggregating_tasks(const std::string& queue, const std::string& group,
                                                 ListOptions options = {});

    // --- servers and schedulers ---

    /// Servers whose heartbeat is current (Go or asynq-cpp), each with the tasks it is processing; sorted by host,
    /// pid, id. As Go, removes expired members from `asynq:servers` and `asynq:workers` while reading.
    std::vector<ServerInfo> servers();
    /// The entries of every running scheduler. As Go, removes expired members of `asynq:schedulers` while reading.
    std::vector<SchedulerEntry> scheduler_entries();
    /// The enqueues done by a scheduler entry, newest first, one page (at most the last 1,000 are kept). An
    /// unknown entry has none. Throws Error(kInvalidArgument) for page < 1 or page_size < 1.
    std::vector<SchedulerEnqueueEvent> scheduler_enqueue_events(const std::string& entry_id, ListOptions options = {});

    /// The server's INFO (Go's RDB.RedisInfo, shown by `asynq stats`): every `field:value` line of every section,
    /// e.g. `redis_version`, `uptime_in_days`, `connected_clients`, `used_memory_human`, `used_memory_peak_human`.
    /// Values are as Redis writes them (text); section headers are dropped.
    std::map<std::string, std::string> redis_info();

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
