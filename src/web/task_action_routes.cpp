#include <httplib.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "asynq/errors.h"
#include "asynq/inspector.h"
#include "redis/errors.h"
#include "web/api_error.h"
#include "web/json_views.h"
#include "web/routes.h"

namespace asynq::web {
namespace {

enum class Action { kDelete, kRun, kArchive, kCancel };

constexpr std::size_t kBatchLimit = 1000;

Action parse_action(const std::string& name) {
    if (name == "delete") return Action::kDelete;
    if (name == "run") return Action::kRun;
    if (name == "archive") return Action::kArchive;
    return Action::kCancel;
}

// The state named in the path (`pending` of `pending_tasks`); an unknown one is an unknown route.
TaskState path_state(const std::string& name) {
    const auto state = parse_task_state(name);
    if (!state) throw not_found("unknown task state \"" + name + "\"");
    return *state;
}

// One task. The state in the path only chooses the route: the Inspector checks the task's actual state.
void act_on_task(Inspector& inspector, const std::string& queue, const std::string& id, Action action) {
    switch (action) {
        case Action::kDelete:
            inspector.delete_task(queue, id);
            return;
        case Action::kRun:
            inspector.run_task(queue, id);
            return;
        case Action::kArchive:
            inspector.archive_task(queue, id);
            return;
        case Action::kCancel:
            // cancel_processing() is best effort and says nothing about unknown tasks; the API does.
            if (inspector.get_task_info(queue, id).state != TaskState::kActive) {
                throw TaskStateError("task is not active: id=" + id + ", queue=" + queue);
            }
            inspector.cancel_processing(id);
            return;
    }
}

// Every active task is asked to cancel (as asynqmon does: the Inspector has no "cancel all").
std::int64_t cancel_all_active(Inspector& inspector, const std::string& queue) {
    std::vector<std::string> ids;
    for (int page = 1;; ++page) {
        const auto tasks = inspector.list_active_tasks(queue, ListOptions{.page = page, .page_size = 1000});
        for (const auto& task : tasks) ids.push_back(task.id);
        if (tasks.size() < 1000) break;
    }
    for (const auto& id : ids) inspector.cancel_processing(id);
    return static_cast<std::int64_t>(ids.size());
}

std::optional<std::int64_t> act_on_all(Inspector& inspector, const std::string& queue, TaskState state,
                                       const std::string& group, const std::string& action) {
    using S = TaskState;
    if (action == "delete_all") {
        switch (state) {
            case S::kPending:
                return inspector.delete_all_pending_tasks(queue);
            case S::kScheduled:
                return inspector.delete_all_scheduled_tasks(queue);
            case S::kRetry:
                return inspector.delete_all_retry_tasks(queue);
            case S::kArchived:
                return inspector.delete_all_archived_tasks(queue);
            case S::kCompleted:
                return inspector.delete_all_completed_tasks(queue);
            case S::kAggregating:
                return inspector.delete_all_aggregating_tasks(queue, group);
            case S::kActive:
                break;
        }
    } else if (action == "run_all") {
        switch (state) {
            case S::kScheduled:
                return inspector.run_all_scheduled_tasks(queue);
            case S::kRetry:
                return inspector.run_all_retry_tasks(queue);
            case S::kArchived:
                return inspector.run_all_archived_tasks(queue);
            case S::kAggregating:
                return inspector.run_all_aggregating_tasks(queue, group);
            default:
                break;
        }
    } else if (action == "archive_all") {
        switch (state) {
            case S::kPending:
                return inspector.archive_all_pending_tasks(queue);
            case S::kScheduled:
                return inspector.archive_all_scheduled_tasks(queue);
            case S::kRetry:
                return inspector.archive_all_retry_tasks(queue);
            case S::kAggregating:
                return inspector.archive_all_aggregating_tasks(queue, group);
            default:
                break;
        }
    } else if (action == "cancel_all" && state == S::kActive) {
        return cancel_all_active(inspector, queue);
    }
    return std::nullopt;
}

Json all_tasks_action(Inspector& inspector, const std::string& queue, TaskState state, const std::string& group,
                      const std::string& action) {
    if (state == TaskState::kAggregating && group.empty()) {
        throw invalid_argument("aggregating tasks are acted on per group: use /api/queues/" + queue +
                               "/groups/{group}/aggregating_tasks:" + action);
    }
    const auto count = act_on_all(inspector, queue, state, group, action);
    if (!count) {
        throw invalid_argument(action + " is not an action on " + std::string(to_string(state)) + " tasks");
    }
    return Json{{"count", *count}};
}

std::vector<std::string> batch_ids(const std::string& body) {
    const auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded() || !json.is_object() || !json.contains("task_ids") || !json["task_ids"].is_array()) {
        throw invalid_argument(R"(the body must be a JSON object {"task_ids": ["id", ...]})");
    }
    std::vector<std::string> ids;
    for (const auto& id : json["task_ids"]) {
        if (!id.is_string() || id.get<std::string>().empty()) {
            throw invalid_argument("task_ids must hold non-empty strings");
        }
        ids.push_back(id.get<std::string>());
    }
    if (ids.empty() || ids.size() > kBatchLimit) {
        throw invalid_argument("task_ids must hold from 1 to " + std::to_string(kBatchLimit) + " ids");
    }
    return ids;
}

// Each id on its own: one task's failure (unknown, wrong state) does not stop the others. Redis out of reach does:
// the whole request then answers 503.
Json batch_action(Inspector& inspector, const std::string& queue, const std::string& body, Action action) {
    Json done = Json::array();
    Json failed = Json::array();
    for (const auto& id : batch_ids(body)) {
        try {
            act_on_task(inspector, queue, id, action);
            done.push_back(id);
        } catch (const Error& e) {
            // Redis out of reach or refusing commands (wrong password...) fails the whole request.
            if (e.code() == ErrorCode::kUnavailable || dynamic_cast<const redis::ReplyError*>(&e) != nullptr) throw;
            failed.push_back(Json{{"id", id}, {"error", e.what()}});
        }
    }
    return Json{{"done", std::move(done)}, {"failed", std::move(failed)}};
}

void require_cancel_on_active(TaskState state, Action action) {
    if (action == Action::kCancel && state != TaskState::kActive) {
        throw invalid_argument("only active tasks can be canceled");
    }
}

}  // namespace

