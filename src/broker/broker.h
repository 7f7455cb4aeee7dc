#pragma once

#include <chrono>
#include <cstdint>
#include <exception>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "asynq/inspector_types.h"
#include "asynq/server_metrics.h"
#include "asynq/task_info.h"
#include "broker/proto/asynq.pb.h"
#include "broker/queue_registry.h"
#include "redis/coalescer.h"
#include "redis/command.h"
#include "redis/connection.h"
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
/// A scheduler's claim on one occurrence of an entry: the enqueue happens only if no scheduler claimed it before,
/// and claim and enqueue are one atomic step.
struct OccurrenceClaim {
    std::string key;                  ///< keys::scheduler_occurrence_key(queue, ...): same slot as the task
    std::string holder;               ///< the claiming scheduler's id, stored as the claim's value
    std::chrono::milliseconds ttl{};  ///< how long the claim outlives the occurrence
};

struct EnqueueRequest {
    wire::TaskMessage message;  ///< id, queue, type... set; unique_key set iff unique
    EnqueuePath path = EnqueuePath::kPending;
    util::Clock::TimePoint process_at;       ///< kScheduled only
    std::chrono::seconds unique_ttl{0};      ///< lock TTL for unique tasks (>= 1 s); 0 = not unique
    std::optional<OccurrenceClaim> claim{};  ///< set by a Scheduler: enqueue only if the occurrence is unclaimed
};

/// Expected outcomes of an enqueue are values, not exceptions. kClaimedElsewhere: another scheduler had already
/// claimed the request's occurrence, so nothing was written.
enum class EnqueueOutcome { kEnqueued, kTaskIdConflict, kDuplicateTask, kClaimedElsewhere };

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

/// A task taken from a queue by ack_and_fetch(): its message and the lease expiry written with it.
struct DequeuedTask {
    wire::TaskMessage message;
    util::Clock::TimePoint lease_expires_at;
};

/// A task id found in a queue whose hash could not be used: its msg does not decode (it was moved to archived,
/// msg bytes untouched), or its hash was missing (the dangling id was removed). For the caller to log loudly.
struct BadTask {
    std::string queue;
    std::string id;
    std::string problem;  ///< e.g. "msg is not a valid TaskMessage (3 bytes); moved to archived"
};

/// One queue's part of an ack_and_fetch() round.
struct FetchRequest {
    std::string queue;
    std::vector<const wire::TaskMessage*> acks{};  ///< succeeded tasks of this queue to mark done (not owned)
    int count = 0;                                 ///< how many pending tasks to take (0: acknowledge only)
};

/// What one queue's ack_and_fetch() call did.
struct FetchResult {
    /// Aligned with FetchRequest::acks: done's script code for each (see script_outcome in broker/outcome.h).
    std::vector<std::int64_t> ack_codes{};
    std::vector<DequeuedTask> tasks{};  ///< taken, oldest first (fewer than asked: the queue ran out)
    bool paused = false;                ///< the queue is paused: nothing was taken
    std::vector<BadTask> bad_tasks{};   ///< undecodable or dangling ids met (already moved aside)
    std::exception_ptr error;           ///< this call failed or its reply was lost: everything above is empty
};

/// When a group is ready to aggregate (spec §4.16), and how long an aggregation may take.
struct AggregationRules {
    std::chrono::seconds grace_period{60};  ///< ready once its newest task is this old (whole seconds on the wire)
    std::chrono::seconds max_delay{0};      ///< ready once its oldest task is this old; 0 = no limit
    int max_size = 0;                       ///< ready at this many tasks, and at most this many per set; 0 = no limit
    std::chrono::seconds set_timeout{120};  ///< set deadline = now + this; after it the set is reclaimed (Go: 2 min)
};

/// An aggregation set as read by read_aggregation_set() (spec §4.17).
struct AggregationSet {
    std::string queue;
    std::string group;
    std::string id;                             ///< the set id (UUID v4)
    std::vector<std::string> task_ids{};        ///< tasks that are in the set and have a msg, oldest first
    std::vector<wire::TaskMessage> messages{};  ///< their messages, aligned with task_ids
    std::vector<std::string> missing_ids{};     ///< members whose hash has no msg (deleted meanwhile): no task to keep
    std::vector<BadTask> undecodable{};         ///< members whose msg is not a TaskMessage (left untouched)
    /// When the set is reclaimed; nullopt when it is no longer registered (reclaimed or deleted meanwhile).
    std::optional<util::Clock::TimePoint> deadline{};
};

