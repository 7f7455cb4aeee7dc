#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "asynq/inspector_types.h"
#include "web/web_options.h"

namespace httplib {
class Server;
struct Request;
}  // namespace httplib

namespace asynq {
class Inspector;
}

// The API's routes, one file per group (docs/web_api.md, Routes). Each add_* function registers its handlers on
// the server; handlers throw (ApiError, asynq::Error) and web_server.cpp's exception handler writes the error.
namespace asynq::web {

/// Tells long-running handlers (the event stream) that the server is stopping, and lets them sleep until then.
class StopSignal {
public:
    /// Sleeps for `duration` or until stop(); returns true if stopped.
    bool wait_for(std::chrono::milliseconds duration) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, duration, [this] { return stopped_; });
    }
    bool stopped() {
        std::lock_guard lock(mutex_);
        return stopped_;
    }
    void stop() {
        {
            std::lock_guard lock(mutex_);
            stopped_ = true;
        }
        changed_.notify_all();
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    bool stopped_ = false;
};

/// What handlers share; owned by the WebServer, which outlives its handlers.
struct ApiContext {
    Inspector& inspector;
    const WebOptions& options;
    std::string redis_address;  ///< "host:port" or the socket path, for /api/config and /api/redis_info.
    StopSignal& stop;
};

using JsonHandler = std::function<nlohmann::ordered_json(const httplib::Request&)>;

/// Registers a GET/POST/DELETE handler whose return value is the 200 JSON answer.
void get_json(httplib::Server& server, const std::string& pattern, JsonHandler handler);
void post_json(httplib::Server& server, const std::string& pattern, JsonHandler handler);
void delete_json(httplib::Server& server, const std::string& pattern, JsonHandler handler);

/// /api/queues, /api/queues/{q}, pause/resume, delete, /api/queue_stats, groups.
void add_queue_routes(httplib::Server& server, ApiContext& context);
/// Task lists per state and group (with filters) and task detail.
void add_task_routes(httplib::Server& server, ApiContext& context);
/// Single, all-in-state and batch task actions.
void add_task_action_routes(httplib::Server& server, ApiContext& context);
/// /api/config, /api/servers, /api/scheduler_entries, /api/redis_info.
void add_cluster_routes(httplib::Server& server, ApiContext& context);
/// /api/events: server-sent `queues` events every options.poll until the client leaves or the server stops.
void add_event_routes(httplib::Server& server, ApiContext& context);
/// /metrics: Go's exporter metrics, read through the Inspector at each scrape.
void add_metrics_route(httplib::Server& server, ApiContext& context);
/// Everything else that is a GET: the front end's files, index.html for app routes, or a "not built" page.
/// Registered last: it matches every path.
void add_static_routes(httplib::Server& server, ApiContext& context);

/// Every queue's info, sorted by name; a queue deleted while reading is left out.
std::vector<QueueInfo> all_queue_infos(Inspector& inspector);

/// Throws QueueNotFoundError unless the queue is in `asynq:queues` (for Inspector calls that do not check).
void require_queue(Inspector& inspector, const std::string& queue);

}  // namespace asynq::web
