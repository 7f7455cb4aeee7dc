#include "broker/keys.h"

#include <fmt/format.h>

#include "util/digest.h"

namespace asynq::broker::keys {

std::string server_info_key(std::string_view host, int pid, std::string_view server_id) {
    return fmt::format("asynq:servers:{{{}:{}:{}}}", host, pid, server_id);
}
std::string workers_key(std::string_view host, int pid, std::string_view server_id) {
    return fmt::format("asynq:workers:{{{}:{}:{}}}", host, pid, server_id);
}
std::string server_metrics_key(std::string_view host, int pid, std::string_view server_id) {
    return fmt::format("asynq:server_metrics:{{{}:{}:{}}}", host, pid, server_id);
}
std::string server_metrics_key_of(std::string_view server_info_key) {
    constexpr std::string_view kServerPrefix = "asynq:servers:";
    if (server_info_key.substr(0, kServerPrefix.size()) == kServerPrefix)
        server_info_key.remove_prefix(kServerPrefix.size());
    return "asynq:server_metrics:" + std::string(server_info_key);
}

std::string scheduler_entries_key(std::string_view scheduler_id) {
    return fmt::format("asynq:schedulers:{{{}}}", scheduler_id);
}
std::string scheduler_history_key(std::string_view entry_id) {
    return fmt::format("asynq:scheduler_history:{}", entry_id);
}

std::string queue_prefix(std::string_view queue) { return fmt::format("asynq:{{{}}}:", queue); }
std::string task_key_prefix(std::string_view queue) { return queue_prefix(queue) + "t:"; }
std::string task_key(std::string_view queue, std::string_view id) {
    return fmt::format("asynq:{{{}}}:t:{}", queue, id);
}

std::string pending_key(std::string_view queue) { return queue_prefix(queue) + "pending"; }
std::string active_key(std::string_view queue) { return queue_prefix(queue) + "active"; }
std::string lease_key(std::string_view queue) { return queue_prefix(queue) + "lease"; }
std::string scheduled_key(std::string_view queue) { return queue_prefix(queue) + "scheduled"; }
std::string retry_key(std::string_view queue) { return queue_prefix(queue) + "retry"; }
std::string archived_key(std::string_view queue) { return queue_prefix(queue) + "archived"; }
std::string completed_key(std::string_view queue) { return queue_prefix(queue) + "completed"; }
std::string paused_key(std::string_view queue) { return queue_prefix(queue) + "paused"; }

std::string processed_total_key(std::string_view queue) { return queue_prefix(queue) + "processed"; }
std::string failed_total_key(std::string_view queue) { return queue_prefix(queue) + "failed"; }
std::string processed_key(std::string_view queue, std::chrono::system_clock::time_point when) {
    return queue_prefix(queue) + "processed:" + utc_date(when);
}
std::string failed_key(std::string_view queue, std::chrono::system_clock::time_point when) {
    return queue_prefix(queue) + "failed:" + utc_date(when);
}

std::string all_groups_key(std::string_view queue) { return queue_prefix(queue) + "groups"; }
std::string group_key_prefix(std::string_view queue) { return queue_prefix(queue) + "g:"; }
std::string group_key(std::string_view queue, std::string_view group) {
    return group_key_prefix(queue) + std::string(group);
}
std::string aggregation_set_key(std::string_view queue, std::string_view group, std::string_view set_id) {
    return group_key(queue, group) + ":" + std::string(set_id);
}
std::string aggregation_sets_key(std::string_view queue) { return queue_prefix(queue) + "aggregation_sets"; }

std::string scheduler_occurrence_key(std::string_view queue, std::string_view entry_digest,
                                     std::string_view occurrence) {
    return fmt::format("asynq:{{{}}}:scheduler_occurrence:{}:{}", queue, entry_digest, occurrence);
}

std::optional<std::string> group_of_aggregation_set_key(std::string_view queue, std::string_view set_key) {
    const std::string prefix = group_key_prefix(queue);
    if (!set_key.starts_with(prefix)) return std::nullopt;
    const std::string_view rest = set_key.substr(prefix.size());  // <g>:<set id>
    const auto cut = rest.rfind(':');
    if (cut == std::string_view::npos || cut == 0) return std::nullopt;
    return std::string(rest.substr(0, cut));
}

std::string unique_key(std::string_view queue, std::string_view type, std::optional<std::string_view> payload) {
    std::string key = fmt::format("asynq:{{{}}}:unique:{}:", queue, type);
    if (payload) key += util::md5_hex(*payload);
    return key;
}

std::string utc_date(std::chrono::system_clock::time_point when) {
    auto days = std::chrono::floor<std::chrono::days>(when);
    std::chrono::year_month_day ymd(days);
    return fmt::format("{:04d}-{:02d}-{:02d}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                       static_cast<unsigned>(ymd.day()));
}

}  // namespace asynq::broker::keys
