#pragma once

#include <memory>
#include <mutex>
#include <thread>

#include "broker/broker.h"
#include "server/failure_queue.h"
#include "server/in_flight.h"
#include "util/logger.h"

namespace asynq::server {

/// Listens on `asynq:cancel` (spec §4.21) with its own connection and cancels the attempts of the published
/// task id, if this server runs it: the handler's stop token fires and the failure ("context canceled") is
/// recorded at once. Resubscribes after a connection loss (every 5 s, as Go).
class Subscriber {
public:
    Subscriber(broker::Broker& broker, util::Logger& logger, InFlight& in_flight, FailureQueue& failures);
    ~Subscriber() { stop(); }

    void start();
    void stop() noexcept;
    /// Cancels the attempts of this task id; returns how many were running here.
    int cancel(const std::string& task_id);

private:
    void run(std::stop_token stop);

    broker::Broker& broker_;
    util::Logger& logger_;
    InFlight& in_flight_;
    FailureQueue& failures_;
    std::mutex mu_;
    std::condition_variable_any cv_;
    std::unique_ptr<redis::Connection> connection_;  // guarded by mu_ for interrupt(); used by the thread
    std::jthread thread_;                            // last: joined first
};

}  // namespace asynq::server
