#pragma once

#include <chrono>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "asynq/logging.h"
#include "asynq/options.h"
#include "asynq/redis_options.h"
#include "asynq/task.h"
#include "asynq/task_info.h"

namespace asynq {

/// Options of a Scheduler (Go's SchedulerOpts). Zero values mean Go's defaults.
struct SchedulerOptions {
    /// IANA time zone in which cron specs without a `CRON_TZ=`/`TZ=` prefix are evaluated. Empty = UTC (Go's
    /// default location).
    std::string location{};
    /// How often the scheduler's entries are written for `asynq cron ls` (with a TTL of twice this). 0 = 10 s.
    std::chrono::milliseconds heartbeat_interval{0};
    /// Called before each enqueue (Go's PreEnqueueFunc). Must not throw; an exception is logged.
    std::function<void(const Task& task, const EnqueueOptions& options)> pre_enqueue{};
    /// Called after each enqueue (Go's PostEnqueueFunc): `info` on success, `error` (non-null) on failure. Not
    /// called for an occurrence another scheduler enqueued (see one_enqueue_per_occurrence).
    std::function<void(const TaskInfo* info, const std::exception* error)> post_enqueue{};
    /// Several schedulers running the same entry (same cron spec, task type, payload and options; in any process,
    /// on any host) enqueue each occurrence once between them: the first to claim it in Redis enqueues it, the
    /// others skip it, and if one dies the others go on. false = Go's behaviour: each scheduler enqueues every
    /// occurrence. See docs/scheduler.md.
    bool one_enqueue_per_occurrence = true;
    LogLevel log_level = LogLevel::kInfo;  ///< messages below this level are dropped
    LogSink logger{};                      ///< where messages go; empty = stderr
};

/// Enqueues tasks on cron schedules (Go's asynq.Scheduler), writing its entries and each entry's enqueue history
/// where Go's `asynq cron ls` / `asynq cron history` and asynqmon read them. Cron specs follow Go's robfig/cron:
/// five fields with names, lists, ranges and steps, `@yearly` ... `@hourly`, `@every <duration>`, and a
/// `CRON_TZ=<zone> ` prefix. Thread-safe.
class Scheduler {
public:
    /// Throws Error(kInvalidArgument) for invalid options (e.g. an unknown location).
    explicit Scheduler(RedisOptions redis, SchedulerOptions options = {});
    ~Scheduler();  ///< shuts down if running
    Scheduler(const Scheduler&) = delete;
    Scheduler& operator=(const Scheduler&) = delete;

    /// Adds an entry (Go's Register; `register` is a C++ keyword) and returns its id. May be called before or
    /// after start(). Throws Error(kInvalidArgument) naming the bad field for an invalid cron spec or options.
    std::string register_task(std::string_view cronspec, Task task, EnqueueOptions options = {});
    /// Removes an entry. Throws Error(kNotFound) for an unknown id.
    void unregister_task(const std::string& entry_id);

    /// Starts the loop: pings Redis first (throws if unreachable), then enqueues each entry on its schedule.
    void start();
    /// Stops the loop and removes the scheduler's entries and their history from Redis (Go's Shutdown).
    void shutdown();

    /// `host:pid:uuid`, as in `asynq:schedulers:{<id>}`.
    const std::string& id() const noexcept;

private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace asynq
