#include "cli/command_handler.h"

#include <fmt/format.h>
#include <string.h>  // sigabbrev_np

#include <algorithm>
#include <stdexcept>
#include <string_view>

#include "asynq/task_errors.h"
#include "util/logger.h"
#include "util/text.h"

extern char** environ;

namespace asynq::cli {
namespace {

constexpr std::string_view kWhitespace = " \t\r\n";

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(kWhitespace);
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(kWhitespace) - first + 1);
}

// The kept end of stderr, starting at a line boundary when its beginning was dropped (unless that leaves
// nothing), trimmed, as valid UTF-8.
std::string stderr_tail(const CommandOutcome& outcome) {
    std::string_view tail = trim(outcome.err_tail);
    if (outcome.err_dropped > 0) {
        const auto newline = tail.find('\n');
        if (newline != std::string_view::npos) {
            const std::string_view whole_lines = trim(tail.substr(newline + 1));
            if (!whole_lines.empty()) tail = whole_lines;
        }
    }
    return util::replace_invalid_utf8(tail);
}

std::string signal_description(int signal) {
    const char* abbreviation = ::sigabbrev_np(signal);  // thread-safe, unlike strsignal
    return abbreviation != nullptr ? fmt::format("signal {} (SIG{})", signal, abbreviation)
                                   : fmt::format("signal {}", signal);
}

// What the handler throws once a stopped command is gone. The processor has already recorded the outcome (with
// these same texts, Go's), so this mostly matters for logs.
[[noreturn]] void throw_stopped(StopReason reason) {
    switch (reason) {
        case StopReason::kDeadline:
            throw DeadlineExceeded();
        case StopReason::kCanceled:
            throw TaskCanceled();
        case StopReason::kLeaseExpired:
            throw LeaseExpired();
        case StopReason::kShutdown:
        case StopReason::kNone:
            break;
    }
    throw std::runtime_error("server shutdown: command stopped");
}

std::string_view describe(StopReason reason) {
    switch (reason) {
        case StopReason::kDeadline:
            return "deadline";
        case StopReason::kCanceled:
            return "cancellation";
        case StopReason::kLeaseExpired:
            return "lease lost";
        case StopReason::kShutdown:
            return "shutdown";
        case StopReason::kNone:
            break;
    }
    return "stop";
}

}  // namespace

const std::vector<std::string>& task_environment_names() {
    static const std::vector<std::string> names{"ASYNQ_TASK_ID", "ASYNQ_TASK_TYPE", "ASYNQ_QUEUE", "ASYNQ_RETRY_COUNT",
                                                "ASYNQ_MAX_RETRY"};
    return names;
}

std::vector<std::string> inherited_environment() {
    const auto& task_names = task_environment_names();
    std::vector<std::string> environment;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        const std::string_view text(*entry);
        const std::string_view name = text.substr(0, text.find('='));
        if (std::find(task_names.begin(), task_names.end(), name) == task_names.end()) environment.emplace_back(text);
    }
    return environment;
}

std::string failure_message(const CommandOutcome& outcome) {
    const std::string tail = stderr_tail(outcome);
    if (outcome.ending == CommandOutcome::Ending::kExited) {
        return tail.empty() ? fmt::format("command exited with status {}", outcome.status)
                            : fmt::format("exit status {}: {}", outcome.status, tail);
    }
    const std::string signal = signal_description(outcome.status);
    return tail.empty() ? fmt::format("command killed by {}", signal) : fmt::format("killed by {}: {}", signal, tail);
}

HandlerFunc make_command_handler(CommandHandlerOptions options) {
    // Shared by every copy of the handler; immutable, so worker threads read it without locks.
    auto shared = std::make_shared<const CommandHandlerOptions>(std::move(options));
    return [shared](TaskContext& context, const Task& task) {
        const CommandHandlerOptions& options = *shared;
        CommandSpec spec{.command = options.command,
                         .environment = options.environment,
                         .input = task.payload(),
                         .stdout_limit = options.stdout_limit,
                         .stderr_limit = options.stderr_limit,
                         .kill_grace = options.kill_grace};
        spec.environment.push_back("ASYNQ_TASK_ID=" + context.task_id());
        spec.environment.push_back("ASYNQ_TASK_TYPE=" + task.type());
        spec.environment.push_back("ASYNQ_QUEUE=" + context.queue());
        spec.environment.push_back(fmt::format("ASYNQ_RETRY_COUNT={}", context.retry_count()));
        spec.environment.push_back(fmt::format("ASYNQ_MAX_RETRY={}", context.max_retry()));

        const CommandOutcome outcome = run_command(spec, context.stop_token());

        if (context.stop_requested()) {
            const StopReason reason = context.stop_reason();
            if (options.logger && outcome.stopped) {
                options.logger->debug("task {}: command stopped on {}, then {}", context.task_id(), describe(reason),
                                      failure_message(outcome));
            }
            throw_stopped(reason);
        }
        if (!outcome.succeeded()) throw std::runtime_error(failure_message(outcome));
        if (options.logger && outcome.out_dropped > 0) {
            options.logger->debug("task {}: result cut to the first {} bytes of stdout ({} more dropped)",
                                  context.task_id(), options.stdout_limit, outcome.out_dropped);
        }
        if (!outcome.out.empty()) context.result_writer().write(outcome.out);
    };
}

}  // namespace asynq::cli
