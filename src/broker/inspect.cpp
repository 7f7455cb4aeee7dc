// Read-only queries behind the Inspector (spec §4.22): queue stats, listings, groups, servers and schedulers.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <tuple>

#include "asynq/errors.h"
#include "broker/broker.h"
#include "broker/keys.h"
#include "broker/server_metrics_codec.h"
#include "broker/task_codec.h"
#include "lua_scripts.h"
#include "redis/errors.h"

namespace asynq::broker {
namespace {

constexpr int kMemorySampleSize = 20;    // task hashes sampled per container (Go: 20)
constexpr int kMemorySampledGroups = 5;  // groups sampled (Go: the first 5)

/// A stored integer (counter, unix ns) or a zset score ("1795574723", or "1.7e9" style); 0 when absent.
std::int64_t integer_of(const redis::Reply& reply, std::string_view what) {
    if (reply.type() == redis::Reply::Type::kInteger) return reply.as_integer();
    if (reply.is_nil()) return 0;
    const std::string& text = reply.as_string();
    std::int64_t value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc() && ptr == text.data() + text.size()) return value;
    double real = 0;
    auto [rptr, rec] = std::from_chars(text.data(), text.data() + text.size(), real);
    if (rec != std::errc() || rptr != text.data() + text.size()) {
        throw redis::ProtocolError(fmt::format("{}: expected a number, got \"{}\"", what, text));
    }
    return static_cast<std::int64_t>(real);
}

template <typename Message>
std::optional<Message> decode(const std::string& bytes) {
    Message message;
    if (!message.ParseFromString(bytes)) return std::nullopt;
    return message;
}

std::string container_key(const std::string& queue, TaskState state, const std::string& group) {
    switch (state) {
        case TaskState::kPending:
            return keys::pending_key(queue);
        case TaskState::kActive:
            return keys::active_key(queue);
        case TaskState::kScheduled:
            return keys::scheduled_key(queue);
        case TaskState::kRetry:
            return keys::retry_key(queue);
        case TaskState::kArchived:
            return keys::archived_key(queue);
        case TaskState::kCompleted:
            return keys::completed_key(queue);
        case TaskState::kAggregating:
            return keys::group_key(queue, group);
    }
    throw Error(ErrorCode::kInternal, "list_tasks: unknown state");
}

}  // namespace

bool Broker::queue_exists(const std::string& queue) {
    return executor_.run(redis::Command::keyed(keys::kAllQueues, {"SISMEMBER", keys::kAllQueues, queue}))
               .as_integer() == 1;
}

std::vector<std::string> Broker::list_queues() {
    auto reply = executor_.run(redis::Command::keyed(keys::kAllQueues, {"SMEMBERS", keys::kAllQueues}));
    std::vector<std::string> names;
    for (const auto& element : reply.as_array()) names.push_back(element.as_string());
    std::sort(names.begin(), names.end());
    return names;
}

QueueInfo Broker::queue_info(const std::string& queue) {
    const auto now = clock_.now();
    const std::vector<redis::Command> commands = {
        redis::Command::eval(
            lua::kCurrentStats,
            {keys::pending_key(queue), keys::active_key(queue), keys::scheduled_key(queue), keys::retry_key(queue),
             keys::archived_key(queue), keys::completed_key(queue), keys::processed_key(queue, now),
             keys::failed_key(queue, now), keys::processed_total_key(queue), keys::failed_total_key(queue),
             keys::paused_key(queue), keys::all_groups_key(queue)},
            {keys::task_key_prefix(queue), keys::group_key_prefix(queue)}),
        redis::Command::eval(
            lua::kMemoryUsage,
            {keys::pending_key(queue), keys::active_key(queue), keys::scheduled_key(queue), keys::retry_key(queue),
             keys::archived_key(queue), keys::completed_key(queue), keys::all_groups_key(queue)},
            {keys::task_key_prefix(queue), keys::group_key_prefix(queue), std::to_string(kMemorySampleSize),
             std::to_string(kMemorySampledGroups)}),
    };
    const auto replies = executor_.run_pipeline(commands);
    redis::throw_first_error(executor_, commands, replies);
    const auto& stats = replies[0].as_array();
    if (stats.size() != 14) {
        throw redis::ProtocolError(fmt::format("current_stats: expected 14 values, got {}", stats.size()));
    }
    const auto number = [&](std::size_t i) { return integer_of(stats[i], "current_stats"); };
    QueueInfo info;
    info.queue = queue;
    info.memory_usage = replies[1].as_integer();
    info.pending = number(0);
    info.active = number(1);
    info.scheduled = number(2);
    info.retry = number(3);
    info.archived = number(4);
    info.completed = number(5);
    info.processed = number(6);
    info.failed = number(7);
    info.processed_total = number(8);
    info.failed_total = number(9);
    info.paused = number(10) == 1;
    if (const auto pending_since = number(11); pending_since > 0) {
        info.latency = std::chrono::duration_cast<std::chrono::nanoseconds>(now.time_since_epoch()) -
                       std::chrono::nanoseconds(pending_since);
    }
    info.groups = number(12);
    info.aggregating = number(13);
    info.size =
        info.pending + info.active + info.scheduled + info.retry + info.archived + info.completed + info.aggregating;
    info.timestamp = now;
    return info;
}

