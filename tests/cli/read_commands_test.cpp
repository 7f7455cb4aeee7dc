// `asynq stats`, `queue ls|inspect|history`, `group ls`, `server ls`, `cron ls|history` run as the real binary
// against the test Redis loaded with Go-written fixtures (moved to the present by fixture_now).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_runner.h"
#include "support/fixture_now.h"
#include "support/test_redis.h"

namespace asynq::testing {
namespace {

using Json = nlohmann::json;

std::string date_text(std::chrono::sys_days date) {
    const std::chrono::year_month_day ymd{date};
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()));
    return text;
}

std::string today() { return date_text(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())); }

class ReadCommandsTest : public RedisTest {
protected:
    CliResult cli(std::vector<std::string> args) {
        args.insert(args.end(), {"--uri", server().uri()});
        return run_cli(std::move(args));
    }

    // Runs a command that must succeed, with nothing on stderr, and parses its stdout as JSON.
    Json json(std::vector<std::string> args) {
        args.push_back("--json");
        const auto result = cli(std::move(args));
        EXPECT_EQ(result.exit_status, 0) << result.err;
        EXPECT_EQ(result.err, "");
        return Json::parse(result.out);
    }

    CliResult ok(std::vector<std::string> args) {
        auto result = cli(std::move(args));
        EXPECT_EQ(result.exit_status, 0) << result.err;
        EXPECT_EQ(result.err, "");
        return result;
    }
};

void expect_contains(const std::string& text, const std::string& part) {
    EXPECT_NE(text.find(part), std::string::npos) << "missing:\n" << part << "\nin:\n" << text;
}

TEST_F(ReadCommandsTest, QueueLsListsTheQueuesSorted) {
    EXPECT_EQ(ok({"queue", "ls"}).out, "");
    write_dump(redis(), fixture_now("pending_options"));
    EXPECT_EQ(ok({"queue", "ls"}).out, "critical\ndefault\nlow\n");
    EXPECT_EQ(ok({"queue", "list"}).out, "critical\ndefault\nlow\n");
    EXPECT_EQ(json({"queue", "ls"}), Json::parse(R"(["critical","default","low"])"));
}

// all_states.json: queue "mixed" with one task in every state but active; 3 processed and 2 failed today.
TEST_F(ReadCommandsTest, QueueInspectShowsGosFigures) {
    write_dump(redis(), fixture_now("all_states"));
    const auto result = ok({"queue", "inspect", "mixed"});
    EXPECT_EQ(result.out.substr(0, result.out.find("Task Count")),
              "Queue Info\nName:   mixed\nSize:   6\nGroups: 1\nPaused: false\n\n");
    expect_contains(result.out,
                    "Task Count by State\n"
                    "active  pending  aggregating  scheduled  retry  archived  completed\n"
                    "------  -------  -----------  ---------  -----  --------  ---------\n"
                    "0       1        1            1          1      1         1\n\n");
    expect_contains(result.out, "Daily Stats " + today() +
                                    " UTC\n"
                                    "processed  failed  error rate\n"
                                    "---------  ------  ----------\n"
                                    "3          2       66.67%\n");

    const Json info = json({"queue", "inspect", "mixed"});
    ASSERT_EQ(info.size(), 1u);
    const Json& q = info[0];
    EXPECT_EQ(q["queue"], "mixed");
    EXPECT_EQ(q["size"], 6);
    EXPECT_EQ(q["groups"], 1);
    EXPECT_EQ(q["paused"], false);
    for (const char* state : {"pending", "aggregating", "scheduled", "retry", "archived", "completed"}) {
        EXPECT_EQ(q[state], 1) << state;
    }
    EXPECT_EQ(q["active"], 0);
    EXPECT_EQ(q["processed"], 3);
    EXPECT_EQ(q["failed"], 2);
    EXPECT_EQ(q["processed_total"], 3);
    EXPECT_EQ(q["failed_total"], 2);
    EXPECT_DOUBLE_EQ(q["error_rate"].get<double>(), 2.0 / 3.0);
    // The pending task's pending_since was written by Go at 1795574723834072841 ns.
    const auto now_ns =
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    EXPECT_GT(q["latency_ns"].get<std::int64_t>(), 0);
    EXPECT_LE(q["latency_ns"].get<std::int64_t>(), now_ns - 1795574723834072841LL);
    EXPECT_GT(q["memory_usage"].get<std::int64_t>(), 0);
    EXPECT_EQ(q["timestamp"].get<std::string>().substr(0, 10), today());
}

