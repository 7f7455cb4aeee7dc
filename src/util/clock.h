#pragma once

#include <chrono>
#include <mutex>

namespace asynq::util {

/// Wall clock for values stored in Redis. Injected into the broker and the components so tests control "now"
/// (spec §0.2: "now" is passed into every script, never Redis TIME).
class Clock {
public:
    using TimePoint = std::chrono::system_clock::time_point;
    virtual ~Clock() = default;
    virtual TimePoint now() const = 0;
};

/// The real system clock.
class SystemClock final : public Clock {
public:
    TimePoint now() const override { return std::chrono::system_clock::now(); }
    /// A process-wide instance.
    static const SystemClock& instance() noexcept;
};

/// A clock that moves only when told to. Thread-safe.
class ManualClock final : public Clock {
public:
    explicit ManualClock(TimePoint start) : now_(start) {}
    TimePoint now() const override {
        std::lock_guard lock(mu_);
        return now_;
    }
    void set(TimePoint t) {
        std::lock_guard lock(mu_);
        now_ = t;
    }
    void advance(std::chrono::nanoseconds d) {
        std::lock_guard lock(mu_);
        now_ += d;
    }

private:
    mutable std::mutex mu_;
    TimePoint now_;  // guarded by mu_
};

/// Unix seconds, truncated toward zero like Go's time.Unix().
std::int64_t unix_seconds(Clock::TimePoint t) noexcept;
/// Unix nanoseconds.
std::int64_t unix_nanos(Clock::TimePoint t) noexcept;
/// The time point of a unix-seconds value.
Clock::TimePoint from_unix_seconds(std::int64_t seconds) noexcept;

}  // namespace asynq::util
