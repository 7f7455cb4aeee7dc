#pragma once

#include <CLI/CLI.hpp>

#include "cli/global_options.h"

namespace asynq::cli {

/// Adds the Inspector's task actions to the `task` command, with Go's flags and messages:
///
///   task cancel ID...                                  Sent cancelation signal for task <id>
///   task archive --queue Q --id ID                     task archived
///   task delete  --queue Q --id ID   (alias rm, remove) task deleted
///   task run     --queue Q --id ID                     task is now pending
///   task archiveall --queue Q --state S [--group G]    <n> tasks archived
///   task deleteall  --queue Q --state S [--group G]    <n> tasks deleted
///   task runall     --queue Q --state S [--group G]    <n> tasks are now pending
///
/// A state a command does not take, or `aggregating` without --group, is a usage error naming the choices.
void add_task_action_commands(CLI::App& task_command, const GlobalOptions& global);

}  // namespace asynq::cli
