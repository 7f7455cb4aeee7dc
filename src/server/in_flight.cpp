#include "server/in_flight.h"

namespace asynq::server {

bool InFlight::add(const std::shared_ptr<Attempt>& attempt) {
    std::lock_guard lock(mu_);
    if (closed_) return false;
    attempts_.emplace(attempt->id(), attempt);
    return true;
}

std::vector<std::shared_ptr<Attempt>> InFlight::close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    std::vector<std::shared_ptr<Attempt>> out;
    for (auto& [id, attempt] : attempts_) out.push_back(attempt);
    return out;
}

void InFlight::remove(const Attempt& attempt) {
    {
        std::lock_guard lock(mu_);
        // The same id can be in flight twice (a task of the same id in two queues): remove this very attempt.
        auto [first, last] = attempts_.equal_range(attempt.id());
        for (auto it = first; it != last; ++it) {
            if (it->second.get() == &attempt) {
                attempts_.erase(it);
                break;
            }
        }
        if (!attempts_.empty()) return;
    }
    emptied_.notify_all();
}

std::vector<std::shared_ptr<Attempt>> InFlight::find(const std::string& task_id) const {
    std::lock_guard lock(mu_);
    std::vector<std::shared_ptr<Attempt>> out;
    auto [first, last] = attempts_.equal_range(task_id);
    for (auto it = first; it != last; ++it) out.push_back(it->second);
    return out;
}

std::vector<std::shared_ptr<Attempt>> InFlight::snapshot() const {
    std::lock_guard lock(mu_);
    std::vector<std::shared_ptr<Attempt>> out;
    out.reserve(attempts_.size());
    for (auto& [id, attempt] : attempts_) out.push_back(attempt);
    return out;
}

std::size_t InFlight::size() const {
    std::lock_guard lock(mu_);
    return attempts_.size();
}

bool InFlight::wait_until_empty(std::chrono::steady_clock::time_point deadline) const {
    std::unique_lock lock(mu_);
    return emptied_.wait_until(lock, deadline, [this] { return attempts_.empty(); });
}

}  // namespace asynq::server
