#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "asynq/handler.h"
#include "cli/child_process.h"

namespace asynq::util {
class Logger;
}

// A shell command as a task handler, for `asynq worker`: the task goes in on stdin and in environment variables,
// the result comes back on stdout, a failure as the exit status and the end of stderr.
namespace asynq::cli {

/// The variables set for every task (ASYNQ_TASK_ID, ASYNQ_TASK_TYPE, ASYNQ_QUEUE, ASYNQ_RETRY_COUNT,
/// ASYNQ_MAX_RETRY).
const std::vector<std::string>& task_environment_names();

/// This process's environment without the per-task variables: what every command inherits. Reads `environ`, so
/// call it before other threads start.
std::vector<std::string> inherited_environment();

struct CommandHandlerOptions {
    std::string command;                         ///< Run as `/bin/sh -c command` for every task.
    std::vector<std::string> environment;        ///< Inherited by the command, "NAME=value" each.
    std::size_t stdout_limit = 1 << 20;          ///< Bytes of stdout that become the result; the rest is dropped.
    std::size_t stderr_limit = 2048;             ///< Bytes from the end of stderr kept for the error message.
    std::chrono::milliseconds kill_grace{5000};  ///< SIGTERM to SIGKILL when the attempt is stopped.
    std::shared_ptr<const util::Logger> logger;  ///< Per-task debug lines; null = none.
};

/// A handler that runs the command once per task:
/// - stdin: the payload (binary safe; empty when the task has none);
/// - environment: options.environment plus the task_environment_names() variables;
/// - exit status 0: success; stdout, unless empty, is written with the context's ResultWriter;
/// - another status or a signal: failure with failure_message();
/// - the context's stop token (deadline, cancellation, shutdown, lost lease): the command's process group gets
///   SIGTERM, then SIGKILL after kill_grace, and once it is gone the handler throws DeadlineExceeded,
///   TaskCanceled, LeaseExpired or a "server shutdown" error, whatever its exit status was.
/// Thread-safe: every call runs its own process.
HandlerFunc make_command_handler(CommandHandlerOptions options);

/// The error text of a failed command, the end of its stderr after the status:
/// "exit status 3: <stderr tail>", or "command exited with status 3" when stderr was empty;
/// "killed by signal 9 (SIGKILL): <stderr tail>", or "command killed by signal 9 (SIGKILL)".
/// The tail is at most the kept bytes, starts at a line boundary when stderr was longer, has trailing
/// whitespace removed and invalid UTF-8 replaced (error_msg is a protobuf string: Go refuses invalid UTF-8).
std::string failure_message(const CommandOutcome& outcome);

}  // namespace asynq::cli
