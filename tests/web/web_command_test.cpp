// `asynq web` as users run it: the real binary, signals, exit statuses and the refusal to listen unprotected.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>

#include <regex>
#include <thread>

#include "cli/cli_runner.h"
#include "support/eventually.h"
#include "support/test_redis.h"

namespace asynq::testing {
namespace {

using WebCommandTest = RedisTest;

// The port the server announced on stderr ("serving http://127.0.0.1:PORT/"), or 0 before it did.
int announced_port(const std::string& err) {
    std::smatch match;
    static const std::regex kServing(R"(serving http://127\.0\.0\.1:(\d+)/)");
    return std::regex_search(err, match, kServing) ? std::stoi(match[1]) : 0;
}

TEST_F(WebCommandTest, ServesUntilSigtermEvenWithAnOpenEventStream) {
    CliProcess web({.args = {"web", "--listen", "127.0.0.1:0", "--poll", "100ms", "--uri", server().uri()},
                    .input = std::nullopt,
                    .env = {}});
    ASSERT_TRUE(eventually([&] { return announced_port(web.err()) != 0; })) << web.err();
    const int port = announced_port(web.err());

    httplib::Client http("127.0.0.1", port);
    const auto queues = http.Get("/api/queues");
    ASSERT_TRUE(queues);
    EXPECT_EQ(queues->status, 200);
    EXPECT_EQ(queues->body, R"({"queues":[]})");

    std::atomic<bool> got_event{false};
    std::thread stream([&] {
        httplib::Client events("127.0.0.1", port);
        events.set_read_timeout(60, 0);
        events.Get("/api/events", [&](const char* data, std::size_t size) {
            if (std::string(data, size).find("event: queues") != std::string::npos) got_event = true;
            return true;  // stay until the server ends the stream
        });
    });
    ASSERT_TRUE(eventually([&] { return got_event.load(); }));
    web.send_signal(SIGTERM);
    const auto result = web.wait();
    stream.join();
    EXPECT_EQ(result.exit_status, 0) << result.err;
}

TEST_F(WebCommandTest, RefusesANonLoopbackAddressWithoutAuthentication) {
    const auto result = run_cli({"web", "--listen", "0.0.0.0:0", "--uri", server().uri()});
    EXPECT_EQ(result.exit_status, 2);
    ASSERT_EQ(result.err_lines().size(), 1u) << result.err;
    EXPECT_EQ(result.err_lines()[0].rfind("asynq: refusing to listen on 0.0.0.0 without authentication", 0), 0u)
        << result.err;
}

TEST_F(WebCommandTest, BadFlagsExitWithStatusTwo) {
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"web", "--auth-token", "t", "--basic-auth", "u:p"},
          std::vector<std::string>{"web", "--basic-auth", "nocolon"},
          std::vector<std::string>{"web", "--listen", "8080"},
          std::vector<std::string>{"web", "--listen", "127.0.0.1:70000"},
          std::vector<std::string>{"web", "--poll", "5x"}}) {
        const auto result = run_cli(args);
        EXPECT_EQ(result.exit_status, 2) << args.back() << ": " << result.err;
        EXPECT_EQ(result.err_lines().size(), 1u) << result.err;
    }
}

TEST_F(WebCommandTest, TokenFromTheEnvironmentProtectsTheApi) {
    CliProcess web({.args = {"web", "--listen", "127.0.0.1:0", "--uri", server().uri()},
                    .input = std::nullopt,
                    .env = {{"ASYNQ_WEB_TOKEN", "from-env"}}});
    ASSERT_TRUE(eventually([&] { return announced_port(web.err()) != 0; })) << web.err();
    httplib::Client http("127.0.0.1", announced_port(web.err()));
    const auto refused = http.Get("/api/queues");
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 401);
    const auto allowed = http.Get("/api/queues", {{"Authorization", "Bearer from-env"}});
    ASSERT_TRUE(allowed);
    EXPECT_EQ(allowed->status, 200);
    web.send_signal(SIGINT);
    EXPECT_EQ(web.wait().exit_status, 0);
}

}  // namespace
}  // namespace asynq::testing