std::vector<DailyStats> Broker::daily_stats(const std::string& queue, int days) {
    const auto now = clock_.now();
    std::vector<redis::Command> commands;
    std::vector<std::chrono::sys_days> dates;
    for (int i = 0; i < days; ++i) {
        const auto day = now - std::chrono::hours(24) * i;
        dates.push_back(std::chrono::floor<std::chrono::days>(day));
        const std::string processed = keys::processed_key(queue, day);
        const std::string failed = keys::failed_key(queue, day);
        commands.push_back(redis::Command::keyed(processed, {"GET", processed}));
        commands.push_back(redis::Command::keyed(failed, {"GET", failed}));
    }
    const auto replies = executor_.run_pipeline(commands);
    redis::throw_first_error(executor_, commands, replies);
    std::vector<DailyStats> stats;
    for (int i = 0; i < days; ++i) {
        stats.push_back({.queue = queue,
                         .processed = integer_of(replies[2 * i], "daily processed counter"),
                         .failed = integer_of(replies[2 * i + 1], "daily failed counter"),
                         .date = dates[i]});
    }
    return stats;
}

std::vector<GroupInfo> Broker::group_sizes(const std::string& queue) {
    auto names = list_groups(queue);
    std::sort(names.begin(), names.end());
    std::vector<redis::Command> commands;
    for (const auto& name : names) {
        const std::string key = keys::group_key(queue, name);
        commands.push_back(redis::Command::keyed(key, {"ZCARD", key}));
    }
    if (commands.empty()) return {};
    const auto replies = executor_.run_pipeline(commands);
    redis::throw_first_error(executor_, commands, replies);
    std::vector<GroupInfo> groups;
    for (std::size_t i = 0; i < names.size(); ++i) {
        groups.push_back({.group = names[i], .size = replies[i].as_integer()});
    }
    return groups;
}

std::vector<TaskInfo> Broker::list_tasks(const std::string& queue, TaskState state, const std::string& group,
                                         std::int64_t offset, std::int64_t count) {
    if (offset < 0 || count < 1) throw Error(ErrorCode::kInvalidArgument, "list_tasks: bad page");
    const bool is_list = state == TaskState::kPending || state == TaskState::kActive;
    // A list holds the newest task on the left: page 0 is its right end, read and then reversed (oldest first).
    const std::int64_t start = is_list ? -(offset + count) : offset;
    const std::int64_t stop = is_list ? -(offset + 1) : offset + count - 1;
    std::vector<std::string> script_keys = {container_key(queue, state, group)};
    if (state == TaskState::kActive) script_keys.push_back(keys::lease_key(queue));
    auto reply = executor_.run(redis::Command::eval(
        lua::kListTasks, std::move(script_keys),
        {keys::task_key_prefix(queue), is_list ? "list" : "zset", std::to_string(start), std::to_string(stop)}));
    const auto& values = reply.as_array();
    if (values.size() % 4 != 0) {
        throw redis::ProtocolError(fmt::format("list_tasks: {} values, expected groups of 4", values.size()));
    }
    const auto now = clock_.now();
    std::vector<TaskInfo> tasks;
    for (std::size_t i = 0; i < values.size(); i += 4) {
        const auto bytes = values[i + 1].as_optional_string();
        if (!bytes) continue;  // the hash went away between the range read and now (or never existed)
        wire::TaskMessage message;
        if (!message.ParseFromString(*bytes)) continue;  // as Go: undecodable tasks are not listed
        const std::int64_t score = integer_of(values[i + 3], "list_tasks score");
        util::Clock::TimePoint next_process_at{};
        if (state == TaskState::kPending) next_process_at = now;
        if (state == TaskState::kScheduled || state == TaskState::kRetry) {
            next_process_at = util::from_unix_seconds(score);
        }
        TaskInfo info = to_task_info(message, state, next_process_at, values[i + 2].as_optional_string());
        // Go marks a lease expiring at or before now (ZRANGEBYSCORE -inf now) as orphaned.
        if (state == TaskState::kActive && !values[i + 3].is_nil()) {
            info.is_orphaned = score <= util::unix_seconds(now);
        }
        tasks.push_back(std::move(info));
    }
    if (is_list) std::reverse(tasks.begin(), tasks.end());
    return tasks;
}

