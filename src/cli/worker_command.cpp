#include "cli/worker_command.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <iostream>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "asynq/errors.h"
#include "asynq/servemux.h"
#include "asynq/server.h"
#include "cli/command_handler.h"
#include "cli/flag_parsing.h"
#include "util/logger.h"

namespace asynq::cli {
namespace {

using namespace std::chrono_literals;

constexpr std::size_t kStdoutLimit = 1 << 20;  // 1 MiB: the result; docs/worker.md promises this number
constexpr std::size_t kStderrLimit = 2048;     // the end of stderr that goes into the error message

// Flag values exactly as typed; an unset optional means "not given", so that the server's default applies.
struct WorkerFlags {
    std::vector<std::string> queues;
    bool strict = false;
    std::optional<int> concurrency;
    std::vector<std::string> handlers;
    std::optional<std::string> shutdown_timeout;
    std::string kill_grace = "5s";
    std::string log_level = "info";
};

// What the flags mean, checked, before anything touches Redis.
struct WorkerConfig {
    ServerOptions server;
    std::vector<std::pair<std::string, std::string>> handlers;  // pattern, command; in command-line order
    std::chrono::milliseconds kill_grace{};
};

[[noreturn]] void invalid(std::string_view flag, std::string_view problem) {
    throw Error(ErrorCode::kInvalidArgument, fmt::format("{}: {}", flag, problem));
}

WorkerConfig build_config(const WorkerFlags& flags) {
    WorkerConfig config;
    for (const std::string& queue : flags.queues) {
        auto [name, weight] = parse_queue_flag("--queue", queue);
        if (config.server.queues.contains(name)) invalid("--queue", fmt::format("queue \"{}\" given twice", name));
        config.server.queues.emplace(std::move(name), weight);
    }
    config.server.strict_priority = flags.strict;
    if (flags.concurrency) {
        if (*flags.concurrency <= 0) invalid("--concurrency", fmt::format("must be > 0, got {}", *flags.concurrency));
        config.server.concurrency = *flags.concurrency;
    }
    if (flags.shutdown_timeout) {
        const auto timeout = parse_duration_flag("--shutdown-timeout", *flags.shutdown_timeout);
        // The server reads 0 as "the default, 8 s": refuse what would round to it rather than surprise.
        if (timeout < 1ms)
            invalid("--shutdown-timeout", fmt::format("must be at least 1ms, got \"{}\"", *flags.shutdown_timeout));
        config.server.shutdown_timeout = std::chrono::ceil<std::chrono::milliseconds>(timeout);
    }
    const auto kill_grace = parse_duration_flag("--kill-grace", flags.kill_grace);
    if (kill_grace < 0ns) invalid("--kill-grace", fmt::format("must not be negative, got \"{}\"", flags.kill_grace));
    config.kill_grace = std::chrono::ceil<std::chrono::milliseconds>(kill_grace);
    config.server.log_level = parse_log_level_flag("--log-level", flags.log_level);

    std::set<std::string> patterns;
    for (const std::string& handler : flags.handlers) {
        auto [pattern, command] = parse_handler_flag("--handler", handler);
        if (!patterns.insert(pattern).second) invalid("--handler", fmt::format("pattern \"{}\" given twice", pattern));
        config.handlers.emplace_back(std::move(pattern), std::move(command));
    }
    return config;
}

// A worker started with a standard descriptor closed would hand that number to a task's pipe, and the dup2 onto
// 0, 1 or 2 in the child would then clobber another of its pipes. /dev/null keeps the numbers taken.
void keep_standard_descriptors_taken() {
    for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; ++fd) {
        if (::fcntl(fd, F_GETFD) < 0 && errno == EBADF) ::open("/dev/null", O_RDWR);  // takes the lowest free: fd
    }
}

std::string describe(const WorkerConfig& config) {
    std::vector<std::string> queues;
    if (config.server.queues.empty()) queues.emplace_back("default=1");
    for (const auto& [name, weight] : config.server.queues) queues.push_back(fmt::format("{}={}", name, weight));
    std::vector<std::string> handlers;
    for (const auto& [pattern, command] : config.handlers)
        handlers.push_back(fmt::format("{:?} -> {:?}", pattern, command));
    const std::string concurrency =
        config.server.concurrency > 0
            ? std::to_string(config.server.concurrency)
            : fmt::format("{} (hardware threads)", std::max(1u, std::thread::hardware_concurrency()));
    return fmt::format("asynq worker: serving queues {} ({} priority) with concurrency {}; handlers: {}",
                       fmt::join(queues, " "), config.server.strict_priority ? "strict" : "weighted", concurrency,
                       fmt::join(handlers, ", "));
}

void run_worker(const GlobalOptions& global, const WorkerFlags& flags) {
    const WorkerConfig config = build_config(flags);
    const RedisOptions redis = global.redis_options();

    auto logger = std::make_shared<const util::Logger>(config.server.log_level, LogSink{});
    auto mux = std::make_shared<ServeMux>();
    const std::vector<std::string> environment = inherited_environment();
    for (const auto& [pattern, command] : config.handlers) {
        mux->handle(pattern, make_command_handler({.command = command,
                                                   .environment = environment,
                                                   .stdout_limit = kStdoutLimit,
                                                   .stderr_limit = kStderrLimit,
                                                   .kill_grace = config.kill_grace,
                                                   .logger = logger}));
    }

    keep_standard_descriptors_taken();
    // Writing a payload to a command that exited without reading it must fail with EPIPE, not kill the worker.
    // Commands get the default disposition back (child_process.h).
    ::signal(SIGPIPE, SIG_IGN);

    Server server(redis, config.server);  // validates the options before we announce anything
    std::cerr << describe(config) << std::endl;
    // No thread of ours exists yet, as run() requires; it returns after SIGTERM or SIGINT and a graceful shutdown.
    server.run(std::shared_ptr<Handler>(mux));
}

}  // namespace

