#pragma once

#include <memory>
#include <stop_token>
#include <thread>
#include <vector>

#include "asynq/handler.h"
#include "broker/broker.h"
#include "server/config.h"
#include "server/fetcher.h"
#include "server/finisher.h"
#include "server/in_flight.h"
#include "server/timekeeper.h"
#include "util/logger.h"

namespace asynq::server {

/// The worker pool: `concurrency` threads, each looping take a task from the Fetcher -> run the handler -> write
/// the outcome, so at most `concurrency` tasks are active (spec §6.3). The Fetcher takes tasks only for idle
/// workers and batches the Redis side; successes go back to it through the Finisher.
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
        Fetcher& fetcher;
    };

    Processor(Dependencies deps, HandlerFunc handler);
    ~Processor();

    void start();
    /// Stop taking tasks; workers finish the task they run and exit. Returns at once.
    void stop_fetching() noexcept;
    /// Joins the workers (after stop_fetching; blocks while a handler is still running), then lets the fetcher
    /// write the last acks and requeues the tasks it took that no worker started.
    void join() noexcept;

private:
    void work();
    void run_attempt(broker::DequeuedTask task);

    Dependencies deps_;
    const HandlerFunc handler_;          // immutable
    std::vector<std::jthread> workers_;  // last: joined first
};

}  // namespace asynq::server
