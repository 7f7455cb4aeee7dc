// The `asynq` command-line tool: parses flags with CLI11, runs one command, and turns every failure into one
// `asynq: ...` line on stderr and an exit status chosen by the error's code.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <exception>
#include <iostream>
#include <string>

#include "asynq/errors.h"
#include "asynq/version.h"
#include "cli/global_options.h"
#include "cli/queue_command.h"
#include "cli/read_commands.h"
#include "cli/scheduler_command.h"
#include "cli/task_command.h"
#include "cli/web_command.h"
#include "cli/worker_command.h"

namespace {

constexpr int kExitUsage = 2;

// The one table from error codes to exit statuses. Scripts branch on these, so they are part of the CLI's
// contract: 2 = fix the command line, 3 = Redis unreachable (retry later), 4 = the task already exists,
// 5 = the task or queue does not exist, 1 = anything else.
int exit_status(asynq::ErrorCode code) {
    switch (code) {
        case asynq::ErrorCode::kInvalidArgument:
            return kExitUsage;
        case asynq::ErrorCode::kUnavailable:
            return 3;
        case asynq::ErrorCode::kAlreadyExists:
            return 4;
        case asynq::ErrorCode::kNotFound:
            return 5;
        case asynq::ErrorCode::kFailedPrecondition:
        case asynq::ErrorCode::kDataLoss:
        case asynq::ErrorCode::kInternal:
            return 1;
    }
    return 1;
}

// Errors go to stderr on exactly one line, so that scripts and log collectors keep them together.
void print_error(std::string message) {
    std::replace(message.begin(), message.end(), '\n', ' ');
    std::cerr << "asynq: " << message << '\n';
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Manage asynq-cpp queues and tasks in Redis (wire-compatible with Go asynq)", "asynq"};
    asynq::cli::GlobalOptions global;
    try {
        app.set_version_flag("--version", std::string("asynq version ") + asynq::kVersion);
        app.require_subcommand(1);
        // Lets global flags such as --uri also appear after the subcommand.
        app.fallthrough();
        global.add_to(app);
        asynq::cli::add_queue_command(app, global);
        asynq::cli::add_task_command(app, global);
        asynq::cli::add_worker_command(app, global);
        asynq::cli::add_scheduler_command(app, global);
        asynq::cli::add_stats_command(app, global);
        asynq::cli::add_group_command(app, global);
        asynq::cli::add_server_command(app, global);
        asynq::cli::add_cron_command(app, global);
        asynq::cli::add_dash_command(app, global);
        asynq::cli::add_web_command(app, global);

        // The selected command runs inside parse(), from its CLI11 callback, once the whole line is parsed.
        app.parse(argc, argv);
        return 0;
    } catch (const CLI::ParseError& e) {
        // --help and --version arrive here as "errors" with exit code 0: CLI11 prints them as it likes.
        if (e.get_exit_code() == 0) return app.exit(e);
        print_error(std::string(e.what()) + " (run with --help for usage)");
        return kExitUsage;
    } catch (const asynq::Error& e) {
        print_error(e.what());
        return exit_status(e.code());
    } catch (const std::exception& e) {
        print_error(e.what());
        return 1;
    }
}