void add_worker_command(CLI::App& app, const GlobalOptions& global) {
    CLI::App* command = app.add_subcommand(
        "worker", "Process tasks by running a shell command per task (payload on stdin, result on stdout)");
    command->footer(
        "Each task runs `/bin/sh -c COMMAND` with the payload on stdin and ASYNQ_TASK_ID, ASYNQ_TASK_TYPE, "
        "ASYNQ_QUEUE, ASYNQ_RETRY_COUNT and ASYNQ_MAX_RETRY in its environment. Exit status 0 is success and stdout "
        "(up to 1 MiB) the result; otherwise the task fails with the exit status and the end of stderr. On the "
        "task's deadline or cancellation the command's process group gets SIGTERM, then SIGKILL after "
        "--kill-grace. SIGTERM or SIGINT shut the worker down gracefully. See docs/worker.md.");
    // Shared with the callback, which CLI11 runs after parsing, when this function has long returned.
    auto flags = std::make_shared<WorkerFlags>();

    // One value per occurrence, so that a following flag or value is not swallowed.
    command
        ->add_option("--handler", flags->handlers,
                     "PATTERN=COMMAND: tasks whose type is PATTERN, or starts with it "
                     "(longest wins), run COMMAND; repeatable, at least one")
        ->type_name("PATTERN=COMMAND")
        ->allow_extra_args(false)
        ->required();
    command
        ->add_option("--queue", flags->queues,
                     "Queue to serve with its weight (default 1); repeatable (default: default=1)")
        ->type_name("NAME[=WEIGHT]")
        ->allow_extra_args(false);
    command->add_flag("--strict", flags->strict, "Strict priority: serve a queue only when every heavier one is empty");
    command
        ->add_option_function<int>(
            "--concurrency", [flags](const int& value) { flags->concurrency = value; },
            "Tasks run at once (default: one per hardware thread)")
        ->type_name("N");
    command
        ->add_option_function<std::string>(
            "--shutdown-timeout", [flags](const std::string& value) { flags->shutdown_timeout = value; },
            "On SIGTERM/SIGINT, how long running tasks may finish before they are stopped and requeued (default 8s)")
        ->type_name("DURATION");
    command->add_option("--kill-grace", flags->kill_grace, "After SIGTERM to a stopped command, how long until SIGKILL")
        ->type_name("DURATION")
        ->capture_default_str();
    command->add_option("--log-level", flags->log_level, "debug, info, warn or error")
        ->type_name("LEVEL")
        ->capture_default_str();

    command->callback([&global, flags] { run_worker(global, *flags); });
}

}  // namespace asynq::cli
