// Aggregation of grouped tasks (spec §4.16–§4.19): checking groups, reading and deleting aggregation sets, and
// reclaiming the sets of aggregations that did not finish in time.
#include <fmt/format.h>

#include "asynq/errors.h"
#include "broker/broker.h"
#include "broker/keys.h"
#include "broker/task_codec.h"
#include "lua_scripts.h"
#include "redis/errors.h"
#include "util/uuid.h"

namespace asynq::broker {
namespace {

// Stale sets per reclaim script call: bounds how long one call holds Redis and how many keys it declares.
constexpr std::size_t kReclaimBatch = 100;

}  // namespace

std::vector<std::string> Broker::list_groups(const std::string& queue) {
    const std::string groups = keys::all_groups_key(queue);
    auto reply = executor_.run(redis::Command::keyed(groups, {"SMEMBERS", groups}));
    std::vector<std::string> names;
    for (const auto& element : reply.as_array()) names.push_back(element.as_string());
    return names;
}

std::optional<std::string> Broker::aggregation_check(const std::string& queue, const std::string& group,
                                                     const AggregationRules& rules) {
    const auto now = clock_.now();
    std::string set_id = util::new_uuid();
    auto reply = executor_.run(redis::Command::eval(
        lua::kAggregationCheck,
        {keys::group_key(queue, group), keys::aggregation_set_key(queue, group, set_id),
         keys::aggregation_sets_key(queue), keys::all_groups_key(queue)},
        {std::to_string(rules.max_size), std::to_string(rules.max_delay.count()),
         std::to_string(rules.grace_period.count()), std::to_string(util::unix_seconds(now + rules.set_timeout)),
         std::to_string(util::unix_seconds(now)), group}));
    switch (reply.as_integer()) {
        case 0:
            return std::nullopt;
        case 1:
            return set_id;
        default:
            throw redis::ProtocolError(fmt::format("aggregation_check: queue \"{}\" group \"{}\": unexpected reply {}",
                                                   queue, group, reply.debug_string()));
    }
}

AggregationSet Broker::read_aggregation_set(const std::string& queue, const std::string& group,
                                            const std::string& set_id) {
    AggregationSet set{.queue = queue, .group = group, .id = set_id};
    const std::string set_key = keys::aggregation_set_key(queue, group, set_id);
    // Members first, so that the script can declare every key it reads. The set does not change until it is
    // deleted or reclaimed, and the script sees that by its registration being gone.
    auto members = executor_.run(redis::Command::keyed(set_key, {"ZRANGE", set_key, "0", "-1"}));
    std::vector<std::string> ids;
    std::vector<std::string> script_keys = {keys::aggregation_sets_key(queue), set_key};
    for (const auto& member : members.as_array()) {
        ids.push_back(member.as_string());
        script_keys.push_back(keys::task_key(queue, ids.back()));
    }
    auto reply = executor_.run(redis::Command::eval(lua::kReadAggregationSet, std::move(script_keys), {}));
    const auto& values = reply.as_array();  // deadline, msg...
    if (values.empty()) throw redis::ProtocolError("read_aggregation_set: empty reply");
    if (values[0].is_nil()) return set;  // no longer registered
    if (values.size() != ids.size() + 1) {
        throw redis::ProtocolError(
            fmt::format("read_aggregation_set: {} replies for {} members", values.size() - 1, ids.size()));
    }
    set.deadline = util::from_unix_seconds(std::stoll(values[0].as_string()));
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const auto bytes = values[i + 1].as_optional_string();
        if (!bytes) {
            set.missing_ids.push_back(ids[i]);
            continue;
        }
        try {
            set.messages.push_back(decode_task_message(*bytes, keys::task_key(queue, ids[i])));
            set.task_ids.push_back(ids[i]);
        } catch (const Error&) {
            set.undecodable.push_back(
                {.queue = queue,
                 .id = ids[i],
                 .problem = fmt::format("msg is not a valid TaskMessage ({} bytes)", bytes->size())});
        }
    }
    return set;
}

std::int64_t Broker::delete_aggregation_set(const AggregationSet& set) {
    std::vector<std::string> script_keys = {keys::aggregation_sets_key(set.queue),
                                            keys::aggregation_set_key(set.queue, set.group, set.id)};
    for (const auto& id : set.task_ids) script_keys.push_back(keys::task_key(set.queue, id));
    return executor_.run(redis::Command::eval(lua::kDeleteAggregationSet, std::move(script_keys), set.task_ids))
        .as_integer();
}

std::int64_t Broker::reclaim_stale_aggregation_sets(const std::string& queue) {
    const std::string sets = keys::aggregation_sets_key(queue);
    const std::string now = std::to_string(util::unix_seconds(clock_.now()));
    // The stale sets first, so that the script can declare every key it touches (Go derives the group keys inside
    // the script); the script checks each deadline again.
    auto stale = executor_.run(redis::Command::keyed(sets, {"ZRANGE", sets, "-inf", now, "BYSCORE"}));
    std::int64_t reclaimed = 0;
    std::vector<std::string> script_keys;
    std::vector<std::string> argv;
    auto flush = [&] {
        if (argv.size() > 1) {
            reclaimed +=
                executor_.run(redis::Command::eval(lua::kReclaimStaleAggregationSets, script_keys, argv)).as_integer();
        }
        script_keys = {sets, keys::all_groups_key(queue)};
        argv = {now};
    };
    flush();
    for (const auto& member : stale.as_array()) {
        const std::string& set_key = member.as_string();
        auto group = keys::group_of_aggregation_set_key(queue, set_key);
        // Not a set key of this queue: no asynq writer makes such a member, and its tasks (if any) cannot be
        // placed. Left alone rather than guessed at.
        if (!group) continue;
        script_keys.push_back(set_key);
        script_keys.push_back(keys::group_key(queue, *group));
        argv.push_back(std::move(*group));
        if (argv.size() - 1 == kReclaimBatch) flush();
    }
    flush();
    return reclaimed;
}

}  // namespace asynq::broker