TEST_F(ReadCommandsTest, QueueInspectOfSeveralQueuesShowsPauseAndEachQueue) {
    write_dump(redis(), fixture_now("paused_queue"));
    const auto result = ok({"queue", "inspect", "mailer", "default"});
    expect_contains(result.out, "Name:   mailer\nSize:   2\nGroups: 0\nPaused: true\n");
    expect_contains(result.out, "Name:   default\nSize:   0\nGroups: 0\nPaused: false\n");
    expect_contains(result.out, "1          0       0.00%\n");  // default: 1 processed today, none failed
    const Json info = json({"queue", "inspect", "mailer", "default"});
    ASSERT_EQ(info.size(), 2u);
    EXPECT_EQ(info[0]["queue"], "mailer");
    EXPECT_EQ(info[0]["paused"], true);
    EXPECT_EQ(info[0]["pending"], 2);
    EXPECT_EQ(info[0]["error_rate"], nullptr);
    EXPECT_EQ(info[1]["queue"], "default");
    EXPECT_EQ(info[1]["processed"], 1);
    EXPECT_EQ(info[1]["latency_ns"], 0);
}

TEST_F(ReadCommandsTest, UnknownQueueIsOneLineAndStatus5WithNothingOnStdout) {
    write_dump(redis(), fixture_now("all_states"));
    for (const std::vector<std::string>& args : {std::vector<std::string>{"queue", "inspect", "nope"},
                                                 {"queue", "history", "nope"},
                                                 {"task", "ls", "-q", "nope", "-s", "pending"}}) {
        const auto result = cli(args);
        EXPECT_EQ(result.exit_status, 5) << args[1];
        EXPECT_EQ(result.out, "");
        EXPECT_EQ(result.err_lines(), (std::vector<std::string>{"asynq: queue \"nope\" does not exist"}));
    }
}

// As Go's CLI, an unknown queue does not hide the others: they are printed, each unknown one gets its error line,
// and the status says something was missing.
TEST_F(ReadCommandsTest, QueueInspectAndHistoryShowTheKnownQueuesAndReportEachUnknownOne) {
    write_dump(redis(), fixture_now("all_states"));
    const std::vector<std::string> errors{"asynq: queue \"a\" does not exist", "asynq: queue \"b\" does not exist"};

    const auto inspect = cli({"queue", "inspect", "a", "mixed", "b"});
    EXPECT_EQ(inspect.exit_status, 5);
    EXPECT_EQ(inspect.err_lines(), errors);
    EXPECT_TRUE(inspect.out.starts_with("Queue Info\nName:   mixed\n")) << inspect.out;
    EXPECT_EQ(inspect.out, ok({"queue", "inspect", "mixed"}).out);

    const auto twice = cli({"queue", "inspect", "mixed", "a", "mixed"});
    EXPECT_EQ(twice.exit_status, 5);
    const std::string one = ok({"queue", "inspect", "mixed"}).out;
    EXPECT_EQ(twice.out, one + "\n=================================================\n\n" + one);  // Go's separator

    const auto json_result = cli({"queue", "inspect", "a", "mixed", "b", "--json"});
    EXPECT_EQ(json_result.exit_status, 5);
    EXPECT_EQ(json_result.err_lines(), errors);
    const Json infos = Json::parse(json_result.out);
    ASSERT_EQ(infos.size(), 1u);
    EXPECT_EQ(infos[0]["queue"], "mixed");

    const auto history = cli({"queue", "history", "a", "mixed", "b", "-x", "1"});
    EXPECT_EQ(history.exit_status, 5);
    EXPECT_EQ(history.err_lines(), errors);
    EXPECT_EQ(history.out,
              "Queue: mixed\n\n"
              "date (UTC)  processed  failed  error rate\n"
              "----------  ---------  ------  ----------\n" +
                  today() + "  3          2       66.67%\n");
    const auto history_json = cli({"queue", "history", "a", "mixed", "-x", "1", "--json"});
    EXPECT_EQ(history_json.exit_status, 5);
    EXPECT_EQ(Json::parse(history_json.out).size(), 1u);
}

