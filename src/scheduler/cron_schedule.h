#pragma once

#include <cctz/time_zone.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace asynq::scheduler {

/// Go's time.LoadLocation for an IANA zone name ("" and "UTC" are UTC, "Local" the process's zone); false for an
/// unknown zone or a name that looks like a path.
bool try_load_location(std::string_view name, cctz::time_zone& zone);

/// A parsed cron spec with the semantics of Go's robfig/cron/v3 standard parser, which Go asynq's Scheduler uses:
/// five fields (minute hour day-of-month month day-of-week) with `*`, `?`, lists, ranges, steps and names, the
/// descriptors `@yearly` `@annually` `@monthly` `@weekly` `@daily` `@midnight` `@hourly`, `@every <duration>`, and
/// an optional `CRON_TZ=<zone> ` or `TZ=<zone> ` prefix. Both sides of a deployment must fire at the same instants,
/// so next() reproduces robfig's search step by step, DST quirks included.
class CronSchedule {
public:
    /// Parses `spec`; fields are evaluated in `default_zone` unless the spec names its own zone.
    /// Throws Error(kInvalidArgument) naming the spec and the offending field.
    static CronSchedule parse(std::string_view spec, const cctz::time_zone& default_zone);

    /// The first activation strictly after `after`, on a whole second; the zero time_point (the epoch) when none
    /// exists within five years, as robfig returns Go's zero time.
    std::chrono::system_clock::time_point next(std::chrono::system_clock::time_point after) const;

    std::string_view spec() const noexcept { return spec_; }
    /// The delay of an `@every` spec; zero for a spec of fields or a descriptor.
    std::chrono::seconds every() const noexcept { return every_; }

private:
    // One bit per allowed value; bit 63 records a `*`/`?` (robfig's "star bit"), which decides how day-of-month
    // and day-of-week combine.
    enum Field { kMinute, kHour, kDayOfMonth, kMonth, kDayOfWeek, kFieldCount };
    using Bits = std::array<std::uint64_t, kFieldCount>;

    CronSchedule(std::string spec, cctz::time_zone zone) : spec_(std::move(spec)), zone_(zone) {}

    std::chrono::system_clock::time_point next_by_fields(std::chrono::system_clock::time_point after) const;

    std::string spec_;
    cctz::time_zone zone_;
    Bits bits_{};
    std::chrono::seconds every_{0};  // non-zero for `@every`: a constant delay instead of fields
};

}  // namespace asynq::scheduler
