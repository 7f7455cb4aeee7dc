#include "util/periodic_loop.h"

#include <random>

namespace asynq::util {

std::chrono::milliseconds jittered(std::chrono::milliseconds interval, double spread) {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    std::uniform_real_distribution<double> factor(1.0 - spread, 1.0 + spread);
    return std::chrono::milliseconds(static_cast<std::int64_t>(static_cast<double>(interval.count()) * factor(rng)));
}

PeriodicLoop::PeriodicLoop(std::string name, std::chrono::milliseconds interval, std::function<void()> step,
                           ErrorHandler on_error, FirstRun first_run)
    : name_(std::move(name)),
      interval_(interval),
      step_(std::move(step)),
      on_error_(std::move(on_error)),
      first_run_(first_run) {}

void PeriodicLoop::start() {
    thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

void PeriodicLoop::stop() noexcept {
    if (thread_.joinable()) {
        thread_.request_stop();
        thread_.join();
    }
}

void PeriodicLoop::trigger() {
    {
        std::lock_guard lock(mu_);
        triggered_ = true;
    }
    wake_.notify_all();
}

void PeriodicLoop::run(std::stop_token stop) {
    bool first = true;
    while (!stop.stop_requested()) {
        if (!first || first_run_ == FirstRun::kAfterInterval) {
            std::unique_lock lock(mu_);
            wake_.wait_for(lock, stop, jittered(interval_), [this] { return triggered_; });
            triggered_ = false;
            if (stop.stop_requested()) return;
        }
        first = false;
        try {
            step_();
        } catch (const std::exception& e) {
            if (on_error_) on_error_(e);
        } catch (...) {
            if (on_error_) on_error_(std::runtime_error(name_ + ": unknown exception"));
        }
    }
}

}  // namespace asynq::util
