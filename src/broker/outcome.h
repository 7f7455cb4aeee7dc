#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "broker/proto/asynq.pb.h"
#include "util/clock.h"

namespace asynq::broker {

/// How long the daily processed/failed counters live (spec §1.2).
inline constexpr auto kStatsRetention = std::chrono::days(90);

/// The archive keeps tasks this long and at most kMaxArchiveSize - 1 of them (spec §4.11); the archiving scripts
/// take both as arguments.
inline constexpr auto kArchiveRetention = std::chrono::days(90);
inline constexpr std::string_view kMaxArchiveSize = "10000";

/// A time as the unix seconds scripts take as an argument.
inline std::string unix_seconds_text(util::Clock::TimePoint time) { return std::to_string(util::unix_seconds(time)); }

/// Maps an outcome script's code (done, mark_as_complete, requeue, retry, archive) to the bool the Broker
/// declares: 1 -> true; 0 -> false (the task was no longer active: nothing written). Negative codes mean Redis held
/// an inconsistent task: Go stops with an error reply at the same step with the same partial effects; we throw
/// (Error kDataLoss / kInternal) so the syncer retries, and the retry then finds the task gone (0 -> false).
bool script_outcome(std::int64_t code, std::string_view operation, const wire::TaskMessage& message);

}  // namespace asynq::broker
