#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "asynq/inspector_types.h"
#include "cli/global_options.h"

namespace asynq::cli {

/// Adds `queue` and its subcommands to app:
///
///   queue ls [--json]                (alias: list) the queue names, one a line
///   queue inspect QUEUE... [--json]  size, groups, paused, counts by state and today's counters of each queue
///   queue history QUEUE... [--days N] [--json]  processed/failed/error rate of the last N UTC days (default 10)
///   queue pause QUEUE...             servers (ours and Go's) stop taking tasks from each queue
///   queue resume QUEUE...            (alias: unpause) they take tasks again
///   queue remove QUEUE... [--force]  (aliases: rm, delete) remove queues; without --force only empty ones
///
/// The read commands fetch everything before printing, so an unknown queue (QueueNotFoundError, exit 5) leaves
/// stdout empty. For pause/resume/remove, as Go's CLI: one `Successfully paused queue "q"` line per queue on stdout. A
/// queue that fails (already paused, unknown, not empty, blank name) gets its error on stderr, the others are still
/// done, and the command then throws a summary with the first failure's code so that main exits non-zero. Redis out of
/// reach stops at once. `global` must outlive app's parsing. A QueueInfo as the JSON object `queue inspect --json`
/// prints; keys in this order: queue, size, groups, paused, active, pending, aggregating, scheduled, retry, archived,
/// completed, processed, failed (today, UTC), processed_total, failed_total, error_rate (today's failed/processed, null
/// when nothing was processed), latency_ns (age of the oldest pending task), memory_usage (estimated bytes), timestamp
/// (RFC 3339).
nlohmann::ordered_json queue_info_to_json(const QueueInfo& info);

void add_queue_command(CLI::App& app, const GlobalOptions& global);

}  // namespace asynq::cli
