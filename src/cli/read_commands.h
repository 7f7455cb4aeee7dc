#pragma once

#include <CLI/CLI.hpp>

#include "cli/global_options.h"

// The read-only top-level commands, one .cpp each. Every one takes --json (shapes in docs/cli.md) and fetches
// everything before printing, so a failure leaves stdout empty. `global` must outlive app's parsing.
namespace asynq::cli {

/// `stats`: counts by state over all queues, size per queue, today's processed/failed/error rate, and Go's "Redis
/// Info" table (version, uptime, connections, memory). --json prints Go's `asynq stats --json` shape, its "redis"
/// object holding every INFO field.
void add_stats_command(CLI::App& app, const GlobalOptions& global);

/// `group ls --queue Q` (alias list): the queue's group names, one a line, or `No groups found in queue "q"`.
void add_group_command(CLI::App& app, const GlobalOptions& global);

/// `server ls` (alias list): running servers, sorted by host and pid: Host, PID, State, Active Workers, Queues,
/// Started; `No running servers` when none.
void add_server_command(CLI::App& app, const GlobalOptions& global);

/// `cron ls` (alias list): scheduler entries sorted by spec; `cron history ENTRY_ID... [--page N] [--size N]`:
/// their enqueues, newest first.
void add_cron_command(CLI::App& app, const GlobalOptions& global);

/// `dash [--refresh 8s]`: the live terminal dashboard (src/cli/dash/). Needs a terminal; keys in docs/cli.md.
void add_dash_command(CLI::App& app, const GlobalOptions& global);

}  // namespace asynq::cli
