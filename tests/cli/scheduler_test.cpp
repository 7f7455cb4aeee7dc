// Runs the real `asynq scheduler --config FILE` against the test Redis: its entries enqueue tasks, rewriting the
// file changes them while it runs, a bad file is refused at start and survived later, and SIGTERM stops it.

#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "broker/proto/asynq.pb.h"
#include "cli_runner.h"
#include "support/eventually.h"
#include "support/redis_server.h"
#include "support/temp_dir.h"
#include "support/test_redis.h"

namespace asynq::testing {
namespace {

using namespace std::chrono_literals;

// C++20 has no std::string::contains.
bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

// One entry firing every second into its own queue, so that each entry's tasks can be counted apart.
std::string every_second(const std::string& type, const std::string& queue) {
    return "tasks:\n  - cron: '@every 1s'\n    type: " + type + "\n    queue: " + queue +
           "\n    payload: '{\"n\":1}'\n";
}

class SchedulerCliTest : public RedisTest {
protected:
    // `asynq scheduler --config <file> --sync-interval 100ms --uri <test redis>` in the background, once it says
    // it started (from then on SIGTERM and SIGINT are its graceful shutdown).
    std::unique_ptr<CliProcess> start_scheduler() {
        CliRun run;
        run.args = {"scheduler", "--config", config_, "--sync-interval", "100ms", "--uri", server().uri()};
        auto scheduler = std::make_unique<CliProcess>(run);
        EXPECT_TRUE(eventually([&] { return contains(scheduler->err(), "asynq scheduler: started with "); }))
            << scheduler->err();
        return scheduler;
    }

    // SIGTERM: the scheduler must exit 0 without an error and take its entries out of Redis.
    void stop_scheduler(CliProcess& scheduler) {
        scheduler.send_signal(SIGTERM);
        const CliResult result = scheduler.wait();
        EXPECT_EQ(result.exit_status, 0) << result.err;
        EXPECT_FALSE(contains(result.err, "asynq: ")) << result.err;
        EXPECT_TRUE(contains(result.err, "asynq scheduler: stopped")) << result.err;
        EXPECT_EQ(redis().zcard("asynq:schedulers"), 0);
    }

    long long pending(const std::string& queue) { return redis().llen("asynq:{" + queue + "}:pending"); }

    // The type of the oldest task waiting in the queue, decoded with the wire schema itself.
    std::string oldest_type(const std::string& queue) {
        const auto ids = redis().lrange("asynq:{" + queue + "}:pending");
        if (ids.empty()) return "<none>";
        wire::TaskMessage message;
        message.ParseFromString(redis().hget("asynq:{" + queue + "}:t:" + ids.back(), "msg").value_or(""));
        return message.type();
    }

