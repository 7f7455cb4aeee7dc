#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace asynq::broker::keys {

// Every Redis key name asynq uses (spec §1). Per-queue keys carry the `{queue}` hash tag, so all keys of one
// queue share a Redis Cluster slot and one script may touch them all. No other code builds key names.

inline constexpr std::string_view kAllQueues = "asynq:queues";  ///< SET of queue names
inline constexpr std::string_view kAllServers = "asynq:servers";
inline constexpr std::string_view kAllWorkers = "asynq:workers";
inline constexpr std::string_view kAllSchedulers = "asynq:schedulers";
inline constexpr std::string_view kCancelChannel = "asynq:cancel";

/// `asynq:servers:{host:pid:sid}`: STRING, the server's ServerInfo (heartbeat TTL). Member of kAllServers.
std::string server_info_key(std::string_view host, int pid, std::string_view server_id);
/// `asynq:workers:{host:pid:sid}`: HASH task id -> WorkerInfo (heartbeat TTL). Member of kAllWorkers. Same hash
/// tag as the server key, so one script may write both.
std::string workers_key(std::string_view host, int pid, std::string_view server_id);
/// `asynq:server_metrics:{host:pid:sid}`: STRING, an asynq-cpp server's asynq_cpp.ServerMetrics (heartbeat TTL;
/// not in Go's layout). Same hash tag as the server key.
std::string server_metrics_key(std::string_view host, int pid, std::string_view server_id);
/// The metrics key of the server whose ServerInfo is at `server_info_key` (a kAllServers member).
std::string server_metrics_key_of(std::string_view server_info_key);

/// `asynq:schedulers:{<scheduler id>}`: LIST of SchedulerEntry (heartbeat TTL). Member of kAllSchedulers.
std::string scheduler_entries_key(std::string_view scheduler_id);
/// `asynq:scheduler_history:<entry id>`: ZSET SchedulerEnqueueEvent -> enqueue time (unix s), at most 1,000.
std::string scheduler_history_key(std::string_view entry_id);

/// `asynq:{q}:`
std::string queue_prefix(std::string_view queue);
/// `asynq:{q}:t:` — scripts append a task id to it (same slot).
std::string task_key_prefix(std::string_view queue);
/// `asynq:{q}:t:<id>`: the task hash.
std::string task_key(std::string_view queue, std::string_view id);

std::string pending_key(std::string_view queue);    ///< LIST; LPUSH new, RPOP next
std::string active_key(std::string_view queue);     ///< LIST
std::string lease_key(std::string_view queue);      ///< ZSET id -> lease expiry (unix s)
std::string scheduled_key(std::string_view queue);  ///< ZSET id -> process at (unix s)
std::string retry_key(std::string_view queue);      ///< ZSET id -> retry at (unix s)
std::string archived_key(std::string_view queue);   ///< ZSET id -> archived at (unix s)
std::string completed_key(std::string_view queue);  ///< ZSET id -> expires at (unix s)
std::string paused_key(std::string_view queue);     ///< STRING, exists while paused

std::string processed_total_key(std::string_view queue);
std::string failed_total_key(std::string_view queue);
/// Daily counters keyed by the UTC date of `when`: `asynq:{q}:processed:2026-11-25`.
std::string processed_key(std::string_view queue, std::chrono::system_clock::time_point when);
std::string failed_key(std::string_view queue, std::chrono::system_clock::time_point when);

std::string all_groups_key(std::string_view queue);                     ///< SET of group names: `asynq:{q}:groups`
std::string group_key_prefix(std::string_view queue);                   ///< `asynq:{q}:g:`
std::string group_key(std::string_view queue, std::string_view group);  ///< ZSET id -> joined at (unix s)
/// `asynq:{q}:g:<g>:<set id>`: ZSET of the ids taken out of group g for one aggregation (same scores).
std::string aggregation_set_key(std::string_view queue, std::string_view group, std::string_view set_id);
/// `asynq:{q}:aggregation_sets`: ZSET aggregation-set key -> deadline (unix s).
std::string aggregation_sets_key(std::string_view queue);
/// The group name in an aggregation-set key of this queue, cut at the key's last `:` as Go does (so group names
/// may contain colons, set ids may not). nullopt if the key is not `asynq:{q}:g:<g>:<set id>` with a non-empty g.
std::optional<std::string> group_of_aggregation_set_key(std::string_view queue, std::string_view set_key);

/// `asynq:{q}:scheduler_occurrence:<entry digest>:<occurrence>`: STRING, the id of the scheduler that enqueued that
/// occurrence of an entry (not in Go's layout: it lets several schedulers enqueue each occurrence once).
std::string scheduler_occurrence_key(std::string_view queue, std::string_view entry_digest,
                                     std::string_view occurrence);

/// The uniqueness lock of spec §1.3: `asynq:{q}:unique:<type>:<md5hex(payload)>`, or `...:<type>:` when the
/// task has no payload at all (nil, as opposed to empty).
std::string unique_key(std::string_view queue, std::string_view type, std::optional<std::string_view> payload);

/// `YYYY-MM-DD` of `when` in UTC.
std::string utc_date(std::chrono::system_clock::time_point when);

}  // namespace asynq::broker::keys
