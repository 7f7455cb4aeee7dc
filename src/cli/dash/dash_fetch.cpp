#include "cli/dash/dash_fetch.h"

#include <algorithm>
#include <exception>

#include "asynq/errors.h"

namespace asynq::cli::dash {

void RateTracker::record(const QueueInfo& queue, Clock::time_point at, std::map<std::string, QueueRates>& rates) {
    constexpr auto kMinimumGap = std::chrono::milliseconds(500);
    const auto previous = last_.find(queue.queue);
    if (previous == last_.end()) {
        last_[queue.queue] = Reading{at, queue.processed_total, queue.failed_total};
        return;
    }
    const auto elapsed = std::chrono::duration<double>(at - previous->second.at).count();
    if (at - previous->second.at < kMinimumGap) return;
    const auto per_second = [&](std::int64_t now_total, std::int64_t before_total) {
        return now_total < before_total ? 0.0 : static_cast<double>(now_total - before_total) / elapsed;
    };
    rates[queue.queue] = QueueRates{per_second(queue.processed_total, previous->second.processed_total),
                                    per_second(queue.failed_total, previous->second.failed_total)};
    previous->second = Reading{at, queue.processed_total, queue.failed_total};
}

void DashFetcher::refresh(const DashState& state, int page_size, DashData& data) {
    DashData next = data;
    try {
        switch (state.view) {
            case View::kQueues:
                next.queues.clear();
                for (const auto& name : inspector_.queues()) {
                    try {
                        next.queues.push_back(inspector_.get_queue_info(name));
                    } catch (const QueueNotFoundError&) {
                        // deleted between the two reads: not a queue any more
                    }
                }
                next.servers = inspector_.servers();
                break;
            case View::kQueueDetails:
                fetch_queue_details(state, page_size, next);
                break;
            case View::kTaskDetails:
                try {
                    next.task = inspector_.get_task_info(state.queue, state.task_id);
                } catch (const QueueNotFoundError&) {
                    next.task.reset();
                } catch (const TaskNotFoundError&) {
                    next.task.reset();
                }
                break;
            case View::kServers:
                next.servers = inspector_.servers();
                break;
            case View::kHelp:
                return;
        }
    } catch (const std::exception& e) {
        data.error = e.what();
        return;
    }
    const auto now = RateTracker::Clock::now();
    for (const auto& queue : next.queues) rates_.record(queue, now, next.rates);
    if (next.queue) rates_.record(*next.queue, now, next.rates);
    next.error.clear();
    next.fetched_at = std::chrono::system_clock::now();
    data = std::move(next);
}

void DashFetcher::fetch_queue_details(const DashState& state, int page_size, DashData& next) {
    next.tasks.clear();
    try {
        next.queue = inspector_.get_queue_info(state.queue);
    } catch (const QueueNotFoundError&) {
        next.queue.reset();
        next.groups.clear();
        return;
    }
    if (state.task_state == TaskState::kAggregating) {
        // The group list, and a group's size for the page count.
        next.groups = inspector_.groups(state.queue);
        if (state.group.empty()) return;
    }
    next.tasks = list_tasks(state, ListOptions{state.page, std::max(page_size, 1)});
}

std::vector<TaskInfo> DashFetcher::list_tasks(const DashState& state, ListOptions page) {
    switch (state.task_state) {
        case TaskState::kActive:
            return inspector_.list_active_tasks(state.queue, page);
        case TaskState::kPending:
            return inspector_.list_pending_tasks(state.queue, page);
        case TaskState::kScheduled:
            return inspector_.list_scheduled_tasks(state.queue, page);
        case TaskState::kRetry:
            return inspector_.list_retry_tasks(state.queue, page);
        case TaskState::kArchived:
            return inspector_.list_archived_tasks(state.queue, page);
        case TaskState::kCompleted:
            return inspector_.list_completed_tasks(state.queue, page);
        case TaskState::kAggregating:
            return inspector_.list_aggregating_tasks(state.queue, state.group, page);
    }
    return {};
}

}  // namespace asynq::cli::dash
