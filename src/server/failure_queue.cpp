#include "server/failure_queue.h"

namespace asynq::server {

void FailureQueue::start() {
    thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

void FailureQueue::stop() noexcept {
    if (!thread_.joinable()) return;
    thread_.request_stop();
    cv_.notify_all();
    thread_.join();
}

void FailureQueue::push(std::shared_ptr<Attempt> attempt, std::exception_ptr error) {
    {
        std::lock_guard lock(mu_);
        queue_.emplace_back(std::move(attempt), std::move(error));
    }
    cv_.notify_one();
}

void FailureQueue::run(std::stop_token stop) {
    while (true) {
        std::pair<std::shared_ptr<Attempt>, std::exception_ptr> item;
        {
            std::unique_lock lock(mu_);
            cv_.wait(lock, stop, [this] { return !queue_.empty(); });
            if (queue_.empty()) return;  // stopped, and everything queued has been recorded
            item = std::move(queue_.front());
            queue_.pop_front();
        }
        // Finisher::failed catches what user callbacks throw and hands failed writes to the syncer.
        finisher_.failed(*item.first, item.second);
    }
}

}  // namespace asynq::server
