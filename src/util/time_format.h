#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace asynq::util {

/// Parses an RFC 3339 timestamp: `2026-11-25T10:00:00Z`, optionally with a fraction of a second (`.123456789`;
/// digits past nanoseconds are dropped, as Go does) and a numeric offset instead of `Z` (`+02:00`, `-05:30`).
/// Lowercase `t` and `z` are accepted. Fields are range-checked (no February 30th, no leap second).
/// Throws Error(kInvalidArgument) `invalid time "<text>": expected RFC 3339, e.g. 2026-11-25T10:00:00Z`, also for
/// instants outside what system_clock can hold (years 1678..2261 with libstdc++'s nanosecond clock).
std::chrono::system_clock::time_point parse_rfc3339(std::string_view text);

/// Formats in UTC like Go's time.RFC3339Nano: `2026-11-25T10:00:00Z`, or `2026-11-25T10:00:00.5Z` with the
/// fraction's trailing zeros trimmed and no fraction at all when it is zero.
std::string format_rfc3339(std::chrono::system_clock::time_point time);

/// Like format_rfc3339 but truncated to whole seconds (Go's time.RFC3339): `2026-11-25T10:00:00Z`.
std::string format_rfc3339_seconds(std::chrono::system_clock::time_point time);

}  // namespace asynq::util
