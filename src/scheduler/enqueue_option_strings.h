#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "asynq/options.h"

namespace asynq::scheduler {

/// A scheduler entry's enqueue options as Go's Option.String() writes them into SchedulerEntry.enqueue_options
/// (spec §5.4), which Go's Inspector, `asynq cron ls` and the web UI parse back: `Queue("critical")`,
/// `MaxRetry(2)`, `Timeout(30s)`, `Deadline(Mon Jan  2 15:04:05 UTC 2006)`, `Unique(1h0m0s)`, `ProcessAt(...)`,
/// `ProcessIn(10m0s)`, `Retention(24h0m0s)`, `TaskID("x")`, `Group("g")`. Only options that differ from the
/// defaults are listed (a Go user lists only what they pass), in that order.
std::vector<std::string> enqueue_option_strings(const EnqueueOptions& options);

/// Go's strconv.Quote: double-quoted, with `\"`, `\\`, `\n`-style escapes for control characters and `\x..` for
/// bytes that are not valid UTF-8.
std::string go_quote(std::string_view text);

/// Go's time.UnixDate layout in UTC: `Mon Jan  2 15:04:05 UTC 2006` (day padded with a space).
std::string format_unix_date(std::chrono::system_clock::time_point time);

}  // namespace asynq::scheduler
