// Taking work (spec §4.6): dequeue across queues, and waiting for pending work on a dedicated connection.
#include <fmt/format.h>

#include "broker/bad_task.h"
#include "broker/broker.h"
#include "broker/keys.h"
#include "lua_scripts.h"
#include "redis/errors.h"

namespace asynq::broker {
namespace {

// dequeue.lua's replies that are not a task.
constexpr std::int64_t kPaused = -1;
constexpr std::int64_t kEmpty = 0;

// BLMOVE's timeout argument: seconds as a decimal ("0.5", "10").
std::string seconds_text(std::chrono::milliseconds timeout) {
    if (timeout.count() % 1000 == 0) return std::to_string(timeout.count() / 1000);
    return fmt::format("{}.{:03d}", timeout.count() / 1000, timeout.count() % 1000);
}

}  // namespace

DequeueResult Broker::dequeue(std::span<const std::string> queues, std::chrono::seconds lease_duration) {
    DequeueResult result;
    const auto now = clock_.now();
    // Stored in whole seconds (spec §0.3); the caller's in-memory lease uses the same truncated value.
    const std::int64_t lease_expiry = util::unix_seconds(now + lease_duration);
    const std::string lease_expiry_text = std::to_string(lease_expiry);

    for (const std::string& queue : queues) {
        const auto command = redis::Command::eval(
            lua::kDequeue,
            {keys::pending_key(queue), keys::paused_key(queue), keys::active_key(queue), keys::lease_key(queue)},
            {lease_expiry_text, keys::task_key_prefix(queue)});
        // A bad task is moved aside and the same queue is tried again: the task behind it is the next in line.
        // Each round takes one id off pending, so this ends.
        while (true) {
            redis::Reply reply = executor_.run(command);
            if (reply.type() == redis::Reply::Type::kInteger) {
                if (reply.as_integer() == kPaused) {
                    result.paused_queues.push_back(queue);
                } else if (reply.as_integer() == kEmpty) {
                    result.empty_queues.push_back(queue);
                } else {
                    throw redis::ProtocolError(
                        fmt::format("dequeue: queue \"{}\": unexpected reply {}", queue, reply.debug_string()));
                }
                break;
            }
            const auto& parts = reply.as_array();
            if (parts.empty() || parts.size() > 2) {
                throw redis::ProtocolError(
                    fmt::format("dequeue: queue \"{}\": unexpected reply {}", queue, reply.debug_string()));
            }
            const std::string& id = parts[0].as_string();
            if (parts.size() == 1) {
                result.bad_tasks.push_back(
                    {.queue = queue, .id = id, .problem = "task hash is missing; dangling id removed from active"});
                continue;
            }
            CheckedMessage checked = check_task_message(parts[1].as_optional_string(), queue, id);
            if (!checked.message) {
                const bool moved = archive_bad_task(executor_, queue, id, now);
                result.bad_tasks.push_back(
                    {.queue = queue,
                     .id = id,
                     .problem =
                         checked.problem + (moved ? "; moved to archived" : "; already moved by another server")});
                continue;
            }
            result.task = DequeuedTask{.message = std::move(*checked.message),
                                       .lease_expires_at = util::from_unix_seconds(lease_expiry)};
            return result;
        }
    }
    return result;
}

bool Broker::wait_for_pending(redis::Connection& connection, const std::string& queue,
                              std::chrono::milliseconds timeout) {
    // Moving the right end to the right end of the same list leaves it as it was; BLMOVE only serves to block
    // until the list is non-empty. A zero timeout waits forever (Redis's meaning); the connection's read timeout
    // must be longer than `timeout` (or 0), else the read fails first with TimeoutError.
    const std::string pending = keys::pending_key(queue);
    const auto command =
        redis::Command::keyed(pending, {"BLMOVE", pending, pending, "RIGHT", "RIGHT", seconds_text(timeout)});
    redis::Reply reply = connection.run(command);
    if (reply.is_error()) {
        throw redis::make_reply_error(connection.endpoint().to_string(), command.describe(), reply.as_string());
    }
    return !reply.is_nil();
}

}  // namespace asynq::broker
