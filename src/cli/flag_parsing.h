#pragma once

#include <CLI/CLI.hpp>
#include <chrono>
#include <istream>
#include <string>
#include <string_view>
#include <utility>

#include "asynq/logging.h"

// Turns flag text into typed values. Every error is Error(kInvalidArgument) whose message starts with the flag's
// name ("--timeout: invalid duration ..."), so a user with several flags on the line knows which one to fix.
namespace asynq::cli {

/// A Go duration (`30s`, `1h30m`, `-5m`), see util::parse_go_duration.
std::chrono::nanoseconds parse_duration_flag(std::string_view flag, std::string_view text);

/// `debug`, `info`, `warn` or `error`.
LogLevel parse_log_level_flag(std::string_view flag, std::string_view text);

/// `key=value`, split at the first `=`; `key=` gives an empty value. A missing `=` or an empty key is an error.
std::pair<std::string, std::string> parse_key_value_flag(std::string_view flag, std::string_view text);

/// `NAME[=WEIGHT]` for a queue and its priority (split at the last `=`, so a name may contain one); the weight is
/// 1 when not given and must be a positive integer. An empty or blank name is an error.
std::pair<std::string, int> parse_queue_flag(std::string_view flag, std::string_view text);

/// `PATTERN=COMMAND`, split at the first `=` (commands often contain one). An empty pattern, or a command that is
/// empty or only whitespace, is an error.
std::pair<std::string, std::string> parse_handler_flag(std::string_view flag, std::string_view text);

/// The whole content of a file, byte for byte; `-` reads `standard_input` to its end.
std::string read_file_flag(std::string_view flag, const std::string& path, std::istream& standard_input);

/// A CLI11 validator for integer flags that must not be negative. CLI11 reports its message as
/// "--flag: must be >= 0, got -1"; text that is not an integer is left to CLI11's conversion error.
CLI::Validator non_negative_integer();

}  // namespace asynq::cli
