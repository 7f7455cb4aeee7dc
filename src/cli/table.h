#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

// Text and JSON pieces shared by the read commands (stats, queue, task, group, server, cron), so that every
// command prints a figure the same way Go's CLI does.
namespace asynq::cli {

/// A table as Go's CLI prints it (text/tabwriter, padding 2): a header line, a line of dashes as long as each
/// header, then the rows; every column is as wide as its widest cell plus two spaces. Unlike Go's, lines carry no
/// trailing spaces. Widths count UTF-8 code points, as tabwriter counts runes. Rows shorter than the header are
/// padded with empty cells.
std::string format_table(const std::vector<std::string>& headers, const std::vector<std::vector<std::string>>& rows);

/// Columns a text takes in a terminal: its code points if it is valid UTF-8, else its bytes.
std::size_t display_width(std::string_view text);

/// The text cut to at most `width` columns; a cut text ends in `~` so that it is not taken for the whole value.
std::string fit_width(std::string_view text, std::size_t width);

/// Bytes in decimal units as Go's dashboard shows memory: `512 B`, `1.5 kB`, `2.0 MB`.
std::string byte_count(std::int64_t bytes);

/// A duration rounded to the second in Go's notation: `0s`, `1m5s`, `3h0m0s`.
std::string rounded_duration(std::chrono::nanoseconds duration);

/// A server's queues as Go's CLI lists them: `critical:6, default:3, low:1`, priority descending, then name.
std::string format_server_queues(const std::map<std::string, int>& queues);

/// Payloads and results as Go's CLI shows them (sprintBytes): the text itself if it is valid UTF-8, made of
/// printable characters (spaces included, control characters such as newline or tab not) and not all
/// whitespace; otherwise `non-printable bytes`.
std::string printable_bytes(std::string_view bytes);

/// Failed / processed as a percentage with two decimals (`40.00%`), or `N/A` when nothing was processed.
std::string error_rate(std::int64_t processed, std::int64_t failed);

/// `2026-11-25`: the UTC date of a time.
std::string format_date(std::chrono::sys_days date);

/// A time to come relative to now, as Go's CLI: `in 1h0m0s` (rounded to the second), or `right now` when it is
/// not in the future.
std::string format_until(std::chrono::system_clock::time_point when, std::chrono::system_clock::time_point now);

/// A past time relative to now: `1m5s ago` (rounded to the second).
std::string format_ago(std::chrono::system_clock::time_point when, std::chrono::system_clock::time_point now);

/// A time as Go's CLI prints an absolute one (time.UnixDate in the local time zone, as TZ says):
/// `Wed Nov 25 10:29:42 UTC 2026`, the day padded with a space; empty for the epoch (the API's "unset").
std::string format_unix_date(std::chrono::system_clock::time_point when);

/// A task's next process time as `asynq task inspect` prints it in Go: `n/a` for the epoch (unset), `now` when it
/// is before now, else `<format_unix_date> (in 59m52s)`.
std::string format_next_process_at(std::chrono::system_clock::time_point when,
                                   std::chrono::system_clock::time_point now);

/// RFC 3339 UTC time (fraction only when there is one), or null for the epoch (the API's "unset").
nlohmann::ordered_json time_or_null_json(std::chrono::system_clock::time_point time);

/// Bytes under `key` as in task_info_json.h: text if valid UTF-8, else base64 with a `<key>_encoding` sibling.
void put_bytes_json(nlohmann::ordered_json& object, const std::string& key, std::string_view bytes);

/// Prints JSON on stdout with two-space indentation and a final newline; invalid UTF-8 is replaced.
void print_json(const nlohmann::ordered_json& json);

}  // namespace asynq::cli
