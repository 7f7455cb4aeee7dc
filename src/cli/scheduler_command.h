#pragma once

#include <CLI/CLI.hpp>

#include "cli/global_options.h"

namespace asynq::cli {

/// Adds `scheduler` to app: a PeriodicTaskManager whose periodic tasks come from a YAML file (docs/scheduler.md).
///
///   scheduler --config FILE [--sync-interval DUR] [--location ZONE] [--log-level debug|info|warn|error]
///
/// The file is read and checked before Redis is contacted (an error names the file, the entry and the line, and
/// exits 2), then re-read every --sync-interval (default 5s): entries that appeared are registered, those that
/// went away unregistered, the others left alone. A file that turns bad is logged and the current entries are
/// kept. One line on stderr at start (the entry count), at each reload that changed something (what was added
/// and removed) and at stop. Runs on the thread that parses the command line, which must be main's and the only
/// one (SIGTERM and SIGINT are blocked there before any thread starts, then waited for); returns after a
/// graceful shutdown, which removes the scheduler's entries from Redis. `global` must outlive app's parsing.
void add_scheduler_command(CLI::App& app, const GlobalOptions& global);

}  // namespace asynq::cli
