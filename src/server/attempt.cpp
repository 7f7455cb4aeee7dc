#include "server/attempt.h"

#include <algorithm>

namespace asynq::server {

void Attempt::request_stop(StopReason reason) noexcept {
    StopReason expected = StopReason::kNone;
    reason_.compare_exchange_strong(expected, reason);
    stop_.request_stop();
}

bool Attempt::lease_valid(TimePoint now) const {
    std::lock_guard lock(mu_);
    return now < lease_expires_at_;
}

Attempt::TimePoint Attempt::lease_expires_at() const {
    std::lock_guard lock(mu_);
    return lease_expires_at_;
}

void Attempt::extend_lease(TimePoint expires_at) {
    std::lock_guard lock(mu_);
    lease_expires_at_ = std::max(lease_expires_at_, expires_at);
}

util::Clock::TimePoint compute_deadline(const wire::TaskMessage& message, util::Clock::TimePoint now) {
    using std::chrono::seconds;
    const auto timeout = seconds(message.timeout());
    const auto deadline = util::from_unix_seconds(message.deadline());
    if (message.timeout() <= 0 && message.deadline() <= 0) {
        return now + std::chrono::minutes(30);  // Go logs this as an internal error; the client always sets one
    }
    if (message.deadline() <= 0) return now + timeout;  // sub-second precision of now kept, as Go
    if (message.timeout() <= 0) return deadline;
    // Both: the earlier, in whole seconds (Go compares now.Unix() + timeout with the deadline).
    return std::min(util::from_unix_seconds(util::unix_seconds(now) + message.timeout()), deadline);
}

}  // namespace asynq::server
