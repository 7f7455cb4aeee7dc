#include "cli/flag_parsing.h"

#include <fmt/format.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

#include "asynq/errors.h"
#include "util/go_duration.h"

namespace asynq::cli {
namespace {

[[noreturn]] void fail(std::string_view flag, std::string_view reason) {
    throw Error(ErrorCode::kInvalidArgument, fmt::format("{}: {}", flag, reason));
}

}  // namespace

std::chrono::nanoseconds parse_duration_flag(std::string_view flag, std::string_view text) {
    try {
        return util::parse_go_duration(text);
    } catch (const Error& e) {
        fail(flag, e.what());
    }
}

LogLevel parse_log_level_flag(std::string_view flag, std::string_view text) {
    if (text == "debug") return LogLevel::kDebug;
    if (text == "info") return LogLevel::kInfo;
    if (text == "warn") return LogLevel::kWarn;
    if (text == "error") return LogLevel::kError;
    fail(flag, fmt::format("expected debug, info, warn or error, got \"{}\"", text));
}

std::pair<std::string, std::string> parse_key_value_flag(std::string_view flag, std::string_view text) {
    const auto equals = text.find('=');
    if (equals == std::string_view::npos) fail(flag, fmt::format("expected KEY=VALUE, got \"{}\"", text));
    if (equals == 0) fail(flag, fmt::format("empty key in \"{}\"", text));
    return {std::string(text.substr(0, equals)), std::string(text.substr(equals + 1))};
}

std::pair<std::string, int> parse_queue_flag(std::string_view flag, std::string_view text) {
    const auto equals = text.rfind('=');
    const std::string_view name = text.substr(0, equals);
    if (name.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        fail(flag, fmt::format("empty queue name in \"{}\"", text));
    }
    if (equals == std::string_view::npos) return {std::string(name), 1};
    const std::string_view weight_text = text.substr(equals + 1);
    int weight = 0;
    const auto [end, error] = std::from_chars(weight_text.data(), weight_text.data() + weight_text.size(), weight);
    if (error != std::errc{} || end != weight_text.data() + weight_text.size() || weight <= 0) {
        fail(flag, fmt::format("weight must be a positive integer, got \"{}\" in \"{}\"", weight_text, text));
    }
    return {std::string(name), weight};
}

std::pair<std::string, std::string> parse_handler_flag(std::string_view flag, std::string_view text) {
    const auto equals = text.find('=');
    if (equals == std::string_view::npos) fail(flag, fmt::format("expected PATTERN=COMMAND, got \"{}\"", text));
    if (equals == 0) fail(flag, fmt::format("empty pattern in \"{}\"", text));
    const std::string_view pattern = text.substr(0, equals);
    const std::string_view command = text.substr(equals + 1);
    if (command.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        fail(flag, fmt::format("empty command for pattern \"{}\"", pattern));
    }
    return {std::string(pattern), std::string(command)};
}

std::string read_file_flag(std::string_view flag, const std::string& path, std::istream& standard_input) {
    if (path == "-") {
        std::ostringstream content;
        content << standard_input.rdbuf();
        // An empty stdin makes operator<< set failbit without reading anything; that is an empty payload, not an
        // error. Only a stream that went bad (a read error) is.
        if (standard_input.bad()) fail(flag, "cannot read standard input");
        return std::move(content).str();
    }
    std::ifstream file(path, std::ios::binary);
    if (!file) fail(flag, fmt::format("cannot read \"{}\": {}", path, std::strerror(errno)));
    std::string content{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
    if (file.bad()) fail(flag, fmt::format("cannot read \"{}\"", path));
    return content;
}

CLI::Validator non_negative_integer() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            long long value = 0;
            const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
            if (error != std::errc{} || end != text.data() + text.size()) return {};  // CLI11 reports it
            return value < 0 ? fmt::format("must be >= 0, got {}", text) : std::string{};
        },
        ">= 0");
}

}  // namespace asynq::cli