void add_task_action_routes(httplib::Server& server, ApiContext& context) {
    Inspector& inspector = context.inspector;

    post_json(server, R"(/api/queues/([^/]+)/(\w+)_tasks/([^/]+):(run|archive|cancel))",
              [&inspector](const httplib::Request& request) {
                  const Action action = parse_action(request.matches[4]);
                  require_cancel_on_active(path_state(request.matches[2]), action);
                  act_on_task(inspector, request.matches[1], request.matches[3], action);
                  return Json::object();
              });
    post_json(server, R"(/api/queues/([^/]+)/groups/([^/]+)/aggregating_tasks/([^/]+):(run|archive))",
              [&inspector](const httplib::Request& request) {
                  act_on_task(inspector, request.matches[1], request.matches[3], parse_action(request.matches[4]));
                  return Json::object();
              });
    delete_json(server, R"(/api/queues/([^/]+)/(\w+)_tasks/([^/]+))", [&inspector](const httplib::Request& request) {
        path_state(request.matches[2]);
        act_on_task(inspector, request.matches[1], request.matches[3], Action::kDelete);
        return Json::object();
    });
    delete_json(server, R"(/api/queues/([^/]+)/groups/([^/]+)/aggregating_tasks/([^/]+))",
                [&inspector](const httplib::Request& request) {
                    act_on_task(inspector, request.matches[1], request.matches[3], Action::kDelete);
                    return Json::object();
                });

    post_json(server, R"(/api/queues/([^/]+)/(\w+)_tasks:(delete_all|run_all|archive_all|cancel_all))",
              [&inspector](const httplib::Request& request) {
                  return all_tasks_action(inspector, request.matches[1], path_state(request.matches[2]), "",
                                          request.matches[3]);
              });
    post_json(server, R"(/api/queues/([^/]+)/groups/([^/]+)/aggregating_tasks:(delete_all|run_all|archive_all))",
              [&inspector](const httplib::Request& request) {
                  return all_tasks_action(inspector, request.matches[1], TaskState::kAggregating, request.matches[2],
                                          request.matches[3]);
              });

    post_json(server, R"(/api/queues/([^/]+)/(\w+)_tasks:batch_(delete|run|archive|cancel))",
              [&inspector](const httplib::Request& request) {
                  const Action action = parse_action(request.matches[3]);
                  require_cancel_on_active(path_state(request.matches[2]), action);
                  return batch_action(inspector, request.matches[1], request.body, action);
              });
    post_json(server, R"(/api/queues/([^/]+)/groups/([^/]+)/aggregating_tasks:batch_(delete|run|archive))",
              [&inspector](const httplib::Request& request) {
                  return batch_action(inspector, request.matches[1], request.body, parse_action(request.matches[3]));
              });
}

}  // namespace asynq::web
