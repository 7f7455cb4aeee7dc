#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "util/clock.h"
#include "util/logger.h"
#include "util/periodic_loop.h"

namespace asynq::server {

/// Retries outcome writes that failed (Redis unreachable) until their lease ends, so a Redis blip loses no
/// finished work (spec §6.2 syncer). After the lease the write is dropped: the task is still active with an
/// expired lease, and the recoverer of any server retries it. One last attempt is made at stop().
class Syncer {
public:
    Syncer(const util::Clock& clock, util::Logger& logger, std::chrono::milliseconds interval);

    /// Queues a write to retry. `write` throws on failure and is idempotent as far as Redis is concerned (the
    /// scripts find the task no longer active once one attempt went through).
    void add(std::string description, std::function<void()> write, util::Clock::TimePoint give_up_at);

    void start() { loop_.start(); }
    /// Stops the loop, then tries every queued write once more.
    void stop() noexcept;
    /// One pass over the queued writes (for tests and the loop).
    void run_once();
    std::size_t pending() const;

private:
    struct Write {
        std::string description;
        std::function<void()> write;
        util::Clock::TimePoint give_up_at;
    };

    const util::Clock& clock_;
    util::Logger& logger_;
    mutable std::mutex mu_;
    std::vector<Write> writes_;  // guarded by mu_
    util::PeriodicLoop loop_;    // last: stopped first
};

}  // namespace asynq::server
