#include "util/go_duration.h"

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <limits>
#include <tuple>
#include <utility>

#include "asynq/errors.h"

namespace asynq::util {
namespace {

// Go accumulates in uint64 and allows exactly 2^63 so that the most negative duration can be written.
constexpr std::uint64_t kMagnitudeLimit = std::uint64_t{1} << 63;

struct Unit {
    std::string_view name;
    std::uint64_t nanoseconds;
};

constexpr std::array<Unit, 8> kUnits{{
    {"ns", 1},
    {"us", 1'000},
    {"\u00b5s", 1'000},  // µ micro sign
    {"\u03bcs", 1'000},  // μ Greek small letter mu
    {"ms", 1'000'000},
    {"s", 1'000'000'000},
    {"m", 60'000'000'000},
    {"h", 3'600'000'000'000},
}};

// Go's strconv.Quote would escape non-printable runes; escaping quotes, backslashes and control bytes is enough
// to keep our one-line error messages unambiguous.
std::string quote(std::string_view text) {
    std::string out = "\"";
    for (unsigned char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20 || c == 0x7f) {
            out += fmt::format("\\x{:02x}", c);
        } else {
            out += static_cast<char>(c);
        }
    }
    return out + "\"";
}

[[noreturn]] void fail(std::string_view original, std::string_view reason) {
    std::string message = "invalid duration " + quote(original);
    if (!reason.empty()) message += fmt::format(": {}", reason);
    throw Error(ErrorCode::kInvalidArgument, message);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::chrono::nanoseconds parse_go_duration(std::string_view text) {
    const std::string_view original = text;
    bool negative = false;
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    if (text == "0") return std::chrono::nanoseconds{0};
    if (text.empty()) fail(original, original.empty() ? "empty" : "");

    std::uint64_t total = 0;
    while (!text.empty()) {
        if (!(text.front() == '.' || is_digit(text.front()))) fail(original, "expected a number");

        // Integer part, [0-9]*.
        std::uint64_t whole = 0;
        std::size_t i = 0;
        for (; i < text.size() && is_digit(text[i]); ++i) {
            if (whole > kMagnitudeLimit / 10) fail(original, "out of range");
            whole = whole * 10 + static_cast<std::uint64_t>(text[i] - '0');
            if (whole > kMagnitudeLimit) fail(original, "out of range");
        }
        const bool has_whole = i > 0;
        text.remove_prefix(i);

        // Fraction, (\.[0-9]*)?. Like Go, digits beyond uint64 precision are consumed but ignored.
        std::uint64_t fraction = 0;
        double scale = 1;
        bool has_fraction = false;
        if (!text.empty() && text.front() == '.') {
            text.remove_prefix(1);
            bool saturated = false;
            std::size_t j = 0;
            for (; j < text.size() && is_digit(text[j]); ++j) {
                if (saturated) continue;
                if (fraction > (kMagnitudeLimit - 1) / 10) {
                    saturated = true;
                    continue;
                }
                const std::uint64_t next = fraction * 10 + static_cast<std::uint64_t>(text[j] - '0');
                if (next > kMagnitudeLimit) {
                    saturated = true;
                    continue;
                }
                fraction = next;
                scale *= 10;
            }
            has_fraction = j > 0;
            text.remove_prefix(j);
        }
        if (!has_whole && !has_fraction) fail(original, "expected a number");

        // Unit: everything up to the next number.
        std::size_t unit_length = 0;
        while (unit_length < text.size() && text[unit_length] != '.' && !is_digit(text[unit_length])) ++unit_length;
        if (unit_length == 0) fail(original, "missing unit (one of ns, us, ms, s, m, h)");
        const std::string_view unit_name = text.substr(0, unit_length);
        text.remove_prefix(unit_length);
        const Unit* unit = nullptr;
        for (const Unit& candidate : kUnits) {
            if (candidate.name == unit_name) unit = &candidate;
        }
        if (unit == nullptr) fail(original, "unknown unit " + quote(unit_name));

        if (whole > kMagnitudeLimit / unit->nanoseconds) fail(original, "out of range");
        std::uint64_t term = whole * unit->nanoseconds;
        if (fraction > 0) {
            // Go uses float64 here too: fraction * unit / scale is at most 3.6e12 (one hour in ns), which a
            // double holds exactly enough to be nanosecond accurate; matching Go's rounding matters more.
            term += static_cast<std::uint64_t>(static_cast<double>(fraction) *
                                               (static_cast<double>(unit->nanoseconds) / scale));
            if (term > kMagnitudeLimit) fail(original, "out of range");
        }
        total += term;
        if (total > kMagnitudeLimit) fail(original, "out of range");
    }
    if (negative) {
        // total <= 2^63; negate in unsigned arithmetic so that -2^63 does not overflow.
        return std::chrono::nanoseconds{static_cast<std::int64_t>(~total + 1)};
    }
    if (total > kMagnitudeLimit - 1) fail(original, "out of range");
    return std::chrono::nanoseconds{static_cast<std::int64_t>(total)};
}

namespace {

// Writes the low `precision` decimal digits of `value` as a fraction without trailing zeros (and without the
// point if they are all zero), right to left into buf ending at `end`. Returns the new start and value / 10^prec.
std::pair<std::size_t, std::uint64_t> write_fraction(char* buf, std::size_t end, std::uint64_t value, int precision) {
    bool print = false;
    for (int i = 0; i < precision; ++i) {
        const auto digit = static_cast<char>(value % 10);
        print = print || digit != 0;
        if (print) buf[--end] = static_cast<char>('0' + digit);
        value /= 10;
    }
    if (print) buf[--end] = '.';
    return {end, value};
}

std::size_t write_integer(char* buf, std::size_t end, std::uint64_t value) {
    if (value == 0) {
        buf[--end] = '0';
        return end;
    }
    while (value > 0) {
        buf[--end] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
    return end;
}

}  // namespace

// A transcription of Go's Duration.format: the string is built right to left.
std::string format_go_duration(std::chrono::nanoseconds duration) {
    std::array<char, 32> buf{};
    std::size_t w = buf.size();
    const bool negative = duration.count() < 0;
    std::uint64_t u = static_cast<std::uint64_t>(duration.count());
    if (negative) u = ~u + 1;  // exact even for the most negative value

    constexpr std::uint64_t kSecond = 1'000'000'000;
    if (u < kSecond) {
        int precision = 0;
        buf[--w] = 's';
        if (u == 0) return "0s";
        if (u < 1'000) {
            precision = 0;
            buf[--w] = 'n';
        } else if (u < 1'000'000) {
            precision = 3;
            buf[--w] = '\xb5';  // U+00B5 micro sign, UTF-8 C2 B5
            buf[--w] = '\xc2';
        } else {
            precision = 6;
            buf[--w] = 'm';
        }
        std::tie(w, u) = write_fraction(buf.data(), w, u, precision);
        w = write_integer(buf.data(), w, u);
    } else {
        buf[--w] = 's';
        std::tie(w, u) = write_fraction(buf.data(), w, u, 9);
        w = write_integer(buf.data(), w, u % 60);  // seconds
        u /= 60;
        if (u > 0) {
            buf[--w] = 'm';
            w = write_integer(buf.data(), w, u % 60);  // minutes
            u /= 60;
            // Go stops at hours because days differ in length.
            if (u > 0) {
                buf[--w] = 'h';
                w = write_integer(buf.data(), w, u);
            }
        }
    }
    if (negative) buf[--w] = '-';
    return std::string(buf.data() + w, buf.size() - w);
}

}  // namespace asynq::util
