#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "broker/broker.h"
#include "server/attempt.h"
#include "server/config.h"
#include "server/queue_selector.h"
#include "server/queue_watchers.h"
#include "util/logger.h"

namespace asynq::server {

/// Takes tasks from Redis for idle workers and acknowledges successes, in batches: one thread that, per round,
/// sends one ack_and_fetch script call per queue, all in one pipelined round trip. A busy server so pays one
/// round trip and one script call for many tasks, where Go pays two round trips per task.
///
/// Semantics stay Go's (spec §6.3): a task is taken only for a worker that is idle at that moment, so no task is
/// active in Redis without a worker about to run it; the queue of each idle worker's slot is drawn by the
/// QueueSelector as Go draws it per dequeue; a queue found empty is skipped until its watcher sees work (or the
/// task check interval passes), a paused queue until the task check interval passes. Thread-safe.
class Fetcher {
public:
    struct Dependencies {
        broker::Broker& broker;
        const util::Clock& clock;
        util::Logger& logger;
        const Config& config;
        /// Writes one success on its own, the finisher's way (lease check, then the syncer if Redis fails): for
        /// acks whose batch failed or whose lease ran out before their round.
        std::function<void(const Attempt&)> write_done;
    };

    explicit Fetcher(Dependencies deps);
    ~Fetcher();

    /// Starts the queue watchers and the fetch loop.
    void start();
    /// No task is taken from here on; idle workers are released (next_task returns nullopt) once the round under
    /// way has handed out what it took. Acks are still written. Returns at once.
    void stop_fetching() noexcept;
    /// After stop_fetching: waits until every task taken from Redis was handed to a worker and the worker called
    /// started() (so the in-flight set holds it), or the deadline passes. True if drained.
    bool wait_until_drained(std::chrono::steady_clock::time_point deadline);

    /// For a worker: waits until a task was taken for it. nullopt once fetching stopped and nothing is left to
    /// hand out. A worker given a task calls started() once it has registered it.
    std::optional<broker::DequeuedTask> next_task();
    void started();
    /// Queues the success of an attempt without retention for the next round (done, spec §4.7). False once
    /// finish() ran: the caller writes it itself.
    bool ack(std::shared_ptr<const Attempt> attempt);

    /// Once the workers are joined: writes the acks left, stops the loop and the watchers, and returns the tasks
    /// taken but never handed to a worker (still active and leased in Redis: the caller requeues them).
    std::vector<broker::DequeuedTask> finish() noexcept;

private:
    using SteadyTime = std::chrono::steady_clock::time_point;
    /// What one round sends, per queue.
    struct Round {
        std::vector<broker::FetchRequest> requests;
        std::vector<std::vector<std::shared_ptr<const Attempt>>> acks;  // aligned with requests
        std::vector<std::shared_ptr<const Attempt>> late;               // lease gone: not for the batch
    };

    void run();
    /// Waits (lock held) until there is a round to make; false when finished and nothing is left to write.
    bool wait_for_round(std::unique_lock<std::mutex>& lock);
    /// Builds the round from the queued acks and the idle workers (lock held).
    Round plan_round(SteadyTime now);
    /// Sends the round (lock not held) and hands out what it took; adds the queues found empty to `emptied` (to
    /// watch). False when Redis failed (the loop backs off).
    bool execute(Round& round, std::vector<std::string>& emptied);
    void record_acks(const Round& round, std::size_t index, const broker::FetchResult& result);
    bool drained() const { return ready_.empty() && !round_in_flight_ && handed_out_ == 0; }
    int idle_workers() const { return waiting_workers_ - static_cast<int>(ready_.size()); }
    void on_work(const std::string& queue);

    Dependencies deps_;
    QueueSelector selector_;
    std::mutex mu_;
    std::condition_variable loop_cv_;         // the fetch loop waits here
    std::condition_variable worker_cv_;       // idle workers wait here
    std::condition_variable drained_cv_;      // wait_until_drained waits here
    bool fetching_ = true;                    // guarded by mu_
    bool finishing_ = false;                  // guarded by mu_
    bool finished_ = false;                   // guarded by mu_: the loop is gone; ack() refuses
    bool loop_waiting_ = false;               // guarded by mu_: notify loop_cv_ only when someone waits
    int waiting_workers_ = 0;                 // guarded by mu_
    int handed_out_ = 0;                      // guarded by mu_: given to workers that did not call started() yet
    bool round_in_flight_ = false;            // guarded by mu_
    std::deque<broker::DequeuedTask> ready_;  // guarded by mu_: taken, not yet handed out
    std::vector<std::shared_ptr<const Attempt>> acks_;  // guarded by mu_
    std::map<std::string, SteadyTime> skipped_;         // guarded by mu_: empty or paused queue -> until
    QueueWatchers watchers_;
    std::jthread thread_;  // last: joined first
};

}  // namespace asynq::server
