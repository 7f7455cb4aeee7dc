// Scheduler heartbeat state and enqueue history (spec §5.2, §5.3), in the layout Go's CLI and web UI read.
#include <fmt/format.h>

#include "broker/broker.h"
#include "broker/keys.h"
#include "broker/task_codec.h"
#include "lua_scripts.h"
#include "redis/errors.h"

namespace asynq::broker {
namespace {

constexpr std::string_view kHistorySize = "1000";  // events kept per entry (Go's maxEvents)

}  // namespace

void Broker::write_scheduler_entries(const std::string& scheduler_id, std::span<const wire::SchedulerEntry> entries,
                                     std::chrono::seconds ttl) {
    const std::string entries_key = keys::scheduler_entries_key(scheduler_id);
    std::vector<std::string> argv = {std::to_string(ttl.count())};
    argv.reserve(1 + entries.size());
    for (const auto& entry : entries) argv.push_back(encode_message(entry, "SchedulerEntry"));
    const std::string expires_at = std::to_string(util::unix_seconds(clock_.now() + ttl));
    // The global zset lives in another slot than the entry list: a plain command beside the script, one pipeline.
    const std::vector<redis::Command> commands = {
        redis::Command::keyed(keys::kAllSchedulers, {"ZADD", keys::kAllSchedulers, expires_at, entries_key}),
        redis::Command::eval(lua::kWriteSchedulerEntries, {entries_key}, std::move(argv)),
    };
    redis::throw_first_error(executor_, commands, executor_.run_pipeline(commands));
}

void Broker::clear_scheduler_state(const std::string& scheduler_id, std::span<const std::string> entry_ids) {
    const std::string entries_key = keys::scheduler_entries_key(scheduler_id);
    std::vector<redis::Command> commands = {
        redis::Command::keyed(keys::kAllSchedulers, {"ZREM", keys::kAllSchedulers, entries_key}),
        redis::Command::keyed(entries_key, {"DEL", entries_key}),
    };
    for (const auto& id : entry_ids) {
        const std::string history_key = keys::scheduler_history_key(id);
        commands.push_back(redis::Command::keyed(history_key, {"DEL", history_key}));
    }
    redis::throw_first_error(executor_, commands, executor_.run_pipeline(commands));
}

void Broker::record_scheduler_enqueue(const std::string& entry_id, const wire::SchedulerEnqueueEvent& event) {
    const std::int64_t enqueued_at = event.enqueue_time().seconds();
    executor_.run(redis::Command::eval(
        lua::kRecordSchedulerEnqueueEvent, {keys::scheduler_history_key(entry_id)},
        {std::to_string(enqueued_at), encode_message(event, "SchedulerEnqueueEvent"), std::string(kHistorySize)}));
}

}  // namespace asynq::broker
