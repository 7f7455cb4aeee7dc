#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "server/attempt.h"
#include "util/clock.h"

namespace asynq::server {

/// Fires attempt deadlines on time, whatever the handler is doing (spec §7.5): one thread, one ordered map of
/// deadlines. Entries are removed when their attempt ends, so memory stays proportional to tasks in flight.
class Timekeeper {
public:
    using OnDeadline = std::function<void(const std::shared_ptr<Attempt>&)>;

    Timekeeper(const util::Clock& clock, OnDeadline on_deadline);
    ~Timekeeper() { stop(); }

    void start();
    void stop() noexcept;

    void watch(const std::shared_ptr<Attempt>& attempt);
    void forget(const Attempt& attempt);
    std::size_t watched() const;

private:
    using SteadyTime = std::chrono::steady_clock::time_point;
    void run(std::stop_token stop);

    const util::Clock& clock_;
    const OnDeadline on_deadline_;  // immutable
    mutable std::mutex mu_;
    std::condition_variable_any changed_;
    std::multimap<SteadyTime, std::weak_ptr<Attempt>> deadlines_;  // guarded by mu_
    std::unordered_map<const Attempt*, std::multimap<SteadyTime, std::weak_ptr<Attempt>>::iterator> index_;  // mu_
    std::jthread thread_;  // last: joined first
};

}  // namespace asynq::server
