#include "server/timekeeper.h"

namespace asynq::server {

Timekeeper::Timekeeper(const util::Clock& clock, OnDeadline on_deadline)
    : clock_(clock), on_deadline_(std::move(on_deadline)) {}

void Timekeeper::start() {
    thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

void Timekeeper::stop() noexcept {
    if (thread_.joinable()) {
        thread_.request_stop();
        thread_.join();
    }
}

void Timekeeper::watch(const std::shared_ptr<Attempt>& attempt) {
    // Deadlines are wall-clock times; waiting on the steady clock keeps a wall-clock jump from firing them early
    // or late.
    const auto remaining = attempt->deadline() - clock_.now();
    const SteadyTime when =
        std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(remaining);
    {
        std::lock_guard lock(mu_);
        index_[attempt.get()] = deadlines_.emplace(when, attempt);
    }
    changed_.notify_all();
}

void Timekeeper::forget(const Attempt& attempt) {
    std::lock_guard lock(mu_);
    if (auto it = index_.find(&attempt); it != index_.end()) {
        deadlines_.erase(it->second);
        index_.erase(it);
    }
}

std::size_t Timekeeper::watched() const {
    std::lock_guard lock(mu_);
    return deadlines_.size();
}

void Timekeeper::run(std::stop_token stop) {
    std::unique_lock lock(mu_);
    while (!stop.stop_requested()) {
        if (deadlines_.empty()) {
            changed_.wait(lock, stop, [this] { return !deadlines_.empty(); });
            continue;
        }
        auto first = deadlines_.begin();
        if (first->first > std::chrono::steady_clock::now()) {
            const SteadyTime until = first->first;
            changed_.wait_until(lock, stop, until, [this, until] {
                return !deadlines_.empty() && deadlines_.begin()->first < until;  // an earlier deadline arrived
            });
            continue;
        }
        std::shared_ptr<Attempt> attempt = first->second.lock();
        if (attempt) index_.erase(attempt.get());
        deadlines_.erase(first);
        if (!attempt) continue;
        lock.unlock();  // user-visible work (a Redis write) never runs under our lock
        on_deadline_(attempt);
        lock.lock();
    }
}

}  // namespace asynq::server
