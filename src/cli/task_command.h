#pragma once

#include <CLI/CLI.hpp>

#include "cli/global_options.h"

namespace asynq::cli {

/// Adds `task` and its subcommands to app:
///
///   task enqueue TYPE [--payload STR | --payload-file FILE|-] [--queue Q] [--max-retry N] [--timeout DUR]
///                     [--deadline TIME] [--unique DUR] [--process-in DUR | --process-at TIME] [--id ID]
///                     [--retention DUR] [--group G] [--header K=V]...
///
/// DUR is a Go duration (`30s`, `1h30m`), TIME is RFC 3339 (`2026-11-25T10:00:00Z`). Each option is passed to
/// Client::enqueue only when given, so unset ones keep Go asynq's defaults. Prints the TaskInfo as JSON
/// (task_info_json.h). `global` must outlive app's parsing; the commands run from CLI11 callbacks and throw
/// asynq::Error for main to map to an exit status.
void add_task_command(CLI::App& app, const GlobalOptions& global);

}  // namespace asynq::cli
