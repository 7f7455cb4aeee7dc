// Unusable task messages: the check, and moving such a task to archived.
#include "broker/bad_task.h"

#include <fmt/format.h>

#include "asynq/errors.h"
#include "broker/keys.h"
#include "broker/task_codec.h"
#include "lua_scripts.h"

namespace asynq::broker {

CheckedMessage check_task_message(const std::optional<std::string>& bytes, std::string_view queue,
                                  std::string_view id) {
    if (!bytes) return {.message = std::nullopt, .problem = "task hash has no msg field"};
    wire::TaskMessage message;
    try {
        message = decode_task_message(*bytes, keys::task_key(queue, id));
    } catch (const Error&) {
        return {.message = std::nullopt,
                .problem = fmt::format("msg is not a valid TaskMessage ({} bytes)", bytes->size())};
    }
    if (message.id() != id || message.queue() != queue) {
        return {.message = std::nullopt,
                .problem =
                    fmt::format("msg names task \"{}\" in queue \"{}\", not its key's", message.id(), message.queue())};
    }
    return {.message = std::move(message), .problem = {}};
}

bool archive_bad_task(redis::Executor& executor, std::string_view queue, std::string_view id,
                      util::Clock::TimePoint now) {
    auto reply = executor.run(redis::Command::eval(
        lua::kArchiveBadTask,
        {keys::active_key(queue), keys::lease_key(queue), keys::archived_key(queue), keys::task_key(queue, id)},
        {std::string(id), std::to_string(util::unix_seconds(now))}));
    return reply.as_integer() == 1;
}

}  // namespace asynq::broker
