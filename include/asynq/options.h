#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace asynq {

/// Options of one enqueue, the C++ counterpart of Go asynq's functional options. Every field has Go's default.
/// Fill it with designated initializers:
///
///     client.enqueue(task, {.queue = "critical", .max_retry = 3, .timeout = std::chrono::minutes(5)});
///
/// Durations are stored in whole seconds on the wire; fractions of a second are truncated, like Go.
struct EnqueueOptions {
    /// Queue name; must not be blank.
    std::string queue = "default";
    /// Retries after the first attempt: the task runs at most max_retry + 1 times. 0 = never retry. Must be >= 0.
    int max_retry = 25;
    /// Per-attempt time limit, >= 1 s. Unset (or 0) = 30 min, unless a deadline is set (then none).
    std::optional<std::chrono::nanoseconds> timeout{};
    /// Absolute time after which the task is no longer attempted. Unset = none.
    std::optional<std::chrono::system_clock::time_point> deadline{};
    /// Make the task unique by (queue, type, payload) for this long (>= 1 s); a duplicate enqueue fails with
    /// DuplicateTaskError. For a scheduled task the lock lasts until process time + unique_ttl. Unset = not unique.
    std::optional<std::chrono::nanoseconds> unique_ttl{};
    /// Process no earlier than this time. Unset = now. Exclusive with process_in.
    std::optional<std::chrono::system_clock::time_point> process_at{};
    /// Process no earlier than now + this delay (>= 0). Exclusive with process_at.
    std::optional<std::chrono::nanoseconds> process_in{};
    /// Task id; must not be blank. Unset = a random UUID v4. Ids are unique per queue.
    std::optional<std::string> task_id{};
    /// Keep the task (and its result) this long after success (>= 0). 0 = delete at once.
    std::chrono::nanoseconds retention{0};
    /// Aggregate the task with others of the same group (needs a server with a group aggregator).
    /// Must not be blank. Unset = no group.
    std::optional<std::string> group{};
};

}  // namespace asynq
