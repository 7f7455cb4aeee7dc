#include "cli/table.h"

#include <fmt/format.h>
#include <time.h>

#include <algorithm>
#include <ctime>
#include <iostream>

#include "util/go_duration.h"
#include "util/text.h"
#include "util/time_format.h"

namespace asynq::cli {
std::size_t display_width(std::string_view text) {
    if (!util::is_valid_utf8(text)) return text.size();
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

namespace {

// Decodes one code point of valid UTF-8 at text[at], advancing at.
char32_t next_code_point(std::string_view text, std::size_t& at) {
    const auto lead = static_cast<unsigned char>(text[at]);
    int length = 1;
    char32_t value = lead;
    if (lead >= 0xF0) {
        length = 4;
        value = lead & 0x07;
    } else if (lead >= 0xE0) {
        length = 3;
        value = lead & 0x0F;
    } else if (lead >= 0xC0) {
        length = 2;
        value = lead & 0x1F;
    }
    for (int i = 1; i < length; ++i) value = (value << 6) | (static_cast<unsigned char>(text[at + i]) & 0x3F);
    at += static_cast<std::size_t>(length);
    return value;
}

bool is_space(char32_t c) {
    return c == U' ' || (c >= U'\t' && c <= U'\r') || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

// Go's unicode.IsGraphic, approximated: everything but control characters (C0, DEL, C1) and the Unicode spaces
// other than U+0020.
bool is_graphic(char32_t c) {
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) return false;
    return c == U' ' || !is_space(c);
}

std::string rounded(std::chrono::nanoseconds d) {
    return util::format_go_duration(std::chrono::round<std::chrono::seconds>(d));
}

}  // namespace

std::string format_table(const std::vector<std::string>& headers, const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::size_t> widths(headers.size());
    for (std::size_t i = 0; i < headers.size(); ++i) widths[i] = display_width(headers[i]);
    for (const auto& row : rows) {
        for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) {
            widths[i] = std::max(widths[i], display_width(row[i]));
        }
    }
    std::string out;
    const auto add_line = [&](const std::vector<std::string>& cells) {
        std::string line;
        for (std::size_t i = 0; i < widths.size(); ++i) {
            const std::string cell = i < cells.size() ? cells[i] : std::string();
            line += cell;
            if (i + 1 < widths.size()) line.append(widths[i] - display_width(cell) + 2, ' ');
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out += line;
        out += '\n';
    };
    add_line(headers);
    std::vector<std::string> dashes;
    for (const auto& header : headers) dashes.emplace_back(display_width(header), '-');
    add_line(dashes);
    for (const auto& row : rows) add_line(row);
    return out;
}

std::string printable_bytes(std::string_view bytes) {
    constexpr const char* kNonPrintable = "non-printable bytes";
    if (!util::is_valid_utf8(bytes)) return kNonPrintable;
    bool all_space = true;
    for (std::size_t at = 0; at < bytes.size();) {
        const char32_t c = next_code_point(bytes, at);
        if (!is_graphic(c)) return kNonPrintable;
        if (!is_space(c)) all_space = false;
    }
    return all_space ? kNonPrintable : std::string(bytes);
}

std::string error_rate(std::int64_t processed, std::int64_t failed) {
    if (processed == 0) return "N/A";
    return fmt::format("{:.2f}%", static_cast<double>(failed) / static_cast<double>(processed) * 100.0);
}

std::string format_date(std::chrono::sys_days date) {
    const std::chrono::year_month_day ymd{date};
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                       static_cast<unsigned>(ymd.day()));
}

std::string format_until(std::chrono::system_clock::time_point when, std::chrono::system_clock::time_point now) {
    if (when <= now) return "right now";
    return "in " + rounded(when - now);
}

std::string format_ago(std::chrono::system_clock::time_point when, std::chrono::system_clock::time_point now) {
    return rounded(now - when) + " ago";
}

std::string format_unix_date(std::chrono::system_clock::time_point when) {
    if (when.time_since_epoch().count() == 0) return "";
    const std::time_t seconds = std::chrono::system_clock::to_time_t(std::chrono::floor<std::chrono::seconds>(when));
    std::tm local{};
    if (::localtime_r(&seconds, &local) == nullptr) return util::format_rfc3339(when);
    char text[64];
    const std::size_t size = std::strftime(text, sizeof text, "%a %b %e %H:%M:%S %Z %Y", &local);
    return std::string(text, size);
}

std::string format_next_process_at(std::chrono::system_clock::time_point when,
                                   std::chrono::system_clock::time_point now) {
    if (when.time_since_epoch().count() == 0) return "n/a";
    if (when < now) return "now";
    return format_unix_date(when) + " (in " + rounded(when - now) + ")";
}

nlohmann::ordered_json time_or_null_json(std::chrono::system_clock::time_point time) {
    if (time.time_since_epoch().count() == 0) return nullptr;
    return util::format_rfc3339(time);
}

void put_bytes_json(nlohmann::ordered_json& object, const std::string& key, std::string_view bytes) {
    if (util::is_valid_utf8(bytes)) {
        object[key] = bytes;
    } else {
        object[key] = util::base64_encode(bytes);
        object[key + "_encoding"] = "base64";
    }
}

void print_json(const nlohmann::ordered_json& json) {
    std::cout << json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

std::string fit_width(std::string_view text, std::size_t width) {
    if (display_width(text) <= width) return std::string(text);
    if (width == 0) return {};
    std::string out;
    if (!util::is_valid_utf8(text)) {
        out = std::string(text.substr(0, width - 1));
    } else {
        std::size_t at = 0;
        for (std::size_t kept = 0; kept + 1 < width; ++kept) {
            const std::size_t start = at;
            next_code_point(text, at);
            out.append(text.substr(start, at - start));
        }
    }
    return out + "~";
}

std::string byte_count(std::int64_t bytes) {
    constexpr std::int64_t kUnit = 1000;
    if (bytes < kUnit) return fmt::format("{} B", bytes);
    std::int64_t divisor = kUnit;
    int exponent = 0;
    for (std::int64_t n = bytes / kUnit; n >= kUnit; n /= kUnit) {
        divisor *= kUnit;
        ++exponent;
    }
    return fmt::format("{:.1f} {}B", static_cast<double>(bytes) / static_cast<double>(divisor), "kMGTPE"[exponent]);
}

std::string rounded_duration(std::chrono::nanoseconds duration) { return rounded(duration); }

std::string format_server_queues(const std::map<std::string, int>& queues) {
    std::vector<std::pair<std::string, int>> sorted(queues.begin(), queues.end());
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::string out;
    for (const auto& [name, priority] : sorted) {
        if (!out.empty()) out += ", ";
        out += name + ":" + std::to_string(priority);
    }
    return out;
}

}  // namespace asynq::cli
