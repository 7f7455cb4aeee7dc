#include "broker/queue_registry.h"

namespace asynq::broker {

bool QueueRegistry::needs_registration(std::string_view queue) const {
    std::lock_guard lock(mu_);
    auto it = registered_at_.find(std::string(queue));
    return it == registered_at_.end() || Clock::now() - it->second >= refresh_after_;
}

void QueueRegistry::mark_registered(std::string_view queue) {
    std::lock_guard lock(mu_);
    registered_at_[std::string(queue)] = Clock::now();
}

void QueueRegistry::forget(std::string_view queue) {
    std::lock_guard lock(mu_);
    registered_at_.erase(std::string(queue));
}

}  // namespace asynq::broker
