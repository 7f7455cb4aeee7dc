#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "broker/proto/asynq.pb.h"
#include "redis/executor.h"
#include "util/clock.h"

namespace asynq::broker {

// Tasks whose stored msg cannot be used (shared by dequeue and lease recovery). Go would hand such a msg to its
// processor or recoverer and fail on it every time; we move the task aside instead (spec §4.6).

/// A msg read from the hash of task `id` in `queue`, decoded, or why it cannot be used.
struct CheckedMessage {
    std::optional<wire::TaskMessage> message;  ///< set when usable
    std::string problem;                       ///< set otherwise, for BadTask::problem
};

/// Usable means: present, a valid TaskMessage, and naming the same id and queue as its key. A mismatch would make
/// every later operation (Go's too: it builds keys from msg.queue and msg.id) miss the task, so it would stay
/// active forever.
CheckedMessage check_task_message(const std::optional<std::string>& bytes, std::string_view queue, std::string_view id);

/// Moves an active task to archived with its msg bytes untouched (archive_bad_task.lua). False if the id was no
/// longer active (someone else moved it first). Throws redis errors.
bool archive_bad_task(redis::Executor& executor, std::string_view queue, std::string_view id,
                      util::Clock::TimePoint now);

}  // namespace asynq::broker
