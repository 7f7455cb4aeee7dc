#include "scheduler/cron_schedule.h"

#include <cctz/civil_time.h>
#include <fmt/format.h>

#include <charconv>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "asynq/errors.h"
#include "util/go_duration.h"

namespace asynq::scheduler {
namespace {

using namespace std::chrono_literals;
using Instant = cctz::time_point<cctz::seconds>;

constexpr std::uint64_t kStarBit = std::uint64_t{1} << 63;

constexpr std::array<std::string_view, 12> kMonthNames{"jan", "feb", "mar", "apr", "may", "jun",
                                                       "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr std::array<std::string_view, 7> kWeekdayNames{"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

struct Bounds {
    std::string_view field;
    unsigned min;
    unsigned max;
    std::span<const std::string_view> names;  // names[i] stands for min + i
};

constexpr std::array<Bounds, 5> kBounds{{
    {"minute", 0, 59, {}},
    {"hour", 0, 23, {}},
    {"day-of-month", 1, 31, {}},
    {"month", 1, 12, kMonthNames},
    {"day-of-week", 0, 6, kWeekdayNames},
}};

[[noreturn]] void fail(std::string_view spec, std::string_view detail) {
    throw Error(ErrorCode::kInvalidArgument, fmt::format("cron spec \"{}\": {}", spec, detail));
}

// Like Go's strings.Split: empty pieces are kept, so "1-" yields an empty (invalid) bound.
std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    for (;;) {
        const auto at = text.find(separator);
        parts.push_back(text.substr(0, at));
        if (at == std::string_view::npos) return parts;
        text.remove_prefix(at + 1);
    }
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

std::vector<std::string_view> split_whitespace(std::string_view text) {
    std::vector<std::string_view> words;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && is_space(text[i])) ++i;
        const std::size_t start = i;
        while (i < text.size() && !is_space(text[i])) ++i;
        if (i > start) words.push_back(text.substr(start, i - start));
    }
    return words;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    return text;
}

bool iequals(std::string_view a, std::string_view lower) {
    if (a.size() != lower.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const char c = (a[i] >= 'A' && a[i] <= 'Z') ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
        if (c != lower[i]) return false;
    }
    return true;
}

// Parses one field of a five-field spec into its bit set; errors name the field and its text.
class FieldParser {
public:
    FieldParser(std::string_view spec, const Bounds& bounds, std::string_view text)
        : spec_(spec), bounds_(bounds), text_(text) {}

    std::uint64_t parse() const {
        std::uint64_t bits = 0;
        // Empty list items are skipped, as Go's strings.FieldsFunc does.
        for (const auto item : split(text_, ',')) {
            if (!item.empty()) bits |= parse_range(item);
        }
        return bits;
    }

private:
    [[noreturn]] void fail_field(std::string_view detail) const {
        fail(spec_, fmt::format("{} field \"{}\": {}", bounds_.field, text_, detail));
    }

    // number | name | `*` | `?`, optionally `-` number, optionally `/` step. A lone start with a step means
    // start-max; any step above 1 clears the star bit, which changes the day-of-month/day-of-week rule.
    std::uint64_t parse_range(std::string_view expr) const {
        const auto range_and_step = split(expr, '/');
        if (range_and_step.size() > 2) fail_field(fmt::format("too many slashes in \"{}\"", expr));
        const auto low_and_high = split(range_and_step[0], '-');
        if (low_and_high.size() > 2) fail_field(fmt::format("too many hyphens in \"{}\"", expr));

        std::uint64_t start = 0;
        std::uint64_t end = 0;
        std::uint64_t star = 0;
        if (low_and_high[0] == "*" || low_and_high[0] == "?") {
            // robfig ignores anything after a star's hyphen; so do we, to accept the same specs.
            start = bounds_.min;
            end = bounds_.max;
            star = kStarBit;
        } else {
            start = parse_value(low_and_high[0], true);
            end = low_and_high.size() == 2 ? parse_value(low_and_high[1], true) : start;
        }

        std::uint64_t step = 1;
        if (range_and_step.size() == 2) {
            step = parse_value(range_and_step[1], false);
            if (low_and_high.size() == 1) end = bounds_.max;
            if (step > 1) star = 0;
        }

        if (start < bounds_.min) fail_field(fmt::format("{} is below the minimum {}", start, bounds_.min));
        if (end > bounds_.max) fail_field(fmt::format("{} is above the maximum {}", end, bounds_.max));
        if (start > end) fail_field(fmt::format("range start {} is beyond its end {}", start, end));
        if (step == 0) fail_field(fmt::format("step in \"{}\" must be positive", expr));

        std::uint64_t bits = 0;
        for (std::uint64_t value = start; value <= end; value += step) bits |= std::uint64_t{1} << value;
        return bits | star;
    }