/// A server's state as written by its heartbeat (spec §5.1).
struct ServerState {
    wire::ServerInfo info;                  ///< host, pid and server_id name the keys
    std::vector<wire::WorkerInfo> workers;  ///< one per task in flight
    std::chrono::seconds ttl{10};           ///< key expiry and zset score distance (Go: 2 x heartbeat interval)
    std::string metrics{};                  ///< encoded asynq_cpp.ServerMetrics; empty = none written
};

/// What an administrative action on one task found (spec §4.22.7, §4.22.9, §4.22.11, §4.22.16). Only kDone wrote
/// anything.
enum class TaskAdminOutcome {
    kDone,
    kTaskNotFound,     ///< no task with this id in the queue
    kActive,           ///< the task is running: run, archive and delete refuse it
    kAlreadyPending,   ///< run_task: the task is pending already
    kAlreadyArchived,  ///< archive_task: the task is archived already
    kNotScheduled,     ///< update_task_payload: only a scheduled task's payload may change
};

/// What remove_queue() did (spec §4.22.13).
enum class RemoveQueueOutcome {
    kRemoved,
    kNotEmpty,        ///< not forced, and the queue has pending, active, scheduled, retry or archived tasks
    kHasActiveTasks,  ///< forced, but tasks are running
};

/// Whether remove_queue() deletes the queue's tasks too.
enum class RemoveQueueMode { kOnlyIfEmpty, kForce };

/// Every Redis operation on asynq's data layout. The only code that knows key names and Lua.
/// Thread-safe: holds no per-call state; the executor and the clock must outlive it.
class Broker {
public:
    Broker(redis::Executor& executor, const util::Clock& clock)
        : executor_(executor), clock_(clock), enqueues_(executor) {}

    // --- enqueue (enqueue.cpp) ---

    /// Runs the enqueue script for the request's path. The queue is first registered in `asynq:queues` (a
    /// separate command, at most once a minute per queue and process); if that fails nothing is enqueued.
    /// Throws redis errors (IoError, ReplyError...).
    EnqueueOutcome enqueue(const EnqueueRequest& request);

    /// Pipelined enqueue of many requests: one round trip per chunk of 1,000 (per node in a cluster), after
    /// registering the chunk's queues. Never throws: each item gets its outcome or its own error. When the
    /// connection breaks midway, answered items keep their outcome, unanswered ones get kUnavailable "outcome
    /// unknown", and items never sent get kUnavailable "not sent (safe to retry)".
    std::vector<BatchEnqueueOutcome> enqueue_batch(std::span<const EnqueueRequest> requests);

    // --- reading tasks (task_info.cpp) ---

    /// Reads one task; nullopt if no task has this id in the queue.
    /// Throws Error(kDataLoss) if its msg cannot be decoded or its state is unknown.
    std::optional<TaskRecord> get_task(const std::string& queue, const std::string& id);

    // --- processing: taking tasks and acknowledging successes (fetch.cpp) ---

    /// One script call per request, all in one pipelined round trip (ack_and_fetch.lua): for each queue, first
    /// acknowledges its succeeded tasks as done() does, then takes up to `count` pending tasks (spec §4.6: none if
    /// paused; oldest first; state active, pending_since dropped, leased until now + lease_duration in whole
    /// seconds). A task whose msg does not decode is moved to archived (msg untouched) and one whose hash is
    /// missing has its dangling id removed; both are reported in bad_tasks and take a place of `count`.
    /// Results are aligned with `requests`. Throws IoError when nothing could be sent (no ack was applied, no task
    /// taken). A request whose reply was lost or refused gets FetchResult::error: its acks may or may not have
    /// been applied (done is safe to repeat), and tasks it may have taken stay leased until the recoverer takes
    /// them back.
    std::vector<FetchResult> ack_and_fetch(std::span<const FetchRequest> requests, std::chrono::seconds lease_duration);

    /// Blocks until the queue's pending list is non-empty or `timeout` passes, without changing the list
    /// (`BLMOVE pending pending RIGHT RIGHT`), on the given dedicated connection. True if there is pending work.
    /// Lets an idle server pick up new work within milliseconds without polling.
    bool wait_for_pending(redis::Connection& connection, const std::string& queue, std::chrono::milliseconds timeout);

