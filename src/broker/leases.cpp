// Leases of active tasks (spec §4.13, §4.14): extending them on heartbeats, and finding expired ones to recover.
#include <fmt/format.h>

#include "broker/bad_task.h"
#include "broker/broker.h"
#include "broker/keys.h"
#include "lua_scripts.h"
#include "redis/errors.h"

namespace asynq::broker {

util::Clock::TimePoint Broker::extend_leases(const std::string& queue, std::span<const std::string> ids,
                                             util::Clock::TimePoint expires_at) {
    const std::int64_t expiry = util::unix_seconds(expires_at);
    if (ids.empty()) return util::from_unix_seconds(expiry);
    const std::string lease = keys::lease_key(queue);
    const std::string score = std::to_string(expiry);
    // XX: an id whose lease is gone (finished, or taken by the recoverer) must not come back.
    redis::Command command = redis::Command::keyed(lease, {"ZADD", lease, "XX"});
    command.args.reserve(3 + 2 * ids.size());
    for (const std::string& id : ids) {
        command.args.push_back(score);
        command.args.push_back(id);
    }
    executor_.run(command);
    return util::from_unix_seconds(expiry);
}

std::vector<wire::TaskMessage> Broker::list_lease_expired(const std::string& queue, util::Clock::TimePoint cutoff,
                                                          std::vector<BadTask>& bad_tasks) {
    auto reply =
        executor_.run(redis::Command::eval(lua::kListLeaseExpired, {keys::lease_key(queue)},
                                           {std::to_string(util::unix_seconds(cutoff)), keys::task_key_prefix(queue)}));
    const auto& flat = reply.as_array();  // id, msg, id, msg...
    if (flat.size() % 2 != 0) {
        throw redis::ProtocolError(
            fmt::format("list_lease_expired: queue \"{}\": odd reply length {}", queue, flat.size()));
    }
    std::vector<wire::TaskMessage> messages;
    messages.reserve(flat.size() / 2);
    for (std::size_t i = 0; i < flat.size(); i += 2) {
        const std::string& id = flat[i].as_string();
        CheckedMessage checked = check_task_message(flat[i + 1].as_optional_string(), queue, id);
        if (checked.message) {
            messages.push_back(std::move(*checked.message));
            continue;
        }
        // Go's recoverer fails on such a msg for all of its queues on every run; moved aside, it blocks nothing.
        const bool moved = archive_bad_task(executor_, queue, id, clock_.now());
        bad_tasks.push_back({.queue = queue,
                             .id = id,
                             .problem = checked.problem + (moved ? "; moved to archived" : "; no longer active")});
    }
    return messages;
}

}  // namespace asynq::broker
