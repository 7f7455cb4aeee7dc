#pragma once

#include <memory>
#include <stop_token>
#include <thread>
#include <vector>

#include "asynq/handler.h"
#include "broker/broker.h"
#include "server/config.h"
#include "server/finisher.h"
#include "server/idle_gate.h"
#include "server/in_flight.h"
#include "server/queue_selector.h"
#include "server/queue_watchers.h"
#include "server/timekeeper.h"
#include "util/logger.h"

namespace asynq::server {

/// The worker pool: `concurrency` threads, each looping dequeue -> run the handler -> write the outcome, so at
/// most `concurrency` tasks are active (spec §6.3). Idle workers wait in the IdleGate, woken by the queue
/// watchers within milliseconds of new work.
class Processor {
public:
    struct Dependencies {
        broker::Broker& broker;
        const util::Clock& clock;
        util::Logger& logger;
        const Config& config;
        InFlight& in_flight;
        Timekeeper& timekeeper;
        Finisher& finisher;
    };

    Processor(Dependencies deps, HandlerFunc handler);
    ~Processor();

    void start();
    /// Stop taking tasks; workers finish the task they run and exit. Returns at once.
    void stop_fetching() noexcept;
    bool fetching() const noexcept { return !fetch_stop_.stop_requested(); }
    /// Joins the workers (after stop_fetching). Blocks while a handler is still running.
    void join() noexcept;

private:
    void work(std::stop_token stop);
    void run_attempt(broker::DequeuedTask task);

    Dependencies deps_;
    const HandlerFunc handler_;  // immutable
    QueueSelector selector_;
    IdleGate gate_;
    QueueWatchers watchers_;
    std::stop_source fetch_stop_;
    std::vector<std::jthread> workers_;  // last: joined first
};

}  // namespace asynq::server