    // A name (case-insensitive) or a decimal integer as Go's strconv.Atoi reads it: optional sign, digits.
    std::uint64_t parse_value(std::string_view token, bool names_allowed) const {
        if (names_allowed) {
            for (std::size_t i = 0; i < bounds_.names.size(); ++i) {
                if (iequals(token, bounds_.names[i])) return bounds_.min + i;
            }
        }
        std::string_view digits = token;
        const bool negative = !digits.empty() && digits.front() == '-';
        if (!digits.empty() && (digits.front() == '+' || digits.front() == '-')) digits.remove_prefix(1);
        std::int64_t value = 0;
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
        if (digits.empty() || end != digits.data() + digits.size() ||
            (ec != std::errc{} && ec != std::errc::result_out_of_range)) {
            fail_field(fmt::format("\"{}\" is not a number{}", token, bounds_.names.empty() ? "" : " or a name"));
        }
        if (ec == std::errc::result_out_of_range) fail_field(fmt::format("\"{}\" is out of range", token));
        if (negative && value != 0) fail_field(fmt::format("negative number {} is not allowed", token));
        return static_cast<std::uint64_t>(value);
    }

    std::string_view spec_;
    const Bounds& bounds_;
    std::string_view text_;
};

std::uint64_t all_of(std::size_t field) {
    std::uint64_t bits = 0;
    for (unsigned v = kBounds[field].min; v <= kBounds[field].max; ++v) bits |= std::uint64_t{1} << v;
    return bits | kStarBit;
}

cctz::time_zone load_zone(std::string_view spec, std::string_view name) {
    cctz::time_zone zone;
    if (!try_load_location(name, zone)) fail(spec, fmt::format("unknown time zone \"{}\"", name));
    return zone;
}

}  // namespace

bool try_load_location(std::string_view name, cctz::time_zone& zone) {
    // Go's time.LoadLocation: "" and "UTC" are UTC, "Local" the process zone; paths are refused so that a spec
    // cannot name an arbitrary file.
    if (name.empty() || name == "UTC") {
        zone = cctz::utc_time_zone();
        return true;
    }
    if (name == "Local") {
        zone = cctz::local_time_zone();
        return true;
    }
    const bool path_like = name.front() == '/' || name.front() == '\\' || name.find("..") != std::string_view::npos ||
                           name.starts_with("Fixed/");
    return !path_like && cctz::load_time_zone(std::string(name), &zone);
}

CronSchedule CronSchedule::parse(std::string_view spec, const cctz::time_zone& default_zone) {
    if (spec.empty()) fail(spec, "empty spec");

    std::string_view rest = spec;
    cctz::time_zone zone = default_zone;
    if (rest.starts_with("TZ=") || rest.starts_with("CRON_TZ=")) {
        const auto space = rest.find(' ');
        if (space == std::string_view::npos)
            fail(spec, "a time zone prefix must be followed by a space and a schedule");
        const auto equals = rest.find('=');
        zone = load_zone(spec, rest.substr(equals + 1, space - equals - 1));
        rest = trim(rest.substr(space));
    }

    CronSchedule schedule(std::string(spec), zone);
    auto& bits = schedule.bits_;
    constexpr std::uint64_t kFirst = 1;   // bit 0: minute 0 or hour 0
    constexpr std::uint64_t kSecond = 2;  // bit 1: day 1 or January

    if (rest.starts_with('@')) {
        // Descriptors match exactly (case-sensitive), as in robfig.
        if (rest == "@yearly" || rest == "@annually") {
            bits = {kFirst, kFirst, kSecond, kSecond, all_of(kDayOfWeek)};
        } else if (rest == "@monthly") {
            bits = {kFirst, kFirst, kSecond, all_of(kMonth), all_of(kDayOfWeek)};
        } else if (rest == "@weekly") {
            bits = {kFirst, kFirst, all_of(kDayOfMonth), all_of(kMonth), kFirst};
        } else if (rest == "@daily" || rest == "@midnight") {
            bits = {kFirst, kFirst, all_of(kDayOfMonth), all_of(kMonth), all_of(kDayOfWeek)};
        } else if (rest == "@hourly") {
            bits = {kFirst, all_of(kHour), all_of(kDayOfMonth), all_of(kMonth), all_of(kDayOfWeek)};
        } else if (rest.starts_with("@every ")) {
            std::chrono::nanoseconds delay{};
            try {
                delay = util::parse_go_duration(rest.substr(7));
            } catch (const Error& e) {
                fail(spec, e.what());
            }
            // Whole seconds only, at least one, as robfig's Every.
            schedule.every_ = delay < 1s ? 1s : std::chrono::floor<std::chrono::seconds>(delay);
        } else {
            fail(spec, fmt::format("unknown descriptor \"{}\"", rest));
        }
        return schedule;
    }

    const auto fields = split_whitespace(rest);
    if (fields.size() != kFieldCount) {
        fail(spec, fmt::format("expected exactly 5 fields (minute hour day-of-month month day-of-week), found {}",
                               fields.size()));
    }
    for (std::size_t i = 0; i < kFieldCount; ++i) bits[i] = FieldParser(spec, kBounds[i], fields[i]).parse();
    return schedule;
}

