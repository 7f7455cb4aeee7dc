#pragma once

#include <atomic>
#include <map>
#include <string>

#include "broker/broker.h"
#include "server/config.h"
#include "server/failure_queue.h"
#include "server/in_flight.h"
#include "server/metrics_recorder.h"
#include "server/server_identity.h"
#include "util/logger.h"
#include "util/periodic_loop.h"

namespace asynq::server {

/// Every heartbeat (spec §5.1): writes ServerInfo and one WorkerInfo per task in flight, so Go's `asynq server ls`
/// and asynqmon list this server and its active tasks; renews the leases of tasks in flight; and stops attempts
/// whose lease could not be renewed in time (their outcome is then left to the recoverer). It also publishes the
/// server's task metrics (beyond Go: docs/metrics.md).
class Heartbeater {
public:
    struct Dependencies {
        broker::Broker& broker;
        const util::Clock& clock;
        util::Logger& logger;
        const Config& config;
        const ServerIdentity& identity;
        InFlight& in_flight;
        FailureQueue& failures;                    ///< lease losses are recorded there, never on the heartbeat thread
        const MetricsRecorder* metrics = nullptr;  ///< published with each beat when given
    };

    explicit Heartbeater(Dependencies deps);

    void start();
    /// Stops beating and removes this server's state from Redis.
    void stop() noexcept;
    void beat();  // one heartbeat, for tests and the loop
    void set_status(std::string status);

private:
    void write_state(const std::vector<std::shared_ptr<Attempt>>& attempts);
    void renew_leases(const std::vector<std::shared_ptr<Attempt>>& attempts);

    Dependencies deps_;
    const util::Clock::TimePoint started_at_;  // immutable
    std::mutex mu_;
    std::string status_ = "active";  // guarded by mu_
    util::PeriodicLoop loop_;        // last: stopped first
};

}  // namespace asynq::server
