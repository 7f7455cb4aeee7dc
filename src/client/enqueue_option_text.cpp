#include "client/enqueue_option_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <string>

#include "asynq/errors.h"
#include "util/go_duration.h"
#include "util/time_format.h"

namespace asynq::client {
namespace {

constexpr std::array<std::string_view, 10> kNames = {"queue",      "max-retry",  "timeout", "deadline",  "unique",
                                                     "process-in", "process-at", "id",      "retention", "group"};

[[noreturn]] void fail(std::string_view label, std::string_view problem) {
    throw Error(ErrorCode::kInvalidArgument, fmt::format("{}: {}", label, problem));
}

std::chrono::nanoseconds duration(std::string_view label, std::string_view text) {
    try {
        return util::parse_go_duration(text);
    } catch (const Error& e) {
        fail(label, e.what());
    }
}

std::chrono::system_clock::time_point time(std::string_view label, std::string_view text) {
    try {
        return util::parse_rfc3339(text);
    } catch (const Error& e) {
        fail(label, e.what());
    }
}

int non_negative_integer(std::string_view label, std::string_view text) {
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || value < 0) {
        fail(label, fmt::format("must be an integer >= 0, got \"{}\"", text));
    }
    return value;
}

}  // namespace

std::span<const std::string_view> enqueue_option_names() noexcept { return kNames; }

bool is_enqueue_option_name(std::string_view name) noexcept {
    return std::find(kNames.begin(), kNames.end(), name) != kNames.end();
}

void set_enqueue_option(EnqueueOptions& options, std::string_view name, std::string_view text, std::string_view label) {
    if (name == "queue") {
        options.queue = std::string(text);
    } else if (name == "max-retry") {
        options.max_retry = non_negative_integer(label, text);
    } else if (name == "timeout") {
        options.timeout = duration(label, text);
    } else if (name == "deadline") {
        options.deadline = time(label, text);
    } else if (name == "unique") {
        options.unique_ttl = duration(label, text);
    } else if (name == "process-in") {
        options.process_in = duration(label, text);
    } else if (name == "process-at") {
        options.process_at = time(label, text);
    } else if (name == "id") {
        options.task_id = std::string(text);
    } else if (name == "retention") {
        options.retention = duration(label, text);
    } else if (name == "group") {
        options.group = std::string(text);
    } else {
        fail(label, fmt::format("unknown enqueue option \"{}\"", name));
    }
}

}  // namespace asynq::client