std::chrono::system_clock::time_point CronSchedule::next(std::chrono::system_clock::time_point after) const {
    if (every_ > 0s) return std::chrono::floor<std::chrono::seconds>(after) + every_;
    return next_by_fields(after);
}

std::chrono::system_clock::time_point CronSchedule::next_by_fields(std::chrono::system_clock::time_point after) const {
    const auto civil = [this](Instant t) { return cctz::convert(t, zone_); };

    // Go's time.Date: read the civil time as UTC, take the offset in effect there, and if the resulting instant
    // lies outside that offset's period take the offset at the resulting instant instead. Around a transition
    // this picks one side without looking at both, which decides where skipped and repeated civil times land.
    const auto go_date = [this](const cctz::civil_second& cs) {
        const Instant as_utc = Instant{} + cctz::seconds(cs - cctz::civil_second(1970, 1, 1, 0, 0, 0));
        const auto guess = zone_.lookup(as_utc).offset;
        return as_utc - cctz::seconds(zone_.lookup(as_utc - cctz::seconds(guess)).offset);
    };
    // Go's Time.AddDate: civil arithmetic with overflow normalised (Feb 31 -> Mar 3), then time.Date.
    const auto add_date = [&](Instant t, int months, int days) {
        const auto cs = civil(t);
        return go_date(
            cctz::civil_second(cs.year(), cs.month() + months, cs.day() + days, cs.hour(), cs.minute(), cs.second()));
    };
    const auto has = [this](Field field, int value) { return ((bits_[field] >> value) & 1) != 0; };
    const auto day_matches = [&](const cctz::civil_second& cs) {
        const int weekday = (static_cast<int>(cctz::get_weekday(cctz::civil_day(cs))) + 1) % 7;  // Sunday = 0
        const bool dom = has(kDayOfMonth, cs.day());
        const bool dow = has(kDayOfWeek, weekday);
        if (((bits_[kDayOfMonth] | bits_[kDayOfWeek]) & kStarBit) != 0) return dom && dow;
        return dom || dow;
    };

    Instant t = std::chrono::floor<std::chrono::seconds>(after) + 1s;
    const auto year_limit = civil(t).year() + 5;
    bool added = false;  // once a field moved, lower fields restart from their minimum

    // Each `continue` is a wrap-around: a field overflowed into a higher one, so everything is checked again.
    for (;;) {
        auto cs = civil(t);
        if (cs.year() > year_limit) return {};

        bool wrapped = false;
        while (!wrapped && !has(kMonth, cs.month())) {
            if (!added) {
                added = true;
                t = go_date(cctz::civil_second(cs.year(), cs.month(), 1, 0, 0, 0));
            }
            t = add_date(t, 1, 0);
            cs = civil(t);
            wrapped = cs.month() == 1;
        }
        if (wrapped) continue;

        while (!wrapped && !day_matches(cs)) {
            if (!added) {
                added = true;
                t = go_date(cctz::civil_second(cs.year(), cs.month(), cs.day(), 0, 0, 0));
            }
            t = add_date(t, 0, 1);
            cs = civil(t);
            // Where DST moved midnight, step back onto it (or forward to the next one) as robfig does.
            if (cs.hour() != 0) {
                t += cs.hour() > 12 ? std::chrono::hours(24 - cs.hour()) : -std::chrono::hours(cs.hour());
                cs = civil(t);
            }
            wrapped = cs.day() == 1;
        }
        if (wrapped) continue;

        while (!wrapped && !has(kHour, cs.hour())) {
            if (!added) {
                added = true;
                t = go_date(cctz::civil_second(cs.year(), cs.month(), cs.day(), cs.hour(), 0, 0));
            }
            t += 1h;  // absolute hours: a repeated hour is visited twice, a skipped one never
            cs = civil(t);
            wrapped = cs.hour() == 0;
        }
        if (wrapped) continue;

        while (!wrapped && !has(kMinute, cs.minute())) {
            if (!added) {
                added = true;
                t = std::chrono::floor<std::chrono::minutes>(t);
            }
            t += 1min;
            cs = civil(t);
            wrapped = cs.minute() == 0;
        }
        if (wrapped) continue;

        // The seconds field of the standard parser is always 0.
        while (!wrapped && cs.second() != 0) {
            added = true;
            t += 1s;
            cs = civil(t);
            wrapped = cs.second() == 0;
        }
        if (wrapped) continue;

        return t;
    }
}

}  // namespace asynq::scheduler