TEST_F(ReadCommandsTest, QueueHistoryShowsTodayFirstWithGosColumns) {
    write_dump(redis(), fixture_now("stats_counters"));
    const auto result = ok({"queue", "history", "default", "critical", "-x", "2"});
    const std::string yesterday =
        date_text(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()) - std::chrono::days(1));
    EXPECT_EQ(result.out,
              "Queue: default\n\n"
              "date (UTC)  processed  failed  error rate\n"
              "----------  ---------  ------  ----------\n" +
                  today() + "  5          2       40.00%\n" + yesterday +
                  "  0          0       N/A\n"
                  "\n=================================================\n\n"
                  "Queue: critical\n\n"
                  "date (UTC)  processed  failed  error rate\n"
                  "----------  ---------  ------  ----------\n" +
                  today() + "  1          0       0.00%\n" + yesterday + "  0          0       N/A\n");

    const Json days = json({"queue", "history", "default", "--days", "3"});
    ASSERT_EQ(days.size(), 3u);
    EXPECT_EQ(days[0], Json({{"queue", "default"}, {"date", today()}, {"processed", 5}, {"failed", 2}}));
    EXPECT_EQ(days[1]["date"], yesterday);
    EXPECT_EQ(days[1]["processed"], 0);
    EXPECT_EQ(days[2]["failed"], 0);
    EXPECT_EQ(json({"queue", "history", "default"}).size(), 10u);  // Go's default
}

TEST_F(ReadCommandsTest, StatsTotalsEveryQueue) {
    write_dump(redis(), fixture_now("stats_counters"));
    redis().command({"SET", "asynq:{critical}:paused", "1795574673"});
    const auto result = ok({"stats"});
    expect_contains(result.out,
                    "Task Count by State\n"
                    "active  pending  aggregating  scheduled  retry  archived  completed\n"
                    "------  -------  -----------  ---------  -----  --------  ---------\n"
                    "0       0        0            0          0      2         0\n");
    expect_contains(result.out,
                    "Task Count by Queue\n"
                    "critical (paused)  default\n"
                    "-----------------  -------\n"
                    "0                  2\n");
    expect_contains(result.out, "Daily Stats " + today() +
                                    " UTC\nprocessed  failed  error rate\n---------  ------  ----------\n"
                                    "6          2       33.33%\n");

    const Json stats = json({"stats"});
    EXPECT_EQ(stats["aggregate"]["archived"], 2);
    EXPECT_EQ(stats["aggregate"]["pending"], 0);
    EXPECT_EQ(stats["aggregate"]["processed"], 6);
    EXPECT_EQ(stats["aggregate"]["failed"], 2);
    ASSERT_EQ(stats["queues"].size(), 2u);
    EXPECT_EQ(stats["queues"][0]["Queue"], "critical");
    EXPECT_EQ(stats["queues"][0]["Paused"], true);
    EXPECT_EQ(stats["queues"][0]["Processed"], 1);
    EXPECT_EQ(stats["queues"][1]["Queue"], "default");
    EXPECT_EQ(stats["queues"][1]["Size"], 2);
    EXPECT_EQ(stats["queues"][1]["Archived"], 2);
    EXPECT_EQ(stats["queues"][1]["ProcessedTotal"], 5);
    EXPECT_EQ(stats["queues"][1]["FailedTotal"], 2);
}

