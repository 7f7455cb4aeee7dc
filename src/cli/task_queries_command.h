#pragma once

#include <CLI/CLI.hpp>

#include "cli/global_options.h"

namespace asynq::cli {

/// Adds the Inspector's task reads to the `task` command, with Go's flags:
///
///   task ls --queue Q --state S [--group G] [--page N] [--size N] [--json]   (alias list)
///   task inspect --queue Q --id ID [--json]
///
/// `task ls` prints a table whose columns depend on the state, as Go's CLI: ID, Type, Payload, plus Process In
/// (scheduled); Next Retry, Last Error, Last Failed, Retried, Max Retry (retry); Last Failed, Last Error
/// (archived); CompletedAt, Result (completed); Group (aggregating). An empty page prints
/// `No <state> tasks in "<q>" queue`. With --json both print task_info_json.h objects (`ls`: an array).
/// An unknown state, page or size < 1, or aggregating without --group is a usage error (exit 2).
void add_task_query_commands(CLI::App& task_command, const GlobalOptions& global);

}  // namespace asynq::cli
