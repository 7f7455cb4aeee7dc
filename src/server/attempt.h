#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <stop_token>
#include <string>

#include "asynq/handler.h"
#include "broker/proto/asynq.pb.h"
#include "util/clock.h"

namespace asynq::server {

/// One attempt at one task, from dequeue until its outcome is written. Shared by the worker running the
/// handler, the timekeeper (deadline), the subscriber (cancellation), the heartbeater (lease) and shutdown.
/// Thread-safe.
///
/// Whoever finishes the attempt first — the handler returning, the deadline, a cancellation, shutdown or lease
/// loss — claims the outcome; everyone else's result is discarded. That is how the outcome of a handler that
/// ignores its stop token is still recorded on time.
class Attempt {
public:
    using TimePoint = util::Clock::TimePoint;

    Attempt(wire::TaskMessage message, TimePoint started_at, TimePoint deadline, TimePoint lease_expires_at)
        : message_(std::move(message)),
          started_at_(started_at),
          deadline_(deadline),
          lease_expires_at_(lease_expires_at) {}

    const wire::TaskMessage& message() const noexcept { return message_; }
    const std::string& id() const noexcept { return message_.id(); }
    const std::string& queue() const noexcept { return message_.queue(); }
    TimePoint started_at() const noexcept { return started_at_; }
    /// The attempt deadline of spec §6.5.
    TimePoint deadline() const noexcept { return deadline_; }

    std::stop_token stop_token() const noexcept { return stop_.get_token(); }
    /// Asks the handler to stop. The first reason given is kept.
    void request_stop(StopReason reason) noexcept;
    StopReason stop_reason() const noexcept { return reason_.load(); }

    /// True for exactly one caller: the one that writes (or deliberately skips) the outcome.
    bool claim_outcome() noexcept { return !outcome_claimed_.exchange(true); }
    bool outcome_claimed() const noexcept { return outcome_claimed_.load(); }

    /// The lease as this server knows it (spec §6.4): writes are skipped once it has passed, because the
    /// recoverer of any server may then own the task.
    bool lease_valid(TimePoint now) const;
    TimePoint lease_expires_at() const;
    void extend_lease(TimePoint expires_at);

private:
    const wire::TaskMessage message_;  // immutable
    const TimePoint started_at_;       // immutable
    const TimePoint deadline_;         // immutable
    std::stop_source stop_;
    std::atomic<StopReason> reason_{StopReason::kNone};
    std::atomic<bool> outcome_claimed_{false};
    mutable std::mutex mu_;
    TimePoint lease_expires_at_;  // guarded by mu_
};

/// The attempt deadline of spec §6.5, from the message's timeout and deadline.
util::Clock::TimePoint compute_deadline(const wire::TaskMessage& message, util::Clock::TimePoint now);

}  // namespace asynq::server
