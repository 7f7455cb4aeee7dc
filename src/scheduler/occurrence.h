#pragma once

#include <chrono>
#include <string>

#include "scheduler/cron_schedule.h"

namespace asynq::scheduler {

/// One occurrence of an entry, named the same way by every scheduler that runs the entry, so that the first to
/// claim it enqueues and the others skip it.
struct Occurrence {
    std::string name;                       ///< part of the claim key
    std::chrono::milliseconds claim_ttl{};  ///< how long the claim is kept: longer than any peer can be late
};

/// The occurrence a firing belongs to. `due` is the activation the scheduler fired (the time next() gave, not the
/// moment it woke) and `following` the activation after it (the epoch when there is none).
/// - A spec of fields or a descriptor names the activation itself (unix seconds): all schedulers compute the same
///   activations from the spec, whatever their clocks say.
/// - `@every D` activations depend on when each scheduler started, so they are grouped into windows of D aligned
///   to the Unix epoch, and the window's index names the occurrence: one enqueue per window.
/// A cron claim is kept ten periods, at least a minute (clock skew and stalls between peers) and at most an hour
/// (claims of frequent entries would pile up); an `@every D` claim is kept D plus a minute, since a peer may fire
/// anywhere in the window.
Occurrence occurrence_of(const CronSchedule& schedule, std::chrono::system_clock::time_point due,
                         std::chrono::system_clock::time_point following);

}  // namespace asynq::scheduler
