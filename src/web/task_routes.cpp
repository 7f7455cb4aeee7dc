#include <httplib.h>

#include <functional>
#include <string>
#include <vector>

#include "asynq/inspector.h"
#include "cli/task_info_json.h"
#include "web/api_error.h"
#include "web/json_views.h"
#include "web/request_params.h"
#include "web/routes.h"
#include "web/task_filter.h"

namespace asynq::web {
namespace {

using Lister = std::function<std::vector<TaskInfo>(ListOptions)>;

// One page of a state through the Inspector's lister for it.
Lister lister_for(Inspector& inspector, const std::string& queue, TaskState state, const std::string& group) {
    switch (state) {
        case TaskState::kActive:
            return [&inspector, queue](ListOptions o) { return inspector.list_active_tasks(queue, o); };
        case TaskState::kPending:
            return [&inspector, queue](ListOptions o) { return inspector.list_pending_tasks(queue, o); };
        case TaskState::kScheduled:
            return [&inspector, queue](ListOptions o) { return inspector.list_scheduled_tasks(queue, o); };
        case TaskState::kRetry:
            return [&inspector, queue](ListOptions o) { return inspector.list_retry_tasks(queue, o); };
        case TaskState::kArchived:
            return [&inspector, queue](ListOptions o) { return inspector.list_archived_tasks(queue, o); };
        case TaskState::kCompleted:
            return [&inspector, queue](ListOptions o) { return inspector.list_completed_tasks(queue, o); };
        case TaskState::kAggregating:
            break;
    }
    return [&inspector, queue, group](ListOptions o) { return inspector.list_aggregating_tasks(queue, group, o); };
}

// How many tasks the state (or the group) holds: the list's `total` without a filter.
std::int64_t state_count(Inspector& inspector, const std::string& queue, TaskState state, const std::string& group) {
    if (state == TaskState::kAggregating) {
        for (const auto& info : inspector.groups(queue)) {
            if (info.group == group) return info.size;
        }
        return 0;
    }
    const QueueInfo info = inspector.get_queue_info(queue);
    switch (state) {
        case TaskState::kActive:
            return info.active;
        case TaskState::kPending:
            return info.pending;
        case TaskState::kScheduled:
            return info.scheduled;
        case TaskState::kRetry:
            return info.retry;
        case TaskState::kArchived:
            return info.archived;
        case TaskState::kCompleted:
            return info.completed;
        case TaskState::kAggregating:
            break;
    }
    return 0;
}

Json task_list(Inspector& inspector, const httplib::Request& request, const std::string& queue, TaskState state,
               const std::string& group) {
    const ListOptions page = page_params(request);
    const TaskFilter filter{.type_prefix = text_param(request, "type"), .search = text_param(request, "search")};
    const Lister list = lister_for(inspector, queue, state, group);
    Json out = Json::object();
    out["tasks"] = Json::array();
    if (filter.empty()) {
        // The page first: it throws QueueNotFoundError for an unknown queue.
        for (const auto& task : list(page)) out["tasks"].push_back(cli::task_info_to_json(task));
        out["total"] = state_count(inspector, queue, state, group);
    } else {
        const FilteredPage matches = scan_filtered(list, filter, page);
        for (const auto& task : matches.tasks) out["tasks"].push_back(cli::task_info_to_json(task));
        out["total"] = matches.total;
        out["scanned_all"] = matches.scanned_all;
    }
    out["page"] = page.page;
    out["page_size"] = page.page_size;
    return out;
}

}  // namespace

void add_task_routes(httplib::Server& server, ApiContext& context) {
    Inspector& inspector = context.inspector;

    get_json(server, R"(/api/queues/([^/]+)/(active|pending|scheduled|retry|archived|completed)_tasks)",
             [&inspector](const httplib::Request& request) {
                 const auto state = parse_task_state(request.matches.str(2));
                 return task_list(inspector, request, request.matches[1], *state, "");
             });

    get_json(server, R"(/api/queues/([^/]+)/groups/([^/]+)/aggregating_tasks)",
             [&inspector](const httplib::Request& request) {
                 return task_list(inspector, request, request.matches[1], TaskState::kAggregating, request.matches[2]);
             });

    get_json(server, R"(/api/queues/([^/]+)/tasks/([^/]+))", [&inspector](const httplib::Request& request) {
        return cli::task_info_to_json(inspector.get_task_info(request.matches[1], request.matches[2]));
    });
}

}  // namespace asynq::web
