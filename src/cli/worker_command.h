#pragma once

#include <CLI/CLI.hpp>

#include "cli/global_options.h"

namespace asynq::cli {

/// Adds `worker` to app: a Server whose handlers run shell commands, one process per task (docs/worker.md).
///
///   worker --handler PATTERN=COMMAND... [--queue NAME[=WEIGHT]]... [--strict] [--concurrency N]
///          [--shutdown-timeout DUR] [--kill-grace DUR] [--log-level debug|info|warn|error]
///
/// PATTERN routes like ServeMux (exact type, else the longest prefix). The command runs on the thread that
/// parses the command line, which must be main's and the only one: Server::run blocks SIGTERM, SIGINT and
/// SIGTSTP there before starting its threads, then waits for them. It returns after a graceful shutdown. Flag
/// errors throw Error(kInvalidArgument) naming the flag before Redis is contacted; `global` must outlive app's
/// parsing.
void add_worker_command(CLI::App& app, const GlobalOptions& global);

}  // namespace asynq::cli
