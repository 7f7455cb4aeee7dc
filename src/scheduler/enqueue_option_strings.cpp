#include "scheduler/enqueue_option_strings.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "util/go_duration.h"

namespace asynq::scheduler {
namespace {

/// Length of the valid UTF-8 sequence starting at text[i], or 0 if it is not one.
std::size_t utf8_length(std::string_view text, std::size_t i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    if (byte >= 0xC2 && byte <= 0xDF) {
        length = 2;
    } else if (byte >= 0xE0 && byte <= 0xEF) {
        length = 3;
    } else if (byte >= 0xF0 && byte <= 0xF4) {
        length = 4;
    } else {
        return 0;
    }
    if (i + length > text.size()) return 0;
    for (std::size_t k = 1; k < length; ++k) {
        if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return 0;
    }
    return length;
}

}  // namespace

std::string go_quote(std::string_view text) {
    std::string out = "\"";
    for (std::size_t i = 0; i < text.size();) {
        const char c = text[i];
        const auto byte = static_cast<unsigned char>(c);
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\a':
                out += "\\a";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\v':
                out += "\\v";
                break;
            default:
                if (byte < 0x20 || byte == 0x7F) {
                    out += fmt::format("\\x{:02x}", byte);
                } else if (byte < 0x80) {
                    out += c;
                } else if (const std::size_t length = utf8_length(text, i); length > 0) {
                    out.append(text.substr(i, length));
                    i += length;
                    continue;
                } else {
                    out += fmt::format("\\x{:02x}", byte);
                }
        }
        ++i;
    }
    return out + "\"";
}

std::string format_unix_date(std::chrono::system_clock::time_point time) {
    const auto seconds = std::chrono::floor<std::chrono::seconds>(time);
    const std::chrono::year_month_day date{std::chrono::floor<std::chrono::days>(seconds)};
    const std::chrono::hh_mm_ss clock{seconds - std::chrono::floor<std::chrono::days>(seconds)};
    static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const std::chrono::weekday weekday{std::chrono::floor<std::chrono::days>(seconds)};
    return fmt::format("{} {} {:>2} {:02}:{:02}:{:02} UTC {}", kDays[weekday.c_encoding()],
                       kMonths[static_cast<unsigned>(date.month()) - 1], static_cast<unsigned>(date.day()),
                       clock.hours().count(), clock.minutes().count(), clock.seconds().count(),
                       static_cast<int>(date.year()));
}

std::vector<std::string> enqueue_option_strings(const EnqueueOptions& options) {
    const EnqueueOptions defaults;
    std::vector<std::string> out;
    if (options.queue != defaults.queue) out.push_back("Queue(" + go_quote(options.queue) + ")");
    if (options.max_retry != defaults.max_retry) out.push_back(fmt::format("MaxRetry({})", options.max_retry));
    if (options.task_id) out.push_back("TaskID(" + go_quote(*options.task_id) + ")");
    if (options.timeout) out.push_back("Timeout(" + util::format_go_duration(*options.timeout) + ")");
    if (options.deadline) out.push_back("Deadline(" + format_unix_date(*options.deadline) + ")");
    if (options.unique_ttl) out.push_back("Unique(" + util::format_go_duration(*options.unique_ttl) + ")");
    if (options.process_at) out.push_back("ProcessAt(" + format_unix_date(*options.process_at) + ")");
    if (options.process_in) out.push_back("ProcessIn(" + util::format_go_duration(*options.process_in) + ")");
    if (options.retention > std::chrono::nanoseconds(0)) {
        out.push_back("Retention(" + util::format_go_duration(options.retention) + ")");
    }
    if (options.group) out.push_back("Group(" + go_quote(*options.group) + ")");
    return out;
}

}  // namespace asynq::scheduler
