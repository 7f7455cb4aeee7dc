#include "scheduler/occurrence.h"

#include <algorithm>

namespace asynq::scheduler {

Occurrence occurrence_of(const CronSchedule& schedule, std::chrono::system_clock::time_point due,
                         std::chrono::system_clock::time_point following) {
    using std::chrono::duration_cast;
    using std::chrono::milliseconds;
    using std::chrono::seconds;
    constexpr milliseconds kMinClaim = std::chrono::minutes(1);
    constexpr milliseconds kMaxClaim = std::chrono::hours(1);

    const auto due_seconds = duration_cast<seconds>(due.time_since_epoch()).count();
    Occurrence occurrence;
    if (schedule.every() > seconds(0)) {
        const auto every = schedule.every().count();
        // Floor division: activations before 1970 do not occur, but keep the arithmetic right anyway.
        const auto window = due_seconds >= 0 ? due_seconds / every : -((-due_seconds + every - 1) / every);
        occurrence.name = "every:" + std::to_string(window);
        // A peer may fire anywhere in the window, up to a whole period after this scheduler did: the claim must
        // outlast the window, plus the margin a cron claim gets.
        occurrence.claim_ttl = duration_cast<milliseconds>(schedule.every()) + kMinClaim;
        return occurrence;
    }
    occurrence.name = std::to_string(due_seconds);
    const milliseconds period = following > due ? duration_cast<milliseconds>(following - due) : kMaxClaim;
    occurrence.claim_ttl = std::clamp(period * 10, kMinClaim, kMaxClaim);
    return occurrence;
}

}  // namespace asynq::scheduler