std::vector<std::string> Broker::live_members(std::string_view zset) {
    auto reply = executor_.run(redis::Command::eval(lua::kListLiveMembers, {std::string(zset)},
                                                    {std::to_string(util::unix_seconds(clock_.now()))}));
    std::vector<std::string> members;
    for (const auto& element : reply.as_array()) members.push_back(element.as_string());
    return members;
}

std::vector<wire::ServerInfo> Broker::list_servers() {
    const auto server_keys = live_members(keys::kAllServers);
    std::vector<redis::Command> commands;
    for (const auto& key : server_keys) commands.push_back(redis::Command::keyed(key, {"GET", key}));
    if (commands.empty()) return {};
    const auto replies = executor_.run_pipeline(commands);
    redis::throw_first_error(executor_, commands, replies);
    std::vector<wire::ServerInfo> servers;
    for (const auto& reply : replies) {
        const auto bytes = reply.as_optional_string();  // nil: the key expired after the zset was read
        if (!bytes) continue;
        if (auto info = decode<wire::ServerInfo>(*bytes)) servers.push_back(std::move(*info));
    }
    return servers;
}

std::vector<ServerMetrics> Broker::list_server_metrics() {
    std::vector<redis::Command> commands;
    for (const auto& key : live_members(keys::kAllServers)) {
        const auto metrics_key = keys::server_metrics_key_of(key);
        commands.push_back(redis::Command::keyed(metrics_key, {"GET", metrics_key}));
    }
    if (commands.empty()) return {};
    const auto replies = executor_.run_pipeline(commands);
    redis::throw_first_error(executor_, commands, replies);
    std::vector<ServerMetrics> all;
    for (const auto& reply : replies) {
        const auto bytes = reply.as_optional_string();  // nil: a Go server, or the key expired meanwhile
        if (!bytes) continue;
        if (auto metrics = decode_server_metrics(*bytes)) all.push_back(std::move(*metrics));
    }
    std::sort(all.begin(), all.end(), [](const ServerMetrics& a, const ServerMetrics& b) {
        return std::tie(a.host, a.pid, a.server_id) < std::tie(b.host, b.pid, b.server_id);
    });
    return all;
}

std::vector<wire::WorkerInfo> Broker::list_workers() {
    const auto worker_keys = live_members(keys::kAllWorkers);
    std::vector<redis::Command> commands;
    for (const auto& key : worker_keys) commands.push_back(redis::Command::keyed(key, {"HVALS", key}));
    if (commands.empty()) return {};
    const auto replies = executor_.run_pipeline(commands);
    redis::throw_first_error(executor_, commands, replies);
    std::vector<wire::WorkerInfo> workers;
    for (const auto& reply : replies) {
        for (const auto& value : reply.as_array()) {
            if (auto info = decode<wire::WorkerInfo>(value.as_string())) workers.push_back(std::move(*info));
        }
    }
    return workers;
}

std::vector<wire::SchedulerEntry> Broker::list_scheduler_entries() {
    const auto entry_keys = live_members(keys::kAllSchedulers);
    std::vector<redis::Command> commands;
    for (const auto& key : entry_keys) commands.push_back(redis::Command::keyed(key, {"LRANGE", key, "0", "-1"}));
    if (commands.empty()) return {};
    const auto replies = executor_.run_pipeline(commands);
    redis::throw_first_error(executor_, commands, replies);
    std::vector<wire::SchedulerEntry> entries;
    for (const auto& reply : replies) {
        for (const auto& value : reply.as_array()) {
            if (auto entry = decode<wire::SchedulerEntry>(value.as_string())) entries.push_back(std::move(*entry));
        }
    }
    return entries;
}

std::vector<wire::SchedulerEnqueueEvent> Broker::list_scheduler_enqueue_events(const std::string& entry_id,
                                                                               std::int64_t offset,
                                                                               std::int64_t count) {
    if (offset < 0 || count < 1) throw Error(ErrorCode::kInvalidArgument, "list_scheduler_enqueue_events: bad page");
    const std::string key = keys::scheduler_history_key(entry_id);
    auto reply = executor_.run(
        redis::Command::keyed(key, {"ZREVRANGE", key, std::to_string(offset), std::to_string(offset + count - 1)}));
    std::vector<wire::SchedulerEnqueueEvent> events;
    for (const auto& value : reply.as_array()) {
        if (auto event = decode<wire::SchedulerEnqueueEvent>(value.as_string())) events.push_back(std::move(*event));
    }
    return events;
}

}  // namespace asynq::broker