    // --- processing: outcomes (finish.cpp) ---
    // Each returns false when the task was no longer active and leased here (e.g. the recoverer took it after its
    // lease expired): nothing was written then. Each throws redis errors (IoError...) for the syncer to retry.

    /// Success without retention, and RevokeTask (spec §4.7): delete the task, count it processed, release its
    /// unique lock if it still holds it. (fetch.cpp: ack_and_fetch with nothing to take.)
    bool done(const wire::TaskMessage& message);
    /// Success with retention (spec §4.8): completed_at = now, kept in the completed zset until now + retention.
    bool mark_as_complete(const wire::TaskMessage& message);
    /// Shutdown timeout hit (spec §4.9): back to the right end of pending, no retry charged, msg unchanged.
    bool requeue(const wire::TaskMessage& message);
    /// Failure with retries left (spec §4.10): retried + 1 if is_failure, error_msg, last_failed_at = now; retry
    /// zset at retry_at (whole seconds); counters processed and failed only if is_failure.
    bool retry(const wire::TaskMessage& message, util::Clock::TimePoint retry_at, const std::string& error,
               bool is_failure);
    /// Retries exhausted, SkipRetry, or lease expired with no retries left (spec §4.11): archived with error_msg
    /// and last_failed_at (retried unchanged), archive trimmed to < 10,000 tasks and 90 days (trimmed hashes
    /// deleted), counted processed and failed.
    bool archive(const wire::TaskMessage& message, const std::string& error);

    /// Writes a handler's result into the task hash (spec §4.20). Returns the number of bytes written.
    std::int64_t write_result(const std::string& queue, const std::string& id, std::string_view result);

    // --- leases and recovery (leases.cpp) ---

    /// ZADD XX: pushes the lease of these active tasks of one queue to expires_at (spec §4.13). Ids no longer
    /// leased are not re-added. Returns expires_at truncated to whole seconds, as stored.
    util::Clock::TimePoint extend_leases(const std::string& queue, std::span<const std::string> ids,
                                         util::Clock::TimePoint expires_at);
    /// Messages of the queue's active tasks whose lease expired at or before cutoff (spec §4.14). Undecodable ones
    /// are moved to archived and reported in bad_tasks instead of stalling recovery.
    std::vector<wire::TaskMessage> list_lease_expired(const std::string& queue, util::Clock::TimePoint cutoff,
                                                      std::vector<BadTask>& bad_tasks);

    // --- delayed tasks and cleanup (forward.cpp, janitor ops in cleanup.cpp) ---

    /// Moves due scheduled and retry tasks of the queue to pending (or back to their group), 100 per script call,
    /// repeating until none is due (spec §4.12). Returns how many were moved.
    std::int64_t forward_due_tasks(const std::string& queue);
    /// Deletes completed tasks whose retention ended, batch_size per script call, until none is left
    /// (spec §4.15). Returns how many were deleted.
    std::int64_t delete_expired_completed(const std::string& queue, int batch_size);

    // --- aggregation of grouped tasks (groups.cpp) ---

    /// The names in `asynq:{q}:groups`: groups that may hold aggregating tasks.
    std::vector<std::string> list_groups(const std::string& queue);
    /// If a rule says the group is ready (spec §4.16, checked at now), moves its first max_size tasks (all when 0)
    /// into a new aggregation set with deadline now + set_timeout and returns the set's id (a new UUID v4);
    /// nullopt when the group is empty or not ready.
    std::optional<std::string> aggregation_check(const std::string& queue, const std::string& group,
                                                 const AggregationRules& rules);
    /// The tasks of an aggregation set, oldest first, and its deadline (spec §4.17). Two round trips: the members,
    /// then their messages and the deadline. Messages that do not decode are reported, not thrown.
    AggregationSet read_aggregation_set(const std::string& queue, const std::string& group, const std::string& set_id);
    /// After the aggregated task was enqueued (spec §4.18): deletes the hashes of set.task_ids still in the set
    /// (unique locks are kept, as Go), the set and its registration. Returns how many hashes were deleted (0 if
    /// the set was reclaimed meanwhile: its tasks are back in their group and stay).
    std::int64_t delete_aggregation_set(const AggregationSet& set);
    /// Puts the tasks of every aggregation set whose deadline passed back into their group with their scores,
    /// deleting the set (spec §4.19), and re-adds the group name to `asynq:{q}:groups` — a deliberate deviation
    /// from Go (spec §7.9.5) so that an aggregation interrupted by a crash is taken up again. Returns how many sets
    /// were reclaimed.
    std::int64_t reclaim_stale_aggregation_sets(const std::string& queue);