    TempDir dir_;
    const std::string config_ = dir_.file("tasks.yaml");
};

std::int64_t unix_seconds_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// Two scheduler processes on one file: each occurrence is enqueued once between them, and when one is killed
// (kill -9: no shutdown, its claims and entries left behind) the other goes on alone.
TEST_F(SchedulerCliTest, TwoProcessesEnqueueEachOccurrenceOnceAndOneGoesOnWhenTheOtherDies) {
    replace_file(config_, every_second("tick", "shared"));
    const auto first_window = unix_seconds_now();
    auto a = start_scheduler();
    auto b = start_scheduler();
    ASSERT_TRUE(eventually([&] { return pending("shared") >= 4; }, 30s)) << a->err() << b->err();

    a->send_signal(SIGKILL);
    EXPECT_EQ(a->wait().exit_status, 128 + SIGKILL);
    const auto before = pending("shared");
    ASSERT_TRUE(eventually([&] { return pending("shared") >= before + 3; }, 30s)) << b->err();

    b->send_signal(SIGTERM);
    EXPECT_EQ(b->wait().exit_status, 0);
    const auto last_window = unix_seconds_now();
    // `@every 1s` occurrences are one-second windows: together the two enqueue at most one task per window, where
    // apart they would enqueue two for every window both were alive.
    EXPECT_LE(pending("shared"), last_window - first_window + 1) << "windows " << first_window << ".." << last_window;
}

TEST_F(SchedulerCliTest, EntriesEnqueueAndARewrittenFileReplacesThem) {
    replace_file(config_, every_second("old:type", "old"));
    auto scheduler = start_scheduler();
    EXPECT_TRUE(contains(scheduler->err(), "started with 1 entry from " + config_)) << scheduler->err();
    ASSERT_TRUE(eventually([&] { return pending("old") >= 1; }, 30s)) << scheduler->err();
    EXPECT_EQ(oldest_type("old"), "old:type");

    replace_file(config_, every_second("new:type", "new"));
    ASSERT_TRUE(eventually([&] { return contains(scheduler->err(), "reloaded " + config_); })) << scheduler->err();
    const std::string err = scheduler->err();
    EXPECT_TRUE(contains(err, R"(added "@every 1s" new:type)")) << err;
    EXPECT_TRUE(contains(err, R"(removed "@every 1s" old:type)")) << err;
    EXPECT_TRUE(contains(err, "0 unchanged")) << err;

    ASSERT_TRUE(eventually([&] { return pending("new") >= 1; }, 30s)) << scheduler->err();
    EXPECT_EQ(oldest_type("new"), "new:type");
    // Counted once the new entry fired, so that an old firing already under way when it was removed is in. The
    // next two new firings span at least a second, in which a still-registered old entry would fire too.
    const long long old_count = pending("old");
    const long long new_count = pending("new");
    ASSERT_TRUE(eventually([&] { return pending("new") >= new_count + 2; }, 30s)) << scheduler->err();
    EXPECT_EQ(pending("old"), old_count);

    stop_scheduler(*scheduler);
}

TEST_F(SchedulerCliTest, AFileThatTurnsBadIsReportedAndTheEntriesKept) {
    replace_file(config_, every_second("kept", "kept"));
    auto scheduler = start_scheduler();

    replace_file(config_, every_second("kept", "kept") + "    colour: red\n");
    ASSERT_TRUE(eventually([&] { return contains(scheduler->err(), R"(unknown key "colour")"); })) << scheduler->err();
    const std::string err = scheduler->err();
    EXPECT_TRUE(contains(err, "sync failed, entries unchanged (1 registered)")) << err;
    EXPECT_TRUE(contains(err, config_ + ": tasks[0] (line 6)")) << err;
    // Still running, still firing.
    const long long before = pending("kept");
    ASSERT_TRUE(eventually([&] { return pending("kept") >= before + 2; }, 30s)) << scheduler->err();
    EXPECT_FALSE(contains(scheduler->err(), "reloaded")) << scheduler->err();

    stop_scheduler(*scheduler);
}

TEST_F(SchedulerCliTest, SigintStopsItGracefullyToo) {
    replace_file(config_, "tasks: []\n");
    auto scheduler = start_scheduler();
    EXPECT_TRUE(contains(scheduler->err(), "started with 0 entries")) << scheduler->err();
    ASSERT_TRUE(eventually([&] { return redis().zcard("asynq:schedulers") == 1; }));  // it announced itself
    scheduler->send_signal(SIGINT);
    const CliResult result = scheduler->wait();
    EXPECT_EQ(result.exit_status, 0) << result.err;
    EXPECT_EQ(redis().zcard("asynq:schedulers"), 0);
}

TEST_F(SchedulerCliTest, ABadFileAtStartExitsWithStatus2NamingTheProblem) {
    struct Case {
        std::string content;
        std::string fragment;
    };
    const std::vector<Case> cases = {
        {every_second("t", "q") + "    colour: red\n", R"(tasks[0] (line 6): unknown key "colour")"},
        {"tasks:\n  - type: t\n", R"(tasks[0] (line 2): missing "cron")"},
        {"tasks:\n  - {cron: '@hourly', type: t, timeout: 5x}\n", R"(timeout: invalid duration "5x")"},
        {"tasks:\n  - {cron: '61 * * * *', type: t}\n", "tasks[0] (line 2): cron:"},
        {"", "is empty"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.content);
        replace_file(config_, c.content);
        const CliResult result = run_cli({"scheduler", "--config", config_, "--uri", server().uri()});
        EXPECT_EQ(result.exit_status, 2) << result.err;
        const auto lines = result.err_lines();
        ASSERT_EQ(lines.size(), 1u) << result.err;
        EXPECT_TRUE(lines[0].starts_with("asynq: --config: " + config_ + ": ")) << lines[0];
        EXPECT_TRUE(contains(lines[0], c.fragment)) << "expected \"" << c.fragment << "\" in: " << lines[0];
    }
    const CliResult missing = run_cli({"scheduler", "--config", dir_.file("none.yaml"), "--uri", server().uri()});
    EXPECT_EQ(missing.exit_status, 2) << missing.err;
    EXPECT_TRUE(contains(missing.err, "none.yaml: cannot read")) << missing.err;
    EXPECT_EQ(redis().keys(), std::vector<std::string>{});  // refused before Redis was touched
}

TEST_F(SchedulerCliTest, UnreachableRedisExitsWithStatus3NamingTheAddress) {
    replace_file(config_, every_second("t", "q"));
    const std::string address = "127.0.0.1:" + std::to_string(free_port());
    const CliResult result = run_cli({"scheduler", "--config", config_, "--uri", "redis://" + address});
    EXPECT_EQ(result.exit_status, 3) << result.err;
    const auto lines = result.err_lines();
    ASSERT_FALSE(lines.empty());
    EXPECT_TRUE(lines.back().starts_with("asynq: ")) << result.err;
    EXPECT_TRUE(contains(lines.back(), address)) << result.err;
}

TEST_F(SchedulerCliTest, BadFlagsAreUsageErrors) {
    replace_file(config_, "tasks: []\n");
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{}, "--config"},
        {{"--config", config_, "--sync-interval", "0s"}, "--sync-interval: must be at least 1ms"},
        {{"--config", config_, "--sync-interval", "soon"}, "--sync-interval"},
        {{"--config", config_, "--log-level", "loud"}, "--log-level"},
        {{"--config", config_, "--location", "Mars/Olympus"}, "Mars/Olympus"},
    };
    for (const auto& [flags, fragment] : cases) {
        SCOPED_TRACE(::testing::PrintToString(flags));
        std::vector<std::string> args{"scheduler"};
        args.insert(args.end(), flags.begin(), flags.end());
        args.insert(args.end(), {"--uri", server().uri()});
        const CliResult result = run_cli(args);
        EXPECT_EQ(result.exit_status, 2) << result.err;
        EXPECT_TRUE(result.err.starts_with("asynq: ")) << result.err;
        EXPECT_TRUE(contains(result.err, fragment)) << "expected \"" << fragment << "\" in: " << result.err;
    }
}

}  // namespace
}  // namespace asynq::testing
