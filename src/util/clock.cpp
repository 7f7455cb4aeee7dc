#include "util/clock.h"

namespace asynq::util {

const SystemClock& SystemClock::instance() noexcept {
    static const SystemClock clock;
    return clock;
}

std::int64_t unix_seconds(Clock::TimePoint t) noexcept {
    // duration_cast truncates toward zero, as Go's Unix() does for times after 1970.
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

std::int64_t unix_nanos(Clock::TimePoint t) noexcept {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

Clock::TimePoint from_unix_seconds(std::int64_t seconds) noexcept {
    return Clock::TimePoint(std::chrono::duration_cast<Clock::TimePoint::duration>(std::chrono::seconds(seconds)));
}

}  // namespace asynq::util
