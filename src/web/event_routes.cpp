#include <httplib.h>

#include <string>

#include "asynq/errors.h"
#include "asynq/inspector.h"
#include "web/api_error.h"
#include "web/json_views.h"
#include "web/routes.h"

namespace asynq::web {
namespace {

// One server-sent event: `event: <name>`, `data: <json on one line>`, blank line.
std::string sse_event(const std::string& name, const Json& data) {
    return "event: " + name + "\ndata: " + data.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n\n";
}

std::string queues_event(Inspector& inspector) {
    try {
        Json queues = Json::array();
        for (const auto& info : all_queue_infos(inspector)) queues.push_back(queue_json(info));
        return sse_event("queues", Json{{"queues", std::move(queues)}});
    } catch (...) {
        // Redis down or a bad value: the stream stays open and says so; the next poll may succeed.
        const ErrorReply error = error_reply(std::current_exception());
        return sse_event("error", Json{{"error", {{"code", error.code}, {"message", error.message}}}});
    }
}

}  // namespace

void add_event_routes(httplib::Server& server, ApiContext& context) {
    server.Get("/api/events", [&context](const httplib::Request&, httplib::Response& response) {
        response.set_header("Cache-Control", "no-cache");
        // httplib calls the provider again after each return until done() or false. The first call sends at once;
        // later ones wait one poll interval, or until the server stops, which ends the stream (done()) so that
        // stopping never waits for a client to leave.
        response.set_chunked_content_provider("text/event-stream",
                                              [&context, first = true](std::size_t, httplib::DataSink& sink) mutable {
                                                  if (!first && context.stop.wait_for(context.options.poll)) {
                                                      sink.done();
                                                      return true;
                                                  }
                                                  first = false;
                                                  if (context.stop.stopped() || !sink.is_writable()) {
                                                      sink.done();
                                                      return true;
                                                  }
                                                  const std::string event = queues_event(context.inspector);
                                                  return sink.write(event.data(), event.size());
                                              });
    });
}

}  // namespace asynq::web
