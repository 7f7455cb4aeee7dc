#include "server/subscriber.h"

#include "asynq/task_errors.h"
#include "broker/keys.h"

namespace asynq::server {

Subscriber::Subscriber(broker::Broker& broker, util::Logger& logger, InFlight& in_flight, FailureQueue& failures)
    : broker_(broker), logger_(logger), in_flight_(in_flight), failures_(failures) {}

void Subscriber::start() {
    thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

void Subscriber::stop() noexcept {
    if (!thread_.joinable()) return;
    thread_.request_stop();
    {
        std::lock_guard lock(mu_);
        if (connection_) connection_->interrupt();
    }
    cv_.notify_all();
    thread_.join();
}

int Subscriber::cancel(const std::string& task_id) {
    int cancelled = 0;
    for (const auto& attempt : in_flight_.find(task_id)) {
        if (!attempt->claim_outcome()) continue;  // already finishing
        attempt->request_stop(StopReason::kCanceled);
        failures_.push(attempt, std::make_exception_ptr(TaskCanceled()));
        ++cancelled;
    }
    if (cancelled > 0) logger_.info("task {} cancelled", task_id);
    return cancelled;
}

void Subscriber::run(std::stop_token stop) {
    while (!stop.stop_requested()) {
        redis::Connection* connection = nullptr;
        try {
            // No read timeout: messages come whenever someone cancels; stop() interrupts the read.
            auto fresh = broker_.executor().open_dedicated(std::string(broker::keys::kCancelChannel),
                                                           std::chrono::milliseconds(0));
            {
                std::lock_guard lock(mu_);
                connection_ = std::move(fresh);
                connection = connection_.get();
            }
            if (stop.stop_requested()) break;
            broker_.subscribe_cancel(*connection);
            while (!stop.stop_requested()) {
                if (auto task_id = broker_.read_cancel(*connection)) cancel(*task_id);
            }
        } catch (const std::exception& e) {
            if (stop.stop_requested()) break;
            logger_.log_every(std::chrono::seconds(30), "subscriber", LogLevel::kWarn,
                              std::string("cancellation channel lost, resubscribing in 5s: ") + e.what());
            std::unique_lock lock(mu_);
            connection_.reset();
            cv_.wait_for(lock, stop, std::chrono::seconds(5), [] { return false; });
        }
    }
    std::lock_guard lock(mu_);
    connection_.reset();
}

}  // namespace asynq::server
