#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace asynq::util {

/// Parses a duration in the grammar of Go's time.ParseDuration: an optional sign, then one or more
/// `<decimal><unit>` terms (`1h30m`, `1.5s`, `.5s`, `-2m`), units `ns`, `us`, `µs` (U+00B5), `μs` (U+03BC),
/// `ms`, `s`, `m`, `h`. A lone `0` needs no unit. Fractions are exact to the nanosecond, as in Go.
/// Throws Error(kInvalidArgument), e.g. `invalid duration "5x": unknown unit "x"`, for empty input, a missing or
/// unknown unit, or a value outside the int64 nanosecond range.
std::chrono::nanoseconds parse_go_duration(std::string_view text);

/// Formats exactly like Go's Duration.String(): `0s`; below one second the largest of `ns`, `µs` (U+00B5) and
/// `ms` with a trimmed fraction (`1.5ms`); otherwise `[<h>h][<m>m]<s>[.<frac>]s` (`1h0m0s`, `1m30.5s`).
/// Negative durations get a leading `-`. Go's Inspector parses these strings back (spec §5.4), so they must match.
std::string format_go_duration(std::chrono::nanoseconds duration);

}  // namespace asynq::util
