#include "server/idle_gate.h"

#include "util/periodic_loop.h"

namespace asynq::server {

void IdleGate::wait(std::span<const std::string> empty_queues, std::stop_token stop) {
    std::unique_lock lock(mu_);
    // Count as idle before arming: a watcher that fires right after arming then finds us and leaves a token.
    ++idle_;
    const bool scout = !scout_present_;
    if (scout) scout_present_ = true;
    lock.unlock();
    // Every worker that found nothing re-arms the watchers of the queues it saw empty: a watcher disarms itself
    // once it fired, and work arriving after that must wake us too. Outside our lock: it takes the watchers' own.
    arm_watchers_(empty_queues);
    lock.lock();
    if (scout) {
        // Go sleeps interval/2 + rand[0, interval) when every queue is empty; watchers make the wait cheap, the
        // interval only bounds how late a paused queue coming back is noticed.
        cv_.wait_for(lock, stop, util::jittered(check_interval_, 0.5), [this] { return tokens_ > 0; });
        scout_present_ = false;
    } else {
        // No need to take over as scout when the scout leaves: it goes to probe, and comes back as scout if it
        // finds nothing, or passes a token on if it finds work.
        cv_.wait(lock, stop, [this] { return tokens_ > 0; });
    }
    if (tokens_ > 0) --tokens_;
    --idle_;
}

void IdleGate::work_found() {
    {
        std::lock_guard lock(mu_);
        if (tokens_ >= idle_) return;  // everyone idle is already due to wake
        ++tokens_;
    }
    cv_.notify_one();
}

int IdleGate::idle_workers() const {
    std::lock_guard lock(mu_);
    return idle_;
}

}  // namespace asynq::server