// Go's "Redis Info" table closes `asynq stats`; --json carries every INFO field under "redis", as Go's does.
TEST_F(ReadCommandsTest, StatsEndsWithGosRedisInfoSection) {
    write_dump(redis(), fixture_now("stats_counters"));
    const std::string info = redis().command({"INFO"}).str;
    const auto field = [&info](const std::string& key) {
        const auto start = info.find("\r\n" + key + ":");
        if (start == std::string::npos) return std::string("<missing>");
        const auto value = start + key.size() + 3;
        return info.substr(value, info.find("\r\n", value) - value);
    };
    const std::string version = field("redis_version");

    const auto result = ok({"stats"});
    const auto section = result.out.find("\nRedis Info\n");
    ASSERT_NE(section, std::string::npos) << result.out;
    EXPECT_NE(result.out.find("6          2       33.33%\n\nRedis Info\n"), std::string::npos) << result.out;
    const std::string table = result.out.substr(section + std::string("\nRedis Info\n").size());
    const std::string header = "version  uptime  connections  memory usage  peak memory usage\n";
    ASSERT_TRUE(table.starts_with(header)) << table;
    const std::string rest = table.substr(header.size());
    // The dashes are as long as each header; the values line starts with the real server's version.
    EXPECT_TRUE(rest.starts_with("-------  ------  -----------  ------------  -----------------\n" + version + " "))
        << rest;
    EXPECT_NE(rest.find(" " + field("uptime_in_days") + " days "), std::string::npos) << rest;
    EXPECT_TRUE(rest.ends_with("B\n\n")) << rest;  // peak memory, e.g. 1.02MB, then Go's closing blank line

    const Json stats = json({"stats"});
    ASSERT_TRUE(stats["redis"].is_object());
    EXPECT_EQ(stats["redis"]["redis_version"], version);
    for (const char* key : {"uptime_in_days", "connected_clients", "used_memory_human", "used_memory_peak_human"}) {
        EXPECT_TRUE(stats["redis"][key].is_string()) << key;
    }
}

TEST_F(ReadCommandsTest, GroupLsNamesTheGroups) {
    write_dump(redis(), fixture_now("groups"));
    EXPECT_EQ(ok({"group", "ls", "-q", "default"}).out, "daily-digest\n");
    EXPECT_EQ(ok({"group", "list", "--queue", "low"}).out, "weekly\n");
    EXPECT_EQ(ok({"group", "ls", "-q", "critical"}).out, "No groups found in queue \"critical\"\n");
    EXPECT_EQ(json({"group", "ls", "-q", "default"}), Json::parse(R"([{"group":"daily-digest","size":4}])"));
    EXPECT_EQ(json({"group", "ls", "-q", "critical"}), Json::array());
}

// live_server.json: Go server vm:6277 (concurrency 4, default=2, low=1) running two slow:job tasks.
TEST_F(ReadCommandsTest, ServerLsShowsGosServerAndItsWorkers) {
    EXPECT_EQ(ok({"server", "ls"}).out, "No running servers\n");
    write_dump(redis(), fixture_now("live_server"));
    const auto result = ok({"server", "ls"});
    expect_contains(result.out,
                    "Host  PID   State   Active Workers  Queues            Started\n"
                    "----  ---   -----   --------------  ------            -------\n"
                    "vm    6277  active  2/4             default:2, low:1  ");
    EXPECT_TRUE(result.out.ends_with(" ago\n")) << result.out;

    const Json servers = json({"server", "list"});
    ASSERT_EQ(servers.size(), 1u);
    const Json& s = servers[0];
    EXPECT_EQ(s["id"], "8ba483ab-a08c-4e68-ad4c-77cc4bcafdd8");
    EXPECT_EQ(s["host"], "vm");
    EXPECT_EQ(s["pid"], 6277);
    EXPECT_EQ(s["status"], "active");
    EXPECT_EQ(s["concurrency"], 4);
    EXPECT_EQ(s["queues"], Json::parse(R"({"default":2,"low":1})"));
    EXPECT_EQ(s["strict_priority"], false);
    EXPECT_EQ(s["started"], "2026-11-25T02:44:33.56942393Z");
    ASSERT_EQ(s["active_workers"].size(), 2u);
    EXPECT_EQ(s["active_workers"][0]["task_type"], "slow:job");
    EXPECT_EQ(s["active_workers"][0]["queue"], "default");
}

