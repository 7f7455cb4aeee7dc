#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "broker/broker.h"
#include "util/logger.h"

namespace asynq::server {

/// One thread per queue that, while armed, blocks in Redis until the queue's pending list is non-empty
/// (Broker::wait_for_pending) and then reports it. This is what lets an idle server pick up a new task within
/// milliseconds with no polling: a blocked command costs Redis nothing. A watcher disarms itself once it has
/// reported, so a busy server does not spin on a non-empty list. Paused queues are never armed.
class QueueWatchers {
public:
    using OnWork = std::function<void(const std::string& queue)>;

    QueueWatchers(broker::Broker& broker, util::Logger& logger, std::vector<std::string> queues, OnWork on_work,
                  std::chrono::milliseconds block_timeout = std::chrono::seconds(5));
    ~QueueWatchers() { stop(); }

    void start();
    /// Stops and joins every watcher, interrupting blocked Redis calls.
    void stop() noexcept;
    /// Arms the watchers of these queues (unknown names are ignored).
    void arm(std::span<const std::string> queues);

private:
    struct Watcher {
        std::string queue;
        std::mutex mu;
        std::condition_variable_any cv;
        bool armed = false;                             // guarded by mu
        std::unique_ptr<redis::Connection> connection;  // guarded by mu (interrupt() from stop())
        std::jthread thread;
    };
    void run(Watcher& watcher, std::stop_token stop);

    broker::Broker& broker_;
    util::Logger& logger_;
    const OnWork on_work_;                            // immutable
    const std::chrono::milliseconds block_timeout_;   // immutable
    std::vector<std::unique_ptr<Watcher>> watchers_;  // the vector is immutable after construction
};

}  // namespace asynq::server
