#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace asynq {

/// A queue's state at one moment (Go's asynq.QueueInfo). Counts are of tasks unless said otherwise.
struct QueueInfo {
    using TimePoint = std::chrono::system_clock::time_point;

    std::string queue;
    std::int64_t memory_usage = 0;       ///< Estimated bytes used by the queue's tasks and containers (sampled).
    std::chrono::nanoseconds latency{};  ///< Age of the oldest pending task; 0 when none (or it has no pending_since).
    std::int64_t size = 0;               ///< pending + active + scheduled + retry + archived + completed + aggregating.
    std::int64_t groups = 0;             ///< Number of groups with aggregating tasks.
    std::int64_t pending = 0;
    std::int64_t active = 0;
    std::int64_t scheduled = 0;
    std::int64_t retry = 0;
    std::int64_t archived = 0;
    std::int64_t completed = 0;
    std::int64_t aggregating = 0;      ///< Tasks in all groups together.
    std::int64_t processed = 0;        ///< Processed today (UTC date), successes and failures.
    std::int64_t failed = 0;           ///< Failed today (UTC date).
    std::int64_t processed_total = 0;  ///< Processed since the counter was created.
    std::int64_t failed_total = 0;     ///< Failed since the counter was created.
    bool paused = false;
    TimePoint timestamp{};  ///< When the figures were read.
};

/// One UTC day of a queue's counters (Go's asynq.DailyStats).
struct DailyStats {
    std::string queue;
    std::int64_t processed = 0;  ///< Successes and failures that day.
    std::int64_t failed = 0;
    std::chrono::sys_days date{};  ///< The UTC date.
};

/// A group of aggregating tasks (Go's asynq.GroupInfo).
struct GroupInfo {
    std::string group;
    std::int64_t size = 0;  ///< Tasks waiting in the group.

    friend bool operator==(const GroupInfo&, const GroupInfo&) = default;
};

/// Which page of a listing to read (Go's Page/PageSize list options).
struct ListOptions {
    int page = 1;        ///< 1-based; must be >= 1.
    int page_size = 30;  ///< Must be >= 1.
};

/// A task a server is processing (Go's asynq.WorkerInfo).
struct WorkerInfo {
    using TimePoint = std::chrono::system_clock::time_point;

    std::string task_id;
    std::string task_type;
    std::string task_payload;
    std::string queue;
    TimePoint started{};   ///< When the worker started the task.
    TimePoint deadline{};  ///< When this attempt times out.
};

/// A running server as its heartbeat describes it (Go's asynq.ServerInfo).
struct ServerInfo {
    using TimePoint = std::chrono::system_clock::time_point;

    std::string id;  ///< The server id (UUID), last part of `host:pid:id`.
    std::string host;
    int pid = 0;
    int concurrency = 0;
    std::map<std::string, int> queues;  ///< Queue name -> priority, as configured.
    bool strict_priority = false;
    TimePoint started{};
    std::string status;                        ///< "active", "stopped", ...
    std::vector<WorkerInfo> active_workers{};  ///< Tasks in flight, oldest start first.
};

/// A periodic task registered with a running scheduler (Go's asynq.SchedulerEntry).
struct SchedulerEntry {
    using TimePoint = std::chrono::system_clock::time_point;

    std::string id;    ///< Entry id (UUID; new each time the scheduler starts).
    std::string spec;  ///< Cron spec as registered, e.g. "*/5 * * * *" or "@every 30s".
    std::string task_type;
    std::string task_payload;
    /// Enqueue options in Go's Option.String() form as stored, e.g. `Queue("critical")`, `MaxRetry(2)`.
    std::vector<std::string> options{};
    TimePoint next_enqueue{};  ///< Next time the task will be enqueued.
    TimePoint prev_enqueue{};  ///< Last time it was enqueued; the epoch if never.
};

/// One enqueue done by a scheduler entry (Go's asynq.SchedulerEnqueueEvent).
struct SchedulerEnqueueEvent {
    std::string task_id;
    std::chrono::system_clock::time_point enqueued_at{};  ///< With the nanoseconds Go stores.

    friend bool operator==(const SchedulerEnqueueEvent&, const SchedulerEnqueueEvent&) = default;
};

}  // namespace asynq
