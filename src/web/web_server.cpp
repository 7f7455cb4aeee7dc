#include "web/web_server.h"

#include <httplib.h>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <utility>

#include "asynq/errors.h"
#include "asynq/inspector.h"
#include "web/api_error.h"
#include "web/routes.h"
#include "web/security.h"

namespace asynq::web {

void get_json(httplib::Server& server, const std::string& pattern, JsonHandler handler) {
    server.Get(pattern, [handler = std::move(handler)](const httplib::Request& request, httplib::Response& response) {
        write_json(response, 200, handler(request));
    });
}

void post_json(httplib::Server& server, const std::string& pattern, JsonHandler handler) {
    server.Post(pattern, [handler = std::move(handler)](const httplib::Request& request, httplib::Response& response) {
        write_json(response, 200, handler(request));
    });
}

void delete_json(httplib::Server& server, const std::string& pattern, JsonHandler handler) {
    server.Delete(pattern,
                  [handler = std::move(handler)](const httplib::Request& request, httplib::Response& response) {
                      write_json(response, 200, handler(request));
                  });
}

namespace {

// Requests served at once. Each open event stream holds one thread, so the pool is larger than httplib's default
// (8 on small machines) to keep a few dashboard tabs from starving API calls.
constexpr std::size_t kThreads = 32;

std::string address_of(const RedisOptions& redis) {
    return redis.unix_socket.empty() ? redis.host + ":" + std::to_string(redis.port) : redis.unix_socket;
}

}  // namespace

struct WebServer::Impl {
    Impl(RedisOptions redis, WebOptions web_options)
        : options(std::move(web_options)),
          inspector(redis),
          context{inspector, options, address_of(redis), stop_signal} {}

    // Authentication, then read-only, then the CSRF check; answers the refusal itself (Handled) or lets the
    // request through to routing (Unhandled).
    httplib::Server::HandlerResponse check(const httplib::Request& request, httplib::Response& response) const {
        const bool api = request.path.rfind("/api/", 0) == 0;
        const bool metrics = request.path == "/metrics";
        if ((api || (metrics && !options.metrics_public)) &&
            !is_authorized(options.auth, request.get_header_value("Authorization"))) {
            response.set_header("WWW-Authenticate", www_authenticate(options.auth));
            write_error(response, {401, "unauthenticated", "missing or wrong credentials"});
            return httplib::Server::HandlerResponse::Handled;
        }
        if (!is_mutation(request.method)) return httplib::Server::HandlerResponse::Unhandled;
        if (options.read_only) {
            write_error(response, {403, "read_only", "the server runs with --read-only: actions are disabled"});
            return httplib::Server::HandlerResponse::Handled;
        }
        switch (check_csrf(request.get_header_value("X-Asynq-Csrf"), request.get_header_value("Origin"),
                           request.get_header_value("Host"))) {
            case CsrfVerdict::kAllowed:
                return httplib::Server::HandlerResponse::Unhandled;
            case CsrfVerdict::kMissingHeader:
                write_error(response, {403, "csrf", "actions need the header X-Asynq-Csrf: 1"});
                break;
            case CsrfVerdict::kForeignOrigin:
                write_error(response, {403, "csrf", "actions from another origin are refused"});
                break;
        }
        return httplib::Server::HandlerResponse::Handled;
    }

    void install_routes() {
        http.new_task_queue = [] { return new httplib::ThreadPool(kThreads); };
        // Idle keep-alive connections are checked this often for a stop: it bounds how long stop() waits.
        http.set_keep_alive_timeout(1);
        http.set_payload_max_length(1 << 20);
        http.set_pre_routing_handler(
            [this](const httplib::Request& request, httplib::Response& response) { return check(request, response); });
        http.set_exception_handler([](const httplib::Request&, httplib::Response& response, std::exception_ptr error) {
            write_error(response, error_reply(error));
        });
        // Answers httplib made without a handler (no route, malformed request) get the JSON error body too.
        http.set_error_handler(
            httplib::Server::HandlerWithResponse([](const httplib::Request& request, httplib::Response& response) {
                if (!response.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
                const std::string message = response.status == 404
                                                ? "no route for " + request.method + " " + request.path
                                                : "malformed HTTP request (a POST needs a Content-Length, even 0)";
                write_error(response, {response.status, code_for_status(response.status), message});
                return httplib::Server::HandlerResponse::Handled;
            }));
        add_queue_routes(http, context);
        add_task_routes(http, context);
        add_task_action_routes(http, context);
        add_cluster_routes(http, context);
        add_event_routes(http, context);
        add_metrics_route(http, context);
        add_static_routes(http, context);  // last: it matches every GET
    }

    const WebOptions options;
    Inspector inspector;
    StopSignal stop_signal;
    ApiContext context;
    httplib::Server http;
    int port = 0;
    std::atomic<bool> loop_ended{false};
    std::thread accept_loop;  // runs http.listen_after_bind(); joined by stop()
};

WebServer::WebServer(RedisOptions redis, WebOptions options) {
    check_exposure(options);
    if (options.poll.count() <= 0) throw Error(ErrorCode::kInvalidArgument, "the poll interval must be positive");
    if (options.port < 0 || options.port > 65535) {
        throw Error(ErrorCode::kInvalidArgument, "port " + std::to_string(options.port) + " is outside 0..65535");
    }
    impl_ = std::make_unique<Impl>(std::move(redis), std::move(options));
    impl_->install_routes();
}

WebServer::~WebServer() { stop(); }

void WebServer::start() {
    if (impl_->accept_loop.joinable()) throw Error(ErrorCode::kFailedPrecondition, "the web server already started");
    const auto& options = impl_->options;
    const int port = options.port == 0 ? impl_->http.bind_to_any_port(options.host)
                                       : (impl_->http.bind_to_port(options.host, options.port) ? options.port : -1);
    if (port < 0) {
        throw Error(ErrorCode::kFailedPrecondition, "cannot listen on " + options.host + ":" +
                                                        std::to_string(options.port) +
                                                        " (address in use, or not an address of this machine)");
    }
    impl_->port = port;
    impl_->accept_loop = std::thread([this] {
        impl_->http.listen_after_bind();
        impl_->loop_ended = true;
    });
    // httplib's stop() does nothing until the loop runs: wait for it, so that a stop() right after start() works.
    while (!impl_->http.is_running() && !impl_->loop_ended) std::this_thread::yield();
}

int WebServer::port() const { return impl_->port; }

void WebServer::stop() {
    if (!impl_) return;
    impl_->stop_signal.stop();  // first: event streams return, so their threads are free to be joined
    if (impl_->accept_loop.joinable()) {
        impl_->http.stop();
        impl_->accept_loop.join();
    }
}

}  // namespace asynq::web
