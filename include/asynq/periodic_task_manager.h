#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "asynq/options.h"
#include "asynq/redis_options.h"
#include "asynq/scheduler.h"
#include "asynq/task.h"

namespace asynq {

/// One periodic task: a cron spec, the task to enqueue and its options (Go's PeriodicTaskConfig).
struct PeriodicTaskConfig {
    /// As Scheduler::register_task takes it: five fields, `@daily`-style descriptors, `@every <duration>`, an
    /// optional `CRON_TZ=<zone> ` prefix. Must not be empty.
    std::string cronspec{};
    Task task{std::string()};  ///< Its type must not be empty.
    EnqueueOptions options{};
};

/// Where a PeriodicTaskManager gets its periodic tasks (Go's PeriodicTaskConfigProvider): a file, a database, a
/// service. Implement get_configs(); the manager calls it from start() and then from its sync thread, never
/// concurrently with itself.
class PeriodicTaskConfigProvider {
public:
    virtual ~PeriodicTaskConfigProvider() = default;
    /// The periodic tasks as they should be now, all of them. Throw (any std::exception) when they cannot be had:
    /// the manager then keeps the entries it has. Listing the same config twice registers it twice; the two entries
    /// share one identity, so with SchedulerOptions::one_enqueue_per_occurrence (the default) each occurrence is
    /// still enqueued once.
    virtual std::vector<PeriodicTaskConfig> get_configs() = 0;
};

/// One entry a PeriodicTaskManager registered with its Scheduler.
struct PeriodicTaskEntry {
    std::string entry_id{};  ///< The Scheduler's entry id, as `asynq cron ls` shows it.
    PeriodicTaskConfig config{};
};

/// What one sync changed. A config counts as unchanged when its cron spec, task type, payload, headers and
/// options are all the same; otherwise the old entry is removed and a new one (with a new id) added.
struct PeriodicTaskSyncResult {
    std::vector<PeriodicTaskEntry> added{};
    std::vector<PeriodicTaskEntry> removed{};
    std::size_t unchanged = 0;  ///< entries kept as they were, with their ids
    bool changed() const noexcept { return !added.empty() || !removed.empty(); }
};

/// Options of a PeriodicTaskManager (Go's PeriodicTaskManagerOpts).
struct PeriodicTaskManagerOptions {
    /// Required: where the periodic tasks come from.
    std::shared_ptr<PeriodicTaskConfigProvider> provider{};
    /// Options of the Scheduler the manager runs (location, hooks, heartbeat, logging). Its logger also receives
    /// the manager's own messages.
    SchedulerOptions scheduler{};
    /// How often the provider is asked again and the entries brought in line with it. 0 = 3 min (Go's default).
    std::chrono::milliseconds sync_interval{0};
    /// Called on the sync thread after each periodic sync that added or removed entries (not after the initial
    /// sync in start(), nor after sync_now(), which returns the same result). Must not throw; an exception is
    /// logged. Must not call shutdown().
    std::function<void(const PeriodicTaskSyncResult& result)> on_sync{};
};

/// Keeps a Scheduler's entries in line with what a PeriodicTaskConfigProvider returns (Go's
/// PeriodicTaskManager). start() asks the provider once and registers every config; then every sync_interval the
/// manager asks again and registers the new configs, unregisters those that are gone and leaves the others (and
/// their entry ids) alone.
///
/// A sync is all or nothing: when the provider throws, or any config it returns is invalid (empty type, bad
/// cron spec, bad options), nothing changes and the error is logged (once per distinct message, so a bad file
/// that stays bad is not reported every interval). A half-edited config therefore never removes the entries of
/// its valid part. Thread-safe.
class PeriodicTaskManager {
public:
    /// Creates the Scheduler; contacts neither Redis nor the provider. Throws Error(kInvalidArgument) when
    /// options.provider is null or the scheduler options are invalid (an unknown location).
    PeriodicTaskManager(RedisOptions redis, PeriodicTaskManagerOptions options);
    ~PeriodicTaskManager();  ///< shuts down if running
    PeriodicTaskManager(const PeriodicTaskManager&) = delete;
    PeriodicTaskManager& operator=(const PeriodicTaskManager&) = delete;

    /// The initial sync, then starts the Scheduler and the sync thread. Throws, leaving nothing registered:
    /// - the provider's error, as Error with its code (kUnavailable for a plain std::exception), its message
    ///   prefixed with `periodic task manager: get_configs: `;
    /// - Error(kInvalidArgument) for an invalid config, naming it: `periodic task manager: config 2 (cron
    ///   "61 * * * *", type "report"): ...` (0-based index in the provider's list);
    /// - the Scheduler's error when Redis is unreachable (kUnavailable);
    /// - Error(kFailedPrecondition) when called twice or after shutdown().
    void start();

    /// Stops the sync thread (at once, unless a sync is running: that one finishes first), then shuts the
    /// Scheduler down, which removes its entries from Redis. Idempotent; no-op before start().
    void shutdown();

    /// Syncs now, on the calling thread, and returns what changed. Throws as start() does for a provider error
    /// or an invalid config, changing nothing. Error(kFailedPrecondition) unless running.
    PeriodicTaskSyncResult sync_now();

    /// The entries registered now, in the provider's order of their configs.
    std::vector<PeriodicTaskEntry> entries() const;

    /// The Scheduler's id (`host:pid:uuid`), as in `asynq:schedulers:{<id>}`.
    const std::string& scheduler_id() const noexcept;

private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace asynq