    // --- server state and cancellation (server_state.cpp) ---

    /// One heartbeat's writes (spec §5.1): servers/workers zsets, ServerInfo with TTL, workers hash with TTL.
    void write_server_state(const ServerState& state);
    /// Removes the server's keys and zset members (spec §5.1, shutdown).
    void clear_server_state(const std::string& host, int pid, const std::string& server_id);
    /// PUBLISH asynq:cancel <id> (spec §4.21).
    void publish_cancel(const std::string& task_id);
    /// SUBSCRIBE asynq:cancel on the given dedicated connection; then read_cancel() returns ids as they arrive.
    void subscribe_cancel(redis::Connection& connection);
    /// Waits for the next cancel message on a subscribed connection (bounded by its read timeout: a timeout
    /// throws TimeoutError and leaves the connection broken, so give it no read timeout and interrupt() it).
    std::optional<std::string> read_cancel(redis::Connection& connection);

    // --- queue pause (queue_pause.cpp) ---

    /// `SET asynq:{q}:paused <now unix s> NX` (spec §4.22.14): every server, ours or Go's, stops taking tasks
    /// from the queue. False when it was already paused (nothing written).
    bool pause_queue(std::string_view queue);
    /// `DEL asynq:{q}:paused`. False when it was not paused.
    bool unpause_queue(std::string_view queue);
    /// Whether the queue is paused now.
    bool is_queue_paused(std::string_view queue);

    // --- scheduler state (scheduler_state.cpp) ---

    /// One scheduler heartbeat (spec §5.2): the scheduler in `asynq:schedulers` until now + ttl, and its entry
    /// list replaced by `entries` (TTL ttl), so Go's `asynq cron ls` lists them.
    void write_scheduler_entries(const std::string& scheduler_id, std::span<const wire::SchedulerEntry> entries,
                                 std::chrono::seconds ttl);
    /// Removes the scheduler and its entry list, and the history of each of `entry_ids` (spec §5.2, shutdown).
    void clear_scheduler_state(const std::string& scheduler_id, std::span<const std::string> entry_ids);
    /// Adds one enqueue to an entry's history, keeping the newest 1,000 (spec §5.3), for `asynq cron history`.
    void record_scheduler_enqueue(const std::string& entry_id, const wire::SchedulerEnqueueEvent& event);

    // --- inspection (inspect.cpp) ---
    // Read-only queries for the Inspector (spec §4.22). None checks that a queue exists: see queue_exists().

    /// Whether the queue is in `asynq:queues`.
    bool queue_exists(const std::string& queue);
    /// The members of `asynq:queues`, sorted.
    std::vector<std::string> list_queues();
    /// Counts, counters, latency and memory estimate of a queue (spec §4.22.1, §4.22.2), in one round trip.
    QueueInfo queue_info(const std::string& queue);
    /// Today's and the previous days-1 UTC days' counters, today first (spec §4.22.3), in one round trip.
    std::vector<DailyStats> daily_stats(const std::string& queue, int days);
    /// Each group name in `asynq:{q}:groups` with the size of its zset (spec §4.22.6), sorted by name.
    std::vector<GroupInfo> group_sizes(const std::string& queue);
    /// One page of the tasks in `state` (spec §4.22.5): `count` tasks from position `offset` in Go's order (lists
    /// oldest first, zsets by score). `group` names the group for kAggregating and is ignored otherwise. Tasks whose
    /// hash is gone or whose msg does not decode are skipped.
    std::vector<TaskInfo> list_tasks(const std::string& queue, TaskState state, const std::string& group,
                                     std::int64_t offset, std::int64_t count);
    /// ServerInfo of the live servers and WorkerInfo of their workers, expired zset members removed (spec
    /// §4.22.15); missing or undecodable values are skipped.
    std::vector<wire::ServerInfo> list_servers();
    std::vector<wire::WorkerInfo> list_workers();
    /// The metrics asynq-cpp servers published with their heartbeats (Go servers publish none), sorted by host,
    /// pid and server id; missing or undecodable values are skipped.
    std::vector<ServerMetrics> list_server_metrics();
    /// Entries of the live schedulers, expired zset members removed; undecodable ones are skipped.
    std::vector<wire::SchedulerEntry> list_scheduler_entries();
    /// `count` events of an entry's history from position `offset`, newest first; undecodable ones are skipped.
    std::vector<wire::SchedulerEnqueueEvent> list_scheduler_enqueue_events(const std::string& entry_id,
                                                                           std::int64_t offset, std::int64_t count);

