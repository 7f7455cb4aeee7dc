#include "cli/scheduler_command.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <signal.h>

#include <chrono>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "asynq/errors.h"
#include "asynq/periodic_task_manager.h"
#include "asynq/yaml_config_provider.h"
#include "cli/flag_parsing.h"
#include "util/go_duration.h"

namespace asynq::cli {
namespace {

using namespace std::chrono_literals;

// Flag values exactly as typed.
struct SchedulerFlags {
    std::string config;
    std::string sync_interval = "5s";
    std::optional<std::string> location;
    std::string log_level = "info";
};

// SIGTERM and SIGINT blocked in this thread for the object's lifetime, so that the threads started meanwhile
// inherit the mask and the signals can only be taken with wait(): no code runs in a signal handler.
class BlockedSignals {
public:
    BlockedSignals() {
        sigemptyset(&signals_);
        sigaddset(&signals_, SIGTERM);
        sigaddset(&signals_, SIGINT);
        pthread_sigmask(SIG_BLOCK, &signals_, &previous_);
    }
    ~BlockedSignals() {
        // Signals that arrived during shutdown were meant for it: consume them rather than let them kill the
        // process once unblocked.
        const timespec no_wait{0, 0};
        while (sigtimedwait(&signals_, nullptr, &no_wait) > 0) {
        }
        pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
    }
    BlockedSignals(const BlockedSignals&) = delete;
    BlockedSignals& operator=(const BlockedSignals&) = delete;

    /// Blocks until SIGTERM or SIGINT.
    void wait() {
        int signal = 0;
        while (sigwait(&signals_, &signal) != 0 || (signal != SIGTERM && signal != SIGINT)) {
        }
    }

private:
    sigset_t signals_{};
    sigset_t previous_{};
};

// Lines go to stderr whole, from the main thread and the sync thread alike.
void say(const std::string& line) { std::cerr << ("asynq scheduler: " + line + "\n") << std::flush; }

std::string describe(const PeriodicTaskEntry& entry) {
    return fmt::format("{:?} {} (entry {})", entry.config.cronspec, entry.config.task.type(), entry.entry_id);
}

std::string describe(const std::vector<PeriodicTaskEntry>& entries) {
    std::vector<std::string> parts;
    for (const PeriodicTaskEntry& entry : entries) parts.push_back(describe(entry));
    return fmt::format("{}", fmt::join(parts, ", "));
}

// One line per reload that changed something: what was added, what was removed.
void report_reload(const std::string& config, const PeriodicTaskSyncResult& result) {
    std::string line = fmt::format("reloaded {}:", config);
    if (!result.added.empty()) line += " added " + describe(result.added) + ";";
    if (!result.removed.empty()) line += " removed " + describe(result.removed) + ";";
    say(line + fmt::format(" {} unchanged", result.unchanged));
}

void run_scheduler(const GlobalOptions& global, const SchedulerFlags& flags) {
    const auto interval = parse_duration_flag("--sync-interval", flags.sync_interval);
    // The manager reads 0 as "the default, 3 min": refuse what would round to it rather than surprise.
    if (interval < 1ms) {
        throw Error(ErrorCode::kInvalidArgument,
                    fmt::format("--sync-interval: must be at least 1ms, got \"{}\"", flags.sync_interval));
    }
    const LogLevel log_level = parse_log_level_flag("--log-level", flags.log_level);
    const RedisOptions redis = global.redis_options();

    auto provider = std::make_shared<YamlFileConfigProvider>(flags.config);
    // A bad file is a bad flag: report it before Redis is contacted, in the provider's own words.
    try {
        provider->get_configs();
    } catch (const Error& e) {
        throw Error(e.code(), fmt::format("--config: {}", e.what()));
    }

    BlockedSignals signals;  // before the manager starts any thread
    PeriodicTaskManager manager(
        redis, {.provider = provider,
                .scheduler = {.location = flags.location.value_or(""), .log_level = log_level},
                .sync_interval = std::chrono::ceil<std::chrono::milliseconds>(interval),
                .on_sync = [&flags](const PeriodicTaskSyncResult& result) { report_reload(flags.config, result); }});
    manager.start();
    const std::vector<PeriodicTaskEntry> entries = manager.entries();
    say(fmt::format("started with {} {} from {} (scheduler {}), re-reading it every {}{}{}", entries.size(),
                    entries.size() == 1 ? "entry" : "entries", flags.config, manager.scheduler_id(),
                    util::format_go_duration(interval), entries.empty() ? "" : ": ", describe(entries)));
    signals.wait();
    say("stopping");
    manager.shutdown();
    say("stopped");
}

}  // namespace

void add_scheduler_command(CLI::App& app, const GlobalOptions& global) {
    CLI::App* command =
        app.add_subcommand("scheduler", "Enqueue the periodic tasks listed in a YAML file; reload it when it changes");
    command->footer(
        "FILE lists the tasks under `tasks:`, each with `cron` and `type`, optionally `payload`, `headers` and any "
        "`task enqueue` option named as its flag without the dashes (queue, max-retry, timeout, deadline, unique, "
        "process-in, process-at, id, retention, group). The file is re-read every --sync-interval; a file that "
        "turns bad is logged and the current entries kept. SIGTERM or SIGINT stop the scheduler. See "
        "docs/scheduler.md.");
    // Shared with the callback, which CLI11 runs after parsing, when this function has long returned.
    auto flags = std::make_shared<SchedulerFlags>();

    command->add_option("--config", flags->config, "YAML file with the periodic tasks")->type_name("FILE")->required();
    command->add_option("--sync-interval", flags->sync_interval, "How often the file is re-read, Go duration")
        ->type_name("DURATION")
        ->capture_default_str();
    command
        ->add_option_function<std::string>(
            "--location", [flags](const std::string& value) { flags->location = value; },
            "IANA time zone for cron specs without CRON_TZ= (default UTC)")
        ->type_name("ZONE");
    command->add_option("--log-level", flags->log_level, "debug, info, warn or error")
        ->type_name("LEVEL")
        ->capture_default_str();

    command->callback([&global, flags] { run_scheduler(global, *flags); });
}

}  // namespace asynq::cli
