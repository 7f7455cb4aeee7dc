#include "util/time_format.h"

#include <fmt/format.h>

#include <cstdint>
#include <limits>

#include "asynq/errors.h"

namespace asynq::util {
namespace {

using std::chrono::system_clock;

[[noreturn]] void fail(std::string_view text) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("invalid time \"{}\": expected RFC 3339, e.g. 2026-11-25T10:00:00Z", text));
}

// A cursor over the input that fails the whole parse on the first mismatch.
class Reader {
public:
    explicit Reader(std::string_view text) : text_(text) {}

    int digits(std::size_t count) {
        if (pos_ + count > text_.size()) fail(text_);
        int value = 0;
        for (std::size_t i = 0; i < count; ++i) {
            const char c = text_[pos_ + i];
            if (c < '0' || c > '9') fail(text_);
            value = value * 10 + (c - '0');
        }
        pos_ += count;
        return value;
    }
    void expect(char lower, char upper) {
        if (pos_ >= text_.size() || (text_[pos_] != lower && text_[pos_] != upper)) fail(text_);
        ++pos_;
    }
    void expect(char c) { expect(c, c); }
    bool peek_is(char c) const { return pos_ < text_.size() && text_[pos_] == c; }
    bool peek_is_digit() const { return pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9'; }
    char next() {
        if (pos_ >= text_.size()) fail(text_);
        return text_[pos_++];
    }
    bool at_end() const { return pos_ == text_.size(); }

private:
    std::string_view text_;
    std::size_t pos_ = 0;
};

void check_range(std::string_view text, int value, int low, int high) {
    if (value < low || value > high) fail(text);
}

}  // namespace

system_clock::time_point parse_rfc3339(std::string_view text) {
    Reader in(text);
    const int year = in.digits(4);
    in.expect('-');
    const int month = in.digits(2);
    in.expect('-');
    const int day = in.digits(2);
    in.expect('t', 'T');
    const int hour = in.digits(2);
    in.expect(':');
    const int minute = in.digits(2);
    in.expect(':');
    const int second = in.digits(2);

    std::int64_t nanos = 0;
    if (in.peek_is('.')) {
        in.next();
        if (!in.peek_is_digit()) fail(text);
        int count = 0;
        while (in.peek_is_digit()) {
            const int digit = in.digits(1);
            if (count++ < 9) nanos = nanos * 10 + digit;
        }
        for (; count < 9; ++count) nanos *= 10;
    }

    int offset_minutes = 0;
    const char zone = in.next();
    if (zone == 'Z' || zone == 'z') {
        // UTC
    } else if (zone == '+' || zone == '-') {
        const int offset_hours = in.digits(2);
        in.expect(':');
        const int offset_mins = in.digits(2);
        check_range(text, offset_hours, 0, 23);
        check_range(text, offset_mins, 0, 59);
        offset_minutes = (offset_hours * 60 + offset_mins) * (zone == '-' ? -1 : 1);
    } else {
        fail(text);
    }
    if (!in.at_end()) fail(text);

    const std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                                           std::chrono::day{static_cast<unsigned>(day)}};
    if (!date.ok()) fail(text);
    check_range(text, hour, 0, 23);
    check_range(text, minute, 0, 59);
    check_range(text, second, 0, 59);

    // Whole seconds since the epoch in 64 bits first: system_clock counts nanoseconds in int64, which only
    // reaches the years 1677..2262, so the range check must happen before converting.
    const std::int64_t days = std::chrono::sys_days{date}.time_since_epoch().count();
    const std::int64_t seconds = days * 86'400 + std::int64_t{hour} * 3'600 + std::int64_t{minute} * 60 + second -
                                 std::int64_t{offset_minutes} * 60;
    using Rep = system_clock::duration::rep;
    constexpr std::int64_t kTicksPerSecond =
        std::chrono::duration_cast<system_clock::duration>(std::chrono::seconds{1}).count();
    constexpr Rep kMax = std::numeric_limits<Rep>::max();
    constexpr Rep kMin = std::numeric_limits<Rep>::min();
    if (seconds > kMax / kTicksPerSecond || seconds < kMin / kTicksPerSecond) fail(text);
    // Only the last second before the limit can overflow when the fraction is added.
    const Rep fraction_ticks =
        std::chrono::duration_cast<system_clock::duration>(std::chrono::nanoseconds{nanos}).count();
    if (seconds == kMax / kTicksPerSecond && fraction_ticks > kMax % kTicksPerSecond) fail(text);
    return system_clock::time_point{system_clock::duration{seconds * kTicksPerSecond + fraction_ticks}};
}

namespace {

std::string format_date_time(std::chrono::sys_seconds seconds) {
    const auto days = std::chrono::floor<std::chrono::days>(seconds);
    const std::chrono::year_month_day date{days};
    const std::chrono::hh_mm_ss time{seconds - days};
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", static_cast<int>(date.year()),
                       static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()), time.hours().count(),
                       time.minutes().count(), time.seconds().count());
}

}  // namespace

std::string format_rfc3339(system_clock::time_point time) {
    const auto seconds = std::chrono::floor<std::chrono::seconds>(time);
    auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(time - seconds).count();
    std::string out = format_date_time(seconds);
    if (nanos != 0) {
        std::string fraction = fmt::format("{:09}", nanos);
        fraction.erase(fraction.find_last_not_of('0') + 1);
        out += '.';
        out += fraction;
    }
    out += 'Z';
    return out;
}

std::string format_rfc3339_seconds(system_clock::time_point time) {
    // floor, not truncation toward zero: Go truncates instants, and 1969-12-31T23:59:59.5Z is in second 59.
    return format_date_time(std::chrono::floor<std::chrono::seconds>(time)) + 'Z';
}

}  // namespace asynq::util
