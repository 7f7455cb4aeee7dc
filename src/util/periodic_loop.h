#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>

namespace asynq::util {

/// Runs step() every interval (with ±10% jitter, so a fleet started together does not beat in step) on its own
/// thread until stop(). An exception from step() goes to on_error and the loop goes on: a background component
/// must survive a Redis blip. The objects step() uses must outlive the loop: stop it (or destroy it) first.
class PeriodicLoop {
public:
    using ErrorHandler = std::function<void(const std::exception& error)>;

    enum class FirstRun { kImmediately, kAfterInterval };

    PeriodicLoop(std::string name, std::chrono::milliseconds interval, std::function<void()> step,
                 ErrorHandler on_error = {}, FirstRun first_run = FirstRun::kAfterInterval);
    ~PeriodicLoop() { stop(); }
    PeriodicLoop(const PeriodicLoop&) = delete;
    PeriodicLoop& operator=(const PeriodicLoop&) = delete;

    void start();
    /// Requests stop and joins; returns at once if the loop is sleeping (the wait is interruptible).
    void stop() noexcept;
    /// Runs the next step now instead of waiting out the interval.
    void trigger();

    const std::string& name() const noexcept { return name_; }

private:
    void run(std::stop_token stop);

    const std::string name_;                    // immutable
    const std::chrono::milliseconds interval_;  // immutable
    const std::function<void()> step_;          // immutable
    const ErrorHandler on_error_;               // immutable
    const FirstRun first_run_;                  // immutable
    std::mutex mu_;
    std::condition_variable_any wake_;
    bool triggered_ = false;  // guarded by mu_
    std::jthread thread_;     // declared last: destroyed (joined) first
};

/// interval scaled by a uniform factor in [1 - spread, 1 + spread].
std::chrono::milliseconds jittered(std::chrono::milliseconds interval, double spread = 0.1);

}  // namespace asynq::util
