#include <httplib.h>

#include <string>

#include "asynq/inspector.h"
#include "asynq/version.h"
#include "cli/server_info_json.h"
#include "web/json_views.h"
#include "web/request_params.h"
#include "web/routes.h"
#include "web/security.h"

namespace asynq::web {

void add_cluster_routes(httplib::Server& server, ApiContext& context) {
    Inspector& inspector = context.inspector;

    get_json(server, "/api/config", [&context](const httplib::Request&) {
        Json out = Json::object();
        out["version"] = kVersion;
        out["read_only"] = context.options.read_only;
        out["auth"] = auth_name(context.options.auth.kind);
        out["redis"] = context.redis_address;
        return out;
    });

    get_json(server, "/api/servers", [&inspector](const httplib::Request&) {
        Json servers = Json::array();
        for (const auto& info : inspector.servers()) servers.push_back(cli::server_info_to_json(info));
        return Json{{"servers", std::move(servers)}};
    });

    get_json(server, "/api/scheduler_entries", [&inspector](const httplib::Request&) {
        Json entries = Json::array();
        for (const auto& entry : inspector.scheduler_entries()) entries.push_back(scheduler_entry_json(entry));
        return Json{{"entries", std::move(entries)}};
    });

    get_json(server, R"(/api/scheduler_entries/([^/]+)/enqueue_events)", [&inspector](const httplib::Request& request) {
        const ListOptions page = page_params(request);
        Json events = Json::array();
        for (const auto& event : inspector.scheduler_enqueue_events(request.matches[1], page)) {
            events.push_back(enqueue_event_json(event));
        }
        return Json{{"events", std::move(events)}, {"page", page.page}, {"page_size", page.page_size}};
    });

    get_json(server, "/api/redis_info", [&context](const httplib::Request&) {
        Json info = Json::object();
        for (const auto& [key, value] : context.inspector.redis_info()) info[key] = value;
        return Json{{"address", context.redis_address}, {"info", std::move(info)}};
    });
}

}  // namespace asynq::web
