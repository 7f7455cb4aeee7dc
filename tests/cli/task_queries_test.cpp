// `asynq task ls|inspect` run as the real binary against the test Redis loaded with Go-written fixtures.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "cli_runner.h"
#include "support/fixture_now.h"
#include "support/test_redis.h"

namespace asynq::testing {
namespace {

using Json = nlohmann::json;

class TaskQueriesTest : public RedisTest {
protected:
    CliResult cli(std::vector<std::string> args) {
        args.insert(args.begin(), "task");
        args.insert(args.end(), {"--uri", server().uri()});
        auto result = run_cli(std::move(args));
        return result;
    }

    // A run whose local time zone is UTC, for commands that print absolute times as Go does (local time).
    CliResult cli_in_utc(std::vector<std::string> args) {
        args.insert(args.begin(), "task");
        args.insert(args.end(), {"--uri", server().uri()});
        CliRun run;
        run.args = std::move(args);
        run.env = {{"TZ", "UTC"}};
        return run_cli(run);
    }

    Json json(std::vector<std::string> args) {
        args.push_back("--json");
        const auto result = cli(std::move(args));
        EXPECT_EQ(result.exit_status, 0) << result.err;
        EXPECT_EQ(result.err, "");
        return Json::parse(result.out);
    }
};

std::vector<std::string> ids_of(const Json& tasks) {
    std::vector<std::string> ids;
    for (const auto& task : tasks) ids.push_back(task["id"]);
    return ids;
}

// all_states.json: queue "mixed" with one task in each state but active.
TEST_F(TaskQueriesTest, LsPrintsGosColumnsForEachState) {
    write_dump(redis(), fixture_now("all_states"));
    auto pending = cli({"ls", "-q", "mixed", "-s", "pending"});
    EXPECT_EQ(pending.exit_status, 0) << pending.err;
    EXPECT_EQ(pending.out,
              "ID                                    Type       Payload\n"
              "--                                    ----       -------\n"
              "3c76acd9-857a-4bcf-8f11-897d69ee7bcd  s:pending  p\n");

    auto retry = cli({"list", "--queue", "mixed", "--state", "retry"});
    EXPECT_EQ(retry.exit_status, 0) << retry.err;
    EXPECT_TRUE(
        retry.out.starts_with("ID                                    Type     Payload  Next Retry  "
                              "Last Error         Last Failed"))
        << retry.out;
    EXPECT_NE(retry.out.find("d731a449-1392-4f40-9a92-6177bac86208  s:retry  "), std::string::npos) << retry.out;
    EXPECT_NE(retry.out.find("failed on purpose"), std::string::npos) << retry.out;
    EXPECT_TRUE(retry.out.ends_with("  1        5\n")) << retry.out;

    auto aggregating = cli({"ls", "-q", "mixed", "-s", "aggregating", "-g", "grp"});
    EXPECT_EQ(aggregating.exit_status, 0) << aggregating.err;
    EXPECT_NE(aggregating.out.find("Group\n"), std::string::npos) << aggregating.out;
    EXPECT_TRUE(aggregating.out.ends_with("  grp\n")) << aggregating.out;
    EXPECT_NE(aggregating.out.find("ea1a7818-88e7-4227-92ac-f90c3bac4313"), std::string::npos);

    EXPECT_NE(cli({"ls", "-q", "mixed", "-s", "scheduled"}).out.find("Process In"), std::string::npos);
    EXPECT_NE(cli({"ls", "-q", "mixed", "-s", "archived"}).out.find("8a08946d-5748-4c23-a6d0-5bd7c7ba343b"),
              std::string::npos);
    const auto completed = cli({"ls", "-q", "mixed", "-s", "completed"}).out;
    // The CompletedAt column is as wide as "7h15m44s ago", which grows with the fixture's age: check the header's
    // words, not its spacing.
    EXPECT_TRUE(completed.starts_with("ID                                    Type        Payload  CompletedAt  "))
        << completed;
    EXPECT_TRUE(completed.substr(0, completed.find('\n')).ends_with("  Result")) << completed;
    EXPECT_NE(completed.find("e05f4f08-3b75-4311-b5a8-84c45820c198  s:complete  c        "), std::string::npos)
        << completed;
    EXPECT_TRUE(completed.ends_with(" ago\n")) << completed;  // no result: an empty cell
    EXPECT_EQ(cli({"ls", "-q", "mixed", "-s", "active"}).out, "No active tasks in \"mixed\" queue\n");
}

TEST_F(TaskQueriesTest, LsJsonHasEachTasksFields) {
    write_dump(redis(), fixture_now("all_states"));
    const Json retry = json({"ls", "-q", "mixed", "-s", "retry"});
    ASSERT_EQ(retry.size(), 1u);
    EXPECT_EQ(retry[0]["id"], "d731a449-1392-4f40-9a92-6177bac86208");
    EXPECT_EQ(retry[0]["type"], "s:retry");
    EXPECT_EQ(retry[0]["queue"], "mixed");
    EXPECT_EQ(retry[0]["state"], "retry");
    EXPECT_EQ(retry[0]["retried"], 1);
    EXPECT_EQ(retry[0]["max_retry"], 5);
    EXPECT_EQ(retry[0]["last_error"], "failed on purpose");
    EXPECT_EQ(retry[0]["next_process_at"], "2026-11-25T03:45:22Z");  // 1795578322

    const Json aggregating = json({"ls", "-q", "mixed", "-s", "aggregating", "-g", "grp"});
    ASSERT_EQ(aggregating.size(), 1u);
    EXPECT_EQ(aggregating[0]["group"], "grp");
    EXPECT_EQ(aggregating[0]["state"], "aggregating");
    EXPECT_EQ(json({"ls", "-q", "mixed", "-s", "active"}), Json::array());
    EXPECT_EQ(json({"ls", "-q", "mixed", "-s", "aggregating", "-g", "other"}), Json::array());
}

// groups.json: daily-digest holds 4 tasks in default.
TEST_F(TaskQueriesTest, LsPagesThroughTasks) {
    write_dump(redis(), fixture_now("groups"));
    const Json all = json({"ls", "-q", "default", "-s", "aggregating", "-g", "daily-digest"});
    ASSERT_EQ(all.size(), 4u);
    const Json page2 =
        json({"ls", "-q", "default", "-s", "aggregating", "-g", "daily-digest", "--page", "2", "--size", "3"});
    EXPECT_EQ(ids_of(page2), std::vector<std::string>{all[3]["id"].get<std::string>()});
    const Json page1 = json({"ls", "-q", "default", "-s", "aggregating", "-g", "daily-digest", "--size", "3"});
    EXPECT_EQ(ids_of(page1), (std::vector<std::string>{all[0]["id"], all[1]["id"], all[2]["id"]}));
    EXPECT_EQ(json({"ls", "-q", "default", "-s", "aggregating", "-g", "daily-digest", "--page", "3", "--size", "3"}),
              Json::array());
}

// retry.json: webhook:deliver failed once, next retry at failure + 1h.
// Go's printTaskInfo, line for line; absolute times as Go's time.UnixDate in the zone TZ names.
TEST_F(TaskQueriesTest, InspectPrintsGosTaskInfo) {
    write_dump(redis(), fixture_now("retry"));
    const auto result = cli_in_utc({"inspect", "-q", "default", "-i", "88d425cd-409c-4a4e-a4f9-3edf97954e02"});
    EXPECT_EQ(result.exit_status, 0) << result.err;
    const std::string header =
        "Task Info\n"
        "Queue:   default\n"
        "ID:      88d425cd-409c-4a4e-a4f9-3edf97954e02\n"
        "Type:    webhook:deliver\n"
        "State:   retry\n"
        "Retried: 1/3\n\n";
    const std::string failure =
        "\nLast Failure\n"
        "Failed at:     Wed Nov 25 02:44:20 UTC 2026\n"  // 1795574660
        "Error message: POST /hook: 503 Service Unavailable\n";
    ASSERT_TRUE(result.out.starts_with(header)) << result.out;
    ASSERT_TRUE(result.out.ends_with(failure)) << result.out;
    // The retry is due at 03:44:20 UTC: `now` once that has passed, as Go says, else the time and how far it is.
    const std::string next = result.out.substr(header.size(), result.out.size() - header.size() - failure.size());
    EXPECT_TRUE(
        std::regex_match(next, std::regex(R"(Next process time: (now|Wed Nov 25 03:44:20 UTC 2026 \(in \S+\))\n)")))
        << next;

    const Json info = json({"inspect", "--queue", "default", "--id", "88d425cd-409c-4a4e-a4f9-3edf97954e02"});
    EXPECT_EQ(info["id"], "88d425cd-409c-4a4e-a4f9-3edf97954e02");
    EXPECT_EQ(info["type"], "webhook:deliver");
    EXPECT_EQ(info["payload"], R"({"url":"http://127.0.0.1/hook"})");
    EXPECT_EQ(info["state"], "retry");
    EXPECT_EQ(info["retried"], 1);
    EXPECT_EQ(info["max_retry"], 3);
    EXPECT_EQ(info["last_error"], "POST /hook: 503 Service Unavailable");
    EXPECT_EQ(info["last_failed_at"], "2026-11-25T02:44:20Z");   // 1795574660
    EXPECT_EQ(info["next_process_at"], "2026-11-25T03:44:20Z");  // 1795578260
    EXPECT_EQ(info["timeout_seconds"], 1800);
    EXPECT_EQ(info["result"], nullptr);
}

TEST_F(TaskQueriesTest, InspectShowsNextProcessTimeAsGo) {
    for (const std::vector<std::string>& enqueue :
         {std::vector<std::string>{"task", "enqueue", "t", "--id", "later", "--process-at", "2099-01-02T03:04:05Z"},
          {"task", "enqueue", "t", "--id", "now", "--payload", "p"}}) {
        std::vector<std::string> args = enqueue;
        args.insert(args.end(), {"--uri", server().uri()});
        ASSERT_EQ(run_cli(args).exit_status, 0);
    }
    const auto later = cli_in_utc({"inspect", "-q", "default", "-i", "later"});
    EXPECT_TRUE(std::regex_match(later.out, std::regex("Task Info\n(.*\n){4}Retried: 0/25\n\n"
                                                       R"(Next process time: Fri Jan  2 03:04:05 UTC 2099 )"
                                                       R"(\(in \d+h\d+m\d+s\)\n)")))
        << later.out;
    const auto now = cli_in_utc({"inspect", "-q", "default", "-i", "now"});
    EXPECT_TRUE(now.out.ends_with("State:   pending\nRetried: 0/25\n\nNext process time: now\n")) << now.out;
}

// completed.json: a completed task with a result written by its handler. Go's layout has neither result nor
// payload: --json has both.
TEST_F(TaskQueriesTest, InspectOfACompletedTaskHasNoNextProcessTime) {
    write_dump(redis(), fixture_now("completed"));
    const auto result = cli_in_utc({"inspect", "-q", "default", "-i", "19b6788a-a6ce-4e14-b75a-1e7db1f5a6f0"});
    EXPECT_EQ(result.exit_status, 0) << result.err;
    EXPECT_TRUE(result.out.ends_with("State:   completed\nRetried: 0/25\n\nNext process time: n/a\n")) << result.out;
    const Json info = json({"inspect", "-q", "default", "-i", "19b6788a-a6ce-4e14-b75a-1e7db1f5a6f0"});
    EXPECT_EQ(info["result"], "result:img-1");
    EXPECT_EQ(info["completed_at"], "2026-11-25T02:44:23Z");  // 1795574663
}

TEST_F(TaskQueriesTest, UnknownTaskOrQueueIsStatus5WithOneLine) {
    write_dump(redis(), fixture_now("retry"));
    const auto task = cli({"inspect", "-q", "default", "-i", "no-such-task", "--json"});
    EXPECT_EQ(task.exit_status, 5);
    EXPECT_EQ(task.out, "");
    EXPECT_EQ(task.err_lines(),
              (std::vector<std::string>{"asynq: queue \"default\": task id \"no-such-task\" does not exist"}));
    const auto queue = cli({"inspect", "-q", "nope", "-i", "88d425cd-409c-4a4e-a4f9-3edf97954e02"});
    EXPECT_EQ(queue.exit_status, 5);
    EXPECT_EQ(queue.out, "");
    EXPECT_EQ(queue.err_lines(), (std::vector<std::string>{"asynq: queue \"nope\" does not exist"}));
}

}  // namespace
}  // namespace asynq::testing
