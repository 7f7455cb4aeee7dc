#pragma once

#include <chrono>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "asynq/group_aggregator.h"
#include "asynq/handler.h"
#include "asynq/logging.h"
#include "asynq/redis_options.h"
#include "asynq/server_metrics.h"
#include "asynq/task.h"

namespace asynq {

/// Server settings, mirroring Go asynq's Config (spec §6.2) with Go's defaults. A zero or empty field means the
/// default named in its comment. Invalid values are refused by the Server constructor with
/// Error(kInvalidArgument) naming the field.
struct ServerOptions {
    /// Tasks processed at once (worker threads). 0 = the number of hardware threads.
    int concurrency = 0;
    /// Queue name -> priority (weight), each > 0. Empty = {"default": 1}.
    std::map<std::string, int> queues{};
    /// false: queues are served in proportion to their weights; true: a lower queue is served only when every
    /// higher one is empty (spec §6.3).
    bool strict_priority = false;
    /// When every queue is empty, how often queues are probed anyway (paused queues coming back, tasks pushed by
    /// means that do not wake the server). New tasks are picked up within milliseconds regardless. 0 = 1 s.
    std::chrono::milliseconds task_check_interval{0};

    /// Delay before retry n (n = failed attempts so far, 0 on the first failure). Unset = Go's default,
    /// n^4 + 15 + rand(0..29) * (n + 1) seconds (spec §6.1).
    std::function<std::chrono::nanoseconds(int retried, const std::exception& error, const Task& task)> retry_delay{};
    /// Whether an error counts as a failure (retried count and failed counters); a non-failure error is retried
    /// without charging a retry. Unset = every error is a failure.
    std::function<bool(const std::exception& error)> is_failure{};
    /// Called for every failed attempt (including SkipRetry, RevokeTask, deadline, cancellation), before the
    /// task is retried or archived. Must be thread-safe; exceptions it throws are logged and ignored.
    std::function<void(const Task& task, const std::exception& error)> error_handler{};

    /// Called every health_check_interval with nullptr when Redis answers PING, else the error. Unset = no checks.
    std::function<void(std::exception_ptr error)> health_check{};
    std::chrono::milliseconds health_check_interval{0};  ///< 0 = 15 s

    /// How long shutdown() waits for running handlers before requeueing their tasks. 0 = 8 s.
    std::chrono::milliseconds shutdown_timeout{0};
    /// How often due scheduled and retry tasks are moved to pending. 0 = 5 s.
    std::chrono::milliseconds delayed_task_check_interval{0};
    /// How often completed tasks past their retention are deleted, and how many per Redis call. 0 = 8 s / 100.
    std::chrono::milliseconds janitor_interval{0};
    int janitor_batch_size = 0;

    /// Combines the tasks of a group into one task (see group_aggregator.h and docs/groups.md). Unset = tasks
    /// enqueued with a group are not aggregated by this server (they wait in their group). Must be thread-safe.
    GroupAggregatorFunc group_aggregator{};
    /// A group is aggregated once its newest task is this old (no task joined it for this long). 0 = 1 min; must
    /// be >= 1 s. Whole seconds on the wire (fractions are truncated, as Go).
    std::chrono::milliseconds group_grace_period{0};
    /// A group is aggregated once its oldest task is this old, however often tasks join. 0 = no limit; otherwise
    /// >= 1 s, whole seconds on the wire.
    std::chrono::milliseconds group_max_delay{0};
    /// A group is aggregated as soon as it holds this many tasks, and an aggregated task combines at most this
    /// many. 0 = no limit; must be >= 0.
    int group_max_size = 0;

    /// Messages at or above this level go to the logger. Default kInfo.
    LogLevel log_level = LogLevel::kInfo;
    /// Where log messages go. Unset = stderr.
    LogSink logger{};

    // Timings Go fixes as constants; exposed so tests and unusual deployments can shorten them. Changing them
    // affects Go peers only through the lease and the aggregation deadline: keep lease_duration and
    // aggregation_timeout the same across a mixed fleet.
    /// A dequeued task is leased for this long and the lease renewed every heartbeat. 0 = 30 s (Go's).
    std::chrono::seconds lease_duration{0};
    /// Server-info writes and lease renewals. 0 = 5 s (Go's); the server info TTL is twice this.
    std::chrono::milliseconds heartbeat_interval{0};
    /// How often leases that expired are recovered (also once at start). 0 = 1 min (Go's).
    std::chrono::milliseconds recoverer_interval{0};
    /// How long after its lease expired a task is recovered (clock-skew tolerance). 0 = 30 s (Go's).
    std::chrono::seconds recovery_grace{0};
    /// How often groups are checked for aggregation. 0 = min(7 s, group_grace_period) (Go's).
    std::chrono::milliseconds aggregation_check_interval{0};
    /// How long an aggregation may take (user aggregator plus enqueue) before the tasks it took go back to their
    /// group, where any server aggregates them again. 0 = 2 min (Go's). Keep it equal across a mixed fleet: a
    /// server with a shorter one may reclaim (and aggregate twice) the tasks of another's aggregation in progress.
    std::chrono::seconds aggregation_timeout{0};
};

/// Processes tasks from Redis queues with a pool of worker threads: at-least-once delivery with leases, retries
/// with backoff, archiving, recovery of tasks whose worker died, timeouts, deadlines, cancellation and graceful
/// shutdown, compatible with Go asynq servers working on the same queues.
class Server {
public:
    /// Validates the options (throws Error(kInvalidArgument) naming the field); does not touch Redis.
    Server(RedisOptions redis, ServerOptions options = {});
    /// Shuts down if still running.
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /// Starts the workers and background components and returns. Throws Error(kFailedPrecondition) if already
    /// started, Error(kUnavailable) if Redis cannot be reached.
    void start(HandlerFunc handler);
    void start(std::shared_ptr<Handler> handler) { start(to_handler_func(std::move(handler))); }

    /// Stops taking new tasks; running ones finish. Safe from any thread (e.g. a signal-handling one).
    void stop() noexcept;

    /// Graceful shutdown: stops taking tasks, waits up to shutdown_timeout for running handlers, requeues the
    /// tasks of those still running (no retry charged), stops every component and clears this server's state in
    /// Redis. Idempotent; safe from any thread except a handler's.
    void shutdown() noexcept;

    /// start(), then blocks until SIGTERM or SIGINT (then shutdown()) ; SIGTSTP calls stop(). Must be called
    /// before other threads that could receive those signals are created.
    void run(HandlerFunc handler);
    void run(std::shared_ptr<Handler> handler) { run(to_handler_func(std::move(handler))); }

    /// This server's id, as in `asynq:servers:{host:pid:id}`.
    const std::string& id() const noexcept;

    /// Outcome counts and handler run times per queue and task type since start (beyond Go; docs/metrics.md).
    /// The heartbeat also publishes them to Redis, where Inspector::server_metrics() and `asynq web`'s /metrics
    /// read them.
    std::vector<TaskTypeMetrics> metrics() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace asynq
