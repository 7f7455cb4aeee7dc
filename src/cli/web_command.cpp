#include "cli/web_command.h"

#include <pthread.h>
#include <signal.h>

#include <charconv>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <tuple>

#include "asynq/errors.h"
#include "util/go_duration.h"
#include "web/security.h"
#include "web/web_server.h"

#ifndef ASYNQ_WEB_DIST_DIR
#define ASYNQ_WEB_DIST_DIR "web/dist"
#endif

namespace asynq::cli {
namespace {

struct WebFlags {
    std::string listen = "127.0.0.1:8080";
    bool read_only = false;
    std::string auth_token;
    std::string basic_auth;
    std::string static_dir;
    std::string poll = "2s";
    bool metrics_public = false;
};

// The front end's files: --static-dir, else $ASYNQ_WEB_DIR (CLI11 reads it into the flag), else web/dist of the
// source tree this binary was built from (known at compile time only).
std::filesystem::path static_dir_of(const WebFlags& flags) {
    return flags.static_dir.empty() ? std::filesystem::path(ASYNQ_WEB_DIST_DIR)
                                    : std::filesystem::path(flags.static_dir);
}

std::string url_host(const std::string& host) { return host.find(':') != std::string::npos ? "[" + host + "]" : host; }

void run_web(const GlobalOptions& global, const WebFlags& flags) {
    web::WebOptions options;
    std::tie(options.host, options.port) = parse_listen_address(flags.listen);
    options.read_only = flags.read_only;
    options.auth = web::make_auth_config(flags.auth_token, flags.basic_auth);
    options.static_dir = static_dir_of(flags);
    options.poll = std::chrono::duration_cast<std::chrono::milliseconds>(util::parse_go_duration(flags.poll));
    if (options.poll < std::chrono::milliseconds(100)) {
        throw Error(ErrorCode::kInvalidArgument, "--poll must be at least 100ms, got " + flags.poll);
    }
    options.metrics_public = flags.metrics_public;

    // Blocked before the server's threads exist (they inherit the mask), then taken synchronously below, so no
    // code runs in a signal handler. SIGPIPE: a browser closing a connection must not kill the server.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    ::signal(SIGPIPE, SIG_IGN);

    web::WebServer server(global.redis_options(), options);
    server.start();
    const bool built = std::filesystem::is_regular_file(options.static_dir / "index.html");
    std::cerr << "asynq web: serving http://" << url_host(options.host) << ":" << server.port() << "/ (front end "
              << (built ? "from " : "not built: no index.html in ") << options.static_dir.string()
              << (options.read_only ? "; read-only" : "") << ")" << std::endl;
    int signal = 0;
    sigwait(&signals, &signal);
    std::cerr << "asynq web: stopping (signal " << signal << ")" << std::endl;
    server.stop();
}

}  // namespace

std::pair<std::string, int> parse_listen_address(const std::string& text) {
    const auto bad = [&text](const std::string& why) {
        return Error(ErrorCode::kInvalidArgument, "--listen \"" + text + "\": " + why);
    };
    const auto colon = text.rfind(':');
    if (colon == std::string::npos) throw bad("expected HOST:PORT");
    std::string host = text.substr(0, colon);
    const std::string port_text = text.substr(colon + 1);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    } else if (host.find(':') != std::string::npos) {
        throw bad("write an IPv6 address in brackets, e.g. [::1]:8080");
    }
    if (host.empty()) host = "0.0.0.0";
    int port = -1;
    const auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (port_text.empty() || error != std::errc() || end != port_text.data() + port_text.size() || port < 0 ||
        port > 65535) {
        throw bad("the port must be a number from 0 to 65535");
    }
    return {host, port};
}

void add_web_command(CLI::App& app, const GlobalOptions& global) {
    CLI::App* command = app.add_subcommand("web", "Serve the web dashboard, its JSON API and Prometheus /metrics");
    command->footer(
        "Listens on loopback by default; any other address needs --auth-token or --basic-auth. Mutations need the "
        "header X-Asynq-Csrf: 1. SIGINT or SIGTERM stop the server. See docs/web_api.md.");
    auto flags = std::make_shared<WebFlags>();
    command->add_option("--listen", flags->listen, "HOST:PORT to listen on (port 0: any free port)")
        ->type_name("HOST:PORT")
        ->capture_default_str();
    command->add_flag("--read-only", flags->read_only, "Refuse every action (403); reads still work");
    auto* token = command
                      ->add_option("--auth-token", flags->auth_token,
                                   "Require `Authorization: Bearer TOKEN` on the API and /metrics")
                      ->type_name("TOKEN")
                      ->envname("ASYNQ_WEB_TOKEN");
    command->add_option("--basic-auth", flags->basic_auth, "Require HTTP basic authentication with these credentials")
        ->type_name("USER:PASSWORD")
        ->envname("ASYNQ_WEB_BASIC_AUTH")
        ->excludes(token);
    command
        ->add_option("--static-dir", flags->static_dir,
                     std::string("The built front end (default: ") + ASYNQ_WEB_DIST_DIR + ")")
        ->type_name("DIR")
        ->envname("ASYNQ_WEB_DIR");
    command->add_option("--poll", flags->poll, "Interval of the live updates on /api/events")
        ->type_name("DURATION")
        ->capture_default_str();
    command->add_flag("--metrics-public", flags->metrics_public, "Serve /metrics without authentication");
    command->callback([&global, flags] { run_web(global, *flags); });
}

}  // namespace asynq::cli