    // --- task administration (task_admin.cpp) ---
    // Go's Inspector actions. None checks that the queue is registered: callers ask queue_exists() first, as Go does
    // (a separate command: `asynq:queues` is in another slot). Each throws redis errors (IoError, ReplyError when a
    // task's id is missing from the container its state names...).

    /// A scheduled, retry, archived, completed or aggregating task -> the back of pending (spec §4.22.7). An
    /// aggregating task leaves its group (and the group name leaves `groups` when it was the last).
    TaskAdminOutcome run_task(const std::string& queue, const std::string& id);
    /// A pending, scheduled, retry, completed or aggregating task -> archived at now, msg untouched; the archive is
    /// trimmed to < 10,000 tasks and 90 days, trimmed tasks' hashes deleted (spec §4.22.9, §7.9.6).
    TaskAdminOutcome archive_task(const std::string& queue, const std::string& id);
    /// Deletes a task that is not active, releasing its unique lock if it still holds it (spec §4.22.11).
    TaskAdminOutcome delete_task(const std::string& queue, const std::string& id);
    /// Replaces the payload of a scheduled task, keeping everything else, the unique lock included (spec §4.22.16).
    /// Read, then a compare-and-set write, retried if the task changed in between.
    TaskAdminOutcome update_task_payload(const std::string& queue, const std::string& id, const std::string& payload);
    /// Every scheduled, retry or archived task -> pending (spec §4.22.8). Returns how many were moved.
    /// Throws Error(kInvalidArgument) for any other state.
    std::int64_t run_all_tasks(const std::string& queue, TaskState state);
    /// Every task of the group -> pending, and the group name leaves `groups`. Returns how many were moved.
    std::int64_t run_all_aggregating_tasks(const std::string& queue, const std::string& group);
    /// Every pending, scheduled or retry task -> archived at now, then the archive is trimmed (spec §4.22.10).
    /// Returns how many were archived. Throws Error(kInvalidArgument) for any other state.
    std::int64_t archive_all_tasks(const std::string& queue, TaskState state);
    /// Every task of the group -> archived, and the group name leaves `groups`. Returns how many were archived.
    std::int64_t archive_all_aggregating_tasks(const std::string& queue, const std::string& group);
    /// Deletes every pending, scheduled, retry, archived or completed task (spec §4.22.12). Unique locks still held
    /// are released except for pending tasks (as Go, spec §7.9.3). Returns how many were deleted.
    /// Throws Error(kInvalidArgument) for any other state.
    std::int64_t delete_all_tasks(const std::string& queue, TaskState state);
    /// Deletes every task of the group (locks kept, as Go) and drops the group name from `groups`.
    std::int64_t delete_all_aggregating_tasks(const std::string& queue, const std::string& group);
    /// Deletes the queue's pending/active/scheduled/retry/archived/lease keys (with kForce also their tasks' hashes)
    /// and then its name from `asynq:queues` (spec §4.22.13). Completed tasks, groups, counters, locks and the
    /// paused flag stay, as in Go (spec §1.4).
    RemoveQueueOutcome remove_queue(const std::string& queue, RemoveQueueMode mode);

    util::Clock::TimePoint now() const { return clock_.now(); }
    redis::Executor& executor() noexcept { return executor_; }

private:
    /// Live members of a heartbeat zset (list_live_members.lua).
    std::vector<std::string> live_members(std::string_view zset);

    FetchResult read_fetch_reply(const FetchRequest& request, const redis::Reply& reply,
                                 util::Clock::TimePoint lease_expires_at);
    /// SADD asynq:queues for those of these queues not registered lately; throws if Redis refuses.
    void register_queues(const std::set<std::string>& queues);
    /// The script command for one request.
    redis::Command enqueue_command(const EnqueueRequest& request) const;

    redis::Executor& executor_;
    const util::Clock& clock_;
    redis::Coalescer enqueues_;  // concurrent enqueue() calls share pipelines
    QueueRegistry registered_queues_;
};

/// Builds the public TaskInfo from a stored message.
TaskInfo to_task_info(const wire::TaskMessage& message, TaskState state, util::Clock::TimePoint next_process_at,
                      std::optional<std::string> result);

}  // namespace asynq::broker
