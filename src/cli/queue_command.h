#pragma once

#include <CLI/CLI.hpp>

#include "cli/global_options.h"

namespace asynq::cli {

/// Adds `queue` and its subcommands to app:
///
///   queue pause QUEUE...             servers (ours and Go's) stop taking tasks from each queue
///   queue resume QUEUE...            (alias: unpause) they take tasks again
///   queue remove QUEUE... [--force]  (aliases: rm, delete) remove queues; without --force only empty ones
///
/// As Go's CLI: one `Successfully paused queue "q"` line per queue on stdout. A queue that fails (already
/// paused, unknown, not empty, blank name) gets its error on stderr, the others are still done, and the command
/// then throws a summary with the first failure's code so that main exits non-zero. Redis out of reach stops at
/// once. `global` must outlive app's parsing.
void add_queue_command(CLI::App& app, const GlobalOptions& global);

}  // namespace asynq::cli