// scheduler.json: entries "* * * * *" (cron:minutely) and "@every 20s" (payload ping), with their enqueues.
TEST_F(ReadCommandsTest, CronLsAndHistoryShowGosEntries) {
    EXPECT_EQ(ok({"cron", "ls"}).out, "No scheduler entries\n");
    write_dump(redis(), fixture_now("scheduler"));
    const auto result = ok({"cron", "ls"});
    expect_contains(result.out, "EntryID                               Spec        Type  ");
    expect_contains(result.out,
                    "ea425a9a-4921-43b9-8393-300923c95a97  * * * * *   cron:minutely  {\"k\":1}  "
                    "Queue(\"critical\"), MaxRetry(2)  Now   ");  // next enqueue is past: Go's "Now"
    expect_contains(result.out, "33231f4e-19e5-4129-afc2-ee3a02d00de7  @every 20s");
    expect_contains(result.out, "Timeout(30s)");

    const Json entries = json({"cron", "list"});
    ASSERT_EQ(entries.size(), 2u);
    EXPECT_EQ(entries[0]["id"], "ea425a9a-4921-43b9-8393-300923c95a97");
    EXPECT_EQ(entries[0]["spec"], "* * * * *");
    EXPECT_EQ(entries[0]["type"], "cron:minutely");
    EXPECT_EQ(entries[0]["payload"], R"({"k":1})");
    EXPECT_EQ(entries[0]["options"], Json::array({"Queue(\"critical\")", "MaxRetry(2)"}));
    EXPECT_EQ(entries[0]["next_enqueue"], "2026-11-25T02:46:00Z");
    EXPECT_EQ(entries[0]["prev_enqueue"], "2026-11-25T02:45:00Z");
    EXPECT_EQ(entries[1]["spec"], "@every 20s");
    EXPECT_EQ(entries[1]["payload"], "ping");

    const std::string every = "33231f4e-19e5-4129-afc2-ee3a02d00de7";
    EXPECT_EQ(ok({"cron", "history", every}).out,
              "Entry: " + every +
                  "\n\n"
                  "TaskID                                EnqueuedAt\n"
                  "------                                ----------\n"
                  "5d6e52d1-139d-4548-bcc3-e3192aacd6eb  2026-11-25T02:45:21.00163434Z\n"
                  "ad04fe33-4921-4688-84e0-f69a08f3f9b7  2026-11-25T02:45:01.000740724Z\n");
    const Json events = json({"cron", "history", every, "--page", "2", "--size", "1"});
    EXPECT_EQ(events, Json::parse(R"([{"entry_id":"33231f4e-19e5-4129-afc2-ee3a02d00de7",
        "task_id":"ad04fe33-4921-4688-84e0-f69a08f3f9b7","enqueued_at":"2026-11-25T02:45:01.000740724Z"}])"));
    EXPECT_EQ(json({"cron", "history", "no-such-entry"}), Json::array());
}

TEST_F(ReadCommandsTest, BadFlagsAreUsageErrors) {
    write_dump(redis(), fixture_now("all_states"));
    for (const std::vector<std::string>& args : {std::vector<std::string>{"queue", "history", "mixed", "--days", "0"},
                                                 {"task", "ls", "-q", "mixed", "-s", "bogus"},
                                                 {"task", "ls", "-q", "mixed", "-s", "pending", "--page", "0"},
                                                 {"task", "ls", "-q", "mixed", "-s", "pending", "--size", "0"},
                                                 {"task", "ls", "-q", "mixed", "-s", "aggregating"},
                                                 {"task", "ls", "-s", "pending"},
                                                 {"cron", "history", "x", "--page", "0"},
                                                 {"group", "ls"}}) {
        const auto result = cli(args);
        EXPECT_EQ(result.exit_status, 2) << args[0] << ' ' << args[1] << ": " << result.err;
        EXPECT_EQ(result.out, "");
        EXPECT_EQ(result.err_lines().size(), 1u) << result.err;
    }
}

TEST_F(ReadCommandsTest, UnreachableRedisIsStatus3) {
    for (const std::vector<std::string>& args : {std::vector<std::string>{"stats"},
                                                 {"queue", "ls"},
                                                 {"queue", "inspect", "q"},
                                                 {"server", "ls", "--json"},
                                                 {"task", "inspect", "-q", "q", "-i", "x"},
                                                 {"cron", "ls"},
                                                 {"group", "ls", "-q", "q"}}) {
        std::vector<std::string> with_uri = args;
        with_uri.insert(with_uri.end(), {"--uri", "127.0.0.1:1"});
        const auto result = run_cli(with_uri);
        EXPECT_EQ(result.exit_status, 3) << args[0] << ": " << result.err;
        EXPECT_EQ(result.out, "");
        EXPECT_EQ(result.err_lines().size(), 1u) << result.err;
    }
}

}  // namespace
}  // namespace asynq::testing
