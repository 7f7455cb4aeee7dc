// The Inspector's read side (Go's Inspector query methods, spec §4.22): queues, tasks, groups, servers, schedulers.
#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <tuple>
#include <unordered_map>

#include "asynq/errors.h"
#include "asynq/inspector.h"
#include "inspector/inspector_impl.h"
#include "redis/info.h"
#include "util/text.h"

namespace asynq {
namespace {

using inspector::check_queue_exists;
using inspector::check_queue_name;

/// Validates a page and returns its first position (0-based).
std::int64_t page_offset(const ListOptions& options) {
    if (options.page < 1) {
        throw Error(ErrorCode::kInvalidArgument, fmt::format("page must be at least 1, got {}", options.page));
    }
    if (options.page_size < 1) {
        throw Error(ErrorCode::kInvalidArgument,
                    fmt::format("page_size must be at least 1, got {}", options.page_size));
    }
    return static_cast<std::int64_t>(options.page - 1) * options.page_size;
}

std::vector<TaskInfo> list(broker::Broker& broker, const std::string& queue, TaskState state, const std::string& group,
                           const ListOptions& options) {
    const std::int64_t offset = page_offset(options);
    check_queue_exists(broker, queue);
    return broker.list_tasks(queue, state, group, offset, options.page_size);
}

std::chrono::system_clock::time_point time_of(const google::protobuf::Timestamp& timestamp) {
    // Go's zero time.Time (year 1) is stored as a negative seconds value: report it as the epoch ("never").
    if (timestamp.seconds() <= 0 && timestamp.nanos() <= 0) return {};
    return std::chrono::system_clock::time_point(std::chrono::duration_cast<std::chrono::system_clock::duration>(
        std::chrono::seconds(timestamp.seconds()) + std::chrono::nanoseconds(timestamp.nanos())));
}

}  // namespace

std::vector<std::string> Inspector::queues() { return impl_->broker.list_queues(); }

QueueInfo Inspector::get_queue_info(const std::string& queue) {
    check_queue_exists(impl_->broker, queue);
    return impl_->broker.queue_info(queue);
}

std::vector<DailyStats> Inspector::history(const std::string& queue, int days) {
    check_queue_name(queue);
    if (days < 1) throw Error(ErrorCode::kInvalidArgument, fmt::format("days must be at least 1, got {}", days));
    check_queue_exists(impl_->broker, queue);
    return impl_->broker.daily_stats(queue, days);
}

std::vector<GroupInfo> Inspector::groups(const std::string& queue) {
    check_queue_name(queue);
    return impl_->broker.group_sizes(queue);
}

TaskInfo Inspector::get_task_info(const std::string& queue, const std::string& id) {
    check_queue_exists(impl_->broker, queue);
    auto record = impl_->broker.get_task(queue, id);
    if (!record) {
        throw TaskNotFoundError(fmt::format("queue \"{}\": task id \"{}\" does not exist", queue, id));
    }
    return broker::to_task_info(record->message, record->state, record->next_process_at, std::move(record->result));
}

std::vector<TaskInfo> Inspector::list_pending_tasks(const std::string& queue, ListOptions options) {
    return list(impl_->broker, queue, TaskState::kPending, "", options);
}

std::vector<TaskInfo> Inspector::list_active_tasks(const std::string& queue, ListOptions options) {
    return list(impl_->broker, queue, TaskState::kActive, "", options);
}

std::vector<TaskInfo> Inspector::list_scheduled_tasks(const std::string& queue, ListOptions options) {
    return list(impl_->broker, queue, TaskState::kScheduled, "", options);
}

std::vector<TaskInfo> Inspector::list_retry_tasks(const std::string& queue, ListOptions options) {
    return list(impl_->broker, queue, TaskState::kRetry, "", options);
}

std::vector<TaskInfo> Inspector::list_archived_tasks(const std::string& queue, ListOptions options) {
    return list(impl_->broker, queue, TaskState::kArchived, "", options);
}

std::vector<TaskInfo> Inspector::list_completed_tasks(const std::string& queue, ListOptions options) {
    return list(impl_->broker, queue, TaskState::kCompleted, "", options);
}

std::vector<TaskInfo> Inspector::list_aggregating_tasks(const std::string& queue, const std::string& group,
                                                        ListOptions options) {
    if (util::is_blank(group)) {
        throw Error(ErrorCode::kInvalidArgument, "group name must contain one or more characters");
    }
    return list(impl_->broker, queue, TaskState::kAggregating, group, options);
}

std::vector<ServerInfo> Inspector::servers() {
    auto servers = impl_->broker.list_servers();
    auto workers = impl_->broker.list_workers();
    std::vector<ServerInfo> out;
    std::unordered_map<std::string, std::size_t> by_id;  // server_id -> index in out
    for (const auto& server : servers) {
        ServerInfo info;
        info.id = server.server_id();
        info.host = server.host();
        info.pid = server.pid();
        info.concurrency = server.concurrency();
        info.queues.insert(server.queues().begin(), server.queues().end());
        info.strict_priority = server.strict_priority();
        info.started = time_of(server.start_time());
        info.status = server.status();
        out.push_back(std::move(info));
    }
    std::sort(out.begin(), out.end(), [](const ServerInfo& a, const ServerInfo& b) {
        return std::tie(a.host, a.pid, a.id) < std::tie(b.host, b.pid, b.id);
    });
    for (std::size_t i = 0; i < out.size(); ++i) by_id.emplace(out[i].id, i);
    // Workers join their server by server_id, as Go does; a worker whose server is gone is dropped.
    for (const auto& worker : workers) {
        auto it = by_id.find(worker.server_id());
        if (it == by_id.end()) continue;
        out[it->second].active_workers.push_back({.task_id = worker.task_id(),
                                                  .task_type = worker.task_type(),
                                                  .task_payload = worker.task_payload(),
                                                  .queue = worker.queue(),
                                                  .started = time_of(worker.start_time()),
                                                  .deadline = time_of(worker.deadline())});
    }
    for (auto& server : out) {
        std::sort(server.active_workers.begin(), server.active_workers.end(),
                  [](const WorkerInfo& a, const WorkerInfo& b) {
                      return std::tie(a.started, a.task_id) < std::tie(b.started, b.task_id);
                  });
    }
    return out;
}

std::vector<SchedulerEntry> Inspector::scheduler_entries() {
    std::vector<SchedulerEntry> out;
    for (const auto& entry : impl_->broker.list_scheduler_entries()) {
        out.push_back({.id = entry.id(),
                       .spec = entry.spec(),
                       .task_type = entry.task_type(),
                       .task_payload = entry.task_payload(),
                       .options = {entry.enqueue_options().begin(), entry.enqueue_options().end()},
                       .next_enqueue = time_of(entry.next_enqueue_time()),
                       .prev_enqueue = time_of(entry.prev_enqueue_time())});
    }
    return out;
}

std::vector<SchedulerEnqueueEvent> Inspector::scheduler_enqueue_events(const std::string& entry_id,
                                                                       ListOptions options) {
    const std::int64_t offset = page_offset(options);
    std::vector<SchedulerEnqueueEvent> out;
    for (const auto& event : impl_->broker.list_scheduler_enqueue_events(entry_id, offset, options.page_size)) {
        out.push_back({.task_id = event.task_id(), .enqueued_at = time_of(event.enqueue_time())});
    }
    return out;
}

std::map<std::string, std::string> Inspector::redis_info() {
    return redis::parse_info(impl_->executor->run(redis::Command::keyless({"INFO"})).as_string());
}

}  // namespace asynq
