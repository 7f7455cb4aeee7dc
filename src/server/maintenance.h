#pragma once

#include <functional>
#include <string>
#include <vector>

#include "broker/broker.h"
#include "server/config.h"
#include "server/finisher.h"
#include "util/logger.h"
#include "util/periodic_loop.h"

namespace asynq::server {

// The three periodic maintenance components of a server. Each runs one step per interval over the server's
// queues and exposes run_once() for tests. Each step is safe to run on many servers at once (every change is one
// script that re-checks its conditions).

/// Moves due scheduled and retry tasks to pending (spec §4.12). First run one interval after start, as Go.
class Forwarder {
public:
    Forwarder(broker::Broker& broker, util::Logger& logger, std::vector<std::string> queues,
              std::chrono::milliseconds interval);
    void start() { loop_.start(); }
    void stop() noexcept { loop_.stop(); }
    std::int64_t run_once();

private:
    broker::Broker& broker_;
    util::Logger& logger_;
    const std::vector<std::string> queues_;  // immutable
    util::PeriodicLoop loop_;
};

/// Retries or archives tasks whose lease expired more than recovery_grace ago: their worker died or lost Redis
/// (spec §4.14); returns aggregation sets past their deadline to their groups (spec §4.19). Runs at start, then
/// every interval.
class Recoverer {
public:
    Recoverer(broker::Broker& broker, const util::Clock& clock, util::Logger& logger, Finisher& finisher,
              std::vector<std::string> queues, std::chrono::milliseconds interval, std::chrono::seconds grace);
    void start() { loop_.start(); }
    void stop() noexcept { loop_.stop(); }
    /// Returns how many tasks were recovered.
    int run_once();

private:
    broker::Broker& broker_;
    const util::Clock& clock_;
    util::Logger& logger_;
    Finisher& finisher_;
    const std::vector<std::string> queues_;  // immutable
    const std::chrono::seconds grace_;       // immutable
    util::PeriodicLoop loop_;
};

/// Deletes completed tasks whose retention ended (spec §4.15).
class Janitor {
public:
    Janitor(broker::Broker& broker, util::Logger& logger, std::vector<std::string> queues,
            std::chrono::milliseconds interval, int batch_size);
    void start() { loop_.start(); }
    void stop() noexcept { loop_.stop(); }
    std::int64_t run_once();

private:
    broker::Broker& broker_;
    util::Logger& logger_;
    const std::vector<std::string> queues_;  // immutable
    const int batch_size_;                   // immutable
    util::PeriodicLoop loop_;
};

/// Calls the user's health check with the result of a PING every interval.
class Healthchecker {
public:
    Healthchecker(broker::Broker& broker, util::Logger& logger, std::function<void(std::exception_ptr)> check,
                  std::chrono::milliseconds interval);
    void start() {
        if (check_) loop_.start();
    }
    void stop() noexcept { loop_.stop(); }
    void run_once();

private:
    broker::Broker& broker_;
    util::Logger& logger_;
    const std::function<void(std::exception_ptr)> check_;  // immutable
    util::PeriodicLoop loop_;
};

}  // namespace asynq::server
