#include <httplib.h>

#include <algorithm>
#include <string>
#include <vector>

#include "asynq/errors.h"
#include "asynq/inspector.h"
#include "web/api_error.h"
#include "web/json_views.h"
#include "web/request_params.h"
#include "web/routes.h"

namespace asynq::web {
namespace {

Json history_json(const std::vector<DailyStats>& days) {
    Json out = Json::array();
    for (const auto& day : days) out.push_back(daily_stats_json(day));
    return out;
}

}  // namespace

std::vector<QueueInfo> all_queue_infos(Inspector& inspector) {
    std::vector<QueueInfo> out;
    for (const auto& name : inspector.queues()) {
        try {
            out.push_back(inspector.get_queue_info(name));
        } catch (const QueueNotFoundError&) {
            // Deleted since queues() listed it.
        }
    }
    return out;
}

void require_queue(Inspector& inspector, const std::string& queue) {
    const auto queues = inspector.queues();
    if (std::find(queues.begin(), queues.end(), queue) == queues.end()) {
        throw QueueNotFoundError("queue \"" + queue + "\" does not exist");
    }
}

void add_queue_routes(httplib::Server& server, ApiContext& context) {
    Inspector& inspector = context.inspector;

    get_json(server, "/api/queues", [&inspector](const httplib::Request&) {
        Json queues = Json::array();
        for (const auto& info : all_queue_infos(inspector)) queues.push_back(queue_json(info));
        return Json{{"queues", std::move(queues)}};
    });

    get_json(server, "/api/queue_stats", [&inspector](const httplib::Request& request) {
        const int days = days_param(request);
        Json stats = Json::object();
        for (const auto& name : inspector.queues()) {
            try {
                stats[name] = history_json(inspector.history(name, days));
            } catch (const QueueNotFoundError&) {
            }
        }
        return Json{{"stats", std::move(stats)}};
    });

    get_json(server, R"(/api/queues/([^/]+))", [&inspector](const httplib::Request& request) {
        const std::string queue = request.matches[1];
        const int days = days_param(request);
        Json out = Json::object();
        out["current"] = queue_json(inspector.get_queue_info(queue));
        out["history"] = history_json(inspector.history(queue, days));
        return out;
    });

    delete_json(server, R"(/api/queues/([^/]+))", [&inspector](const httplib::Request& request) {
        inspector.delete_queue(request.matches[1], bool_param(request, "force"));
        return Json::object();
    });

    post_json(server, R"(/api/queues/([^/]+):(pause|resume))", [&inspector](const httplib::Request& request) {
        const std::string queue = request.matches[1];
        if (request.matches[2] == "pause") {
            inspector.pause_queue(queue);
        } else {
            inspector.unpause_queue(queue);
        }
        return Json::object();
    });

    get_json(server, R"(/api/queues/([^/]+)/groups)", [&inspector](const httplib::Request& request) {
        const std::string queue = request.matches[1];
        // The Inspector answers an empty list for an unknown queue (as Go); the API says 404 as for other reads.
        require_queue(inspector, queue);
        Json groups = Json::array();
        for (const auto& group : inspector.groups(queue)) {
            groups.push_back(Json{{"group", group.group}, {"size", group.size}});
        }
        return Json{{"groups", std::move(groups)}};
    });
}

}  // namespace asynq::web
