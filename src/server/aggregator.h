#pragma once

#include <array>
#include <condition_variable>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "asynq/group_aggregator.h"
#include "broker/broker.h"
#include "server/config.h"
#include "util/logger.h"
#include "util/periodic_loop.h"

namespace asynq::server {

/// Aggregates grouped tasks (spec §4.16–§4.19) on a server configured with a group aggregator. Every check
/// interval, for each of the server's queues: puts the tasks of aggregation sets whose deadline passed back into
/// their group, then checks each group; the tasks of a ready group are taken into an aggregation set, handed to the
/// user's aggregator, and the task it returns is enqueued through the client path (in the group's queue), after
/// which the grouped tasks are deleted.
///
/// Whatever fails in between (Redis, an undecodable message, the aggregator throwing or returning an invalid task,
/// the enqueue) leaves the set as it is: after its deadline (aggregation_timeout) the next check of any server
/// puts its tasks back into their group, to be aggregated again. No task is lost; one may be aggregated twice, as
/// in Go, when the set is not deleted after the enqueue: the delete fails, the enqueue's reply is lost after Redis
/// ran it (counted as a failure), or the enqueue lands just after the set's deadline while another server reclaims
/// it (the deadline is checked just before the enqueue, not atomically with it).
///
/// As Go, at most three checks run at once, each on one of three worker threads; a tick that finds three running
/// is skipped. Checks may run on many servers at once: every step is one script that re-checks its conditions.
class Aggregator {
public:
    struct Dependencies {
        broker::Broker& broker;
        const util::Clock& clock;
        util::Logger& logger;
        const Config& config;
        std::vector<std::string> queues;
        GroupAggregatorFunc aggregate;  ///< empty: start() does nothing
    };

    /// What one check did.
    struct Outcome {
        int reclaimed = 0;   ///< stale sets whose tasks went back to their group
        int aggregated = 0;  ///< sets whose aggregated task was enqueued (and the set deleted)
        int left = 0;        ///< sets left for reclaim after a failure
    };

    explicit Aggregator(Dependencies deps);
    ~Aggregator() { stop(); }
    Aggregator(const Aggregator&) = delete;
    Aggregator& operator=(const Aggregator&) = delete;

    /// Starts ticking, if there is an aggregator.
    void start();
    /// Stops ticking and asks checks in flight to stop once the set each is aggregating is done. Does not wait.
    void request_stop() noexcept;
    /// request_stop(), then waits for the checks in flight (a running user aggregator is not interrupted: a set
    /// once taken is finished, so shutdown does not leave it to the reclaim).
    void stop() noexcept;

    /// One check of every queue and group on the calling thread (tests call it directly). Returns early, between
    /// sets, once `stop` is requested. Errors are logged, not thrown.
    Outcome run_once(std::stop_token stop = {});

private:
    enum class SetResult { kAggregated, kNothingLeft, kLeftForReclaim };

    void tick();
    void work(std::stop_token stop);
    void check_queue(const std::string& queue, std::stop_token stop, Outcome& outcome);
    SetResult aggregate_set(const std::string& queue, const std::string& group, const std::string& set_id);

    static constexpr int kMaxChecksInFlight = 3;  // Go's

    Dependencies deps_;                     // immutable
    const broker::AggregationRules rules_;  // immutable
    std::mutex mu_;
    std::condition_variable_any wake_;
    int queued_ticks_ = 0;  // guarded by mu_: ticks waiting for a worker
    int running_ = 0;       // guarded by mu_: checks in flight
    util::PeriodicLoop loop_;
    std::array<std::jthread, kMaxChecksInFlight> workers_;  // last: joined first
};

}  // namespace asynq::server
