#pragma once

#include <string>
#include <vector>

#include "asynq/periodic_task_manager.h"

namespace asynq {

/// Reads periodic tasks from a YAML file, afresh on every get_configs() call, so a PeriodicTaskManager picks up
/// edits at its next sync. The format (docs/scheduler.md):
///
///     tasks:
///       - cron: "*/5 * * * *"      # required
///         type: email:digest       # required
///         payload: '{"user":42}'   # optional string; absent = no payload (Go's nil)
///         headers: {k: v}          # optional mapping of strings
///         queue: critical          # any `asynq task enqueue` option, named as its flag without the dashes:
///         max-retry: 3             #   queue, max-retry, timeout, deadline, unique, process-in, process-at,
///         timeout: 2m              #   id, retention, group; durations in Go's syntax, times RFC 3339
///
/// `tasks: []` (or an empty `tasks:`) means no periodic tasks; an empty file is an error, since it is more
/// likely a file caught mid-write than a wish to remove every entry. Replace the file atomically (write a
/// temporary file, then rename it over this one) so that a sync never reads half of it.
class YamlFileConfigProvider : public PeriodicTaskConfigProvider {
public:
    explicit YamlFileConfigProvider(std::string path);

    /// Reads and checks the whole file: each entry's keys, values, cron spec and options. Throws
    /// Error(kInvalidArgument) with the path, and for a problem in an entry its index and line, e.g.
    /// `tasks.yaml: tasks[1] (line 7): unknown key "colour"`. Thread-compatible (no state besides the path).
    std::vector<PeriodicTaskConfig> get_configs() override;

    const std::string& path() const noexcept { return path_; }

private:
    std::string path_;
};

}  // namespace asynq
