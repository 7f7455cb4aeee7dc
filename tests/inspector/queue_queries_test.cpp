// Inspector queue queries on a real Redis: queues, queue info, history and groups over Go-written fixtures
// (spec §4.22.1-§4.22.3, §4.22.6) and over state our own Client writes.
#include <gtest/gtest.h>

#include <chrono>

#include "asynq/client.h"
#include "asynq/errors.h"
#include "asynq/inspector.h"
#include "support/error_of.h"
#include "support/fixture_now.h"
#include "support/test_redis.h"

namespace asynq {
namespace {

using namespace std::chrono_literals;
using testing::code_of;
using testing::fixture_now;
using QueueQueriesTest = testing::RedisTest;

TEST_F(QueueQueriesTest, QueuesListsTheRegisteredQueuesSorted) {
    Inspector inspector(server().options());
    EXPECT_TRUE(inspector.queues().empty());
    testing::write_dump(redis(), fixture_now("pending_options"));
    EXPECT_EQ(inspector.queues(), (std::vector<std::string>{"critical", "default", "low"}));
}

// all_states.json: one task in every state but active, plus Go's counters (README: 3 processed, 2 failed).
TEST_F(QueueQueriesTest, QueueInfoOfGoFixtureCountsEveryState) {
    testing::write_dump(redis(), fixture_now("all_states"));
    Inspector inspector(server().options());
    const auto before = std::chrono::system_clock::now();
    const auto info = inspector.get_queue_info("mixed");
    const auto after = std::chrono::system_clock::now();
    EXPECT_EQ(info.queue, "mixed");
    EXPECT_EQ(info.pending, 1);
    EXPECT_EQ(info.active, 0);
    EXPECT_EQ(info.scheduled, 1);
    EXPECT_EQ(info.retry, 1);
    EXPECT_EQ(info.archived, 1);
    EXPECT_EQ(info.completed, 1);
    EXPECT_EQ(info.aggregating, 1);
    EXPECT_EQ(info.groups, 1);
    EXPECT_EQ(info.size, 6);
    EXPECT_EQ(info.processed, 3);
    EXPECT_EQ(info.failed, 2);
    EXPECT_EQ(info.processed_total, 3);
    EXPECT_EQ(info.failed_total, 2);
    EXPECT_FALSE(info.paused);
    EXPECT_GT(info.memory_usage, 0);
    EXPECT_GE(info.timestamp, before);
    EXPECT_LE(info.timestamp, after);
    // Latency: age of the pending task's pending_since (1795574723834072841 ns, written by Go).
    const std::chrono::nanoseconds pending_since(1795574723834072841LL);
    EXPECT_GE(info.latency, before.time_since_epoch() - pending_since);
    EXPECT_LE(info.latency, after.time_since_epoch() - pending_since);
}

TEST_F(QueueQueriesTest, QueueInfoShowsPauseAndTodaysCountersOfGoFixtures) {
    testing::write_dump(redis(), fixture_now("paused_queue"));
    Inspector inspector(server().options());
    const auto mailer = inspector.get_queue_info("mailer");
    EXPECT_TRUE(mailer.paused);
    EXPECT_EQ(mailer.pending, 2);
    EXPECT_EQ(mailer.size, 2);
    EXPECT_GT(mailer.latency, 0ns);
    const auto other = inspector.get_queue_info("default");
    EXPECT_FALSE(other.paused);
    EXPECT_EQ(other.pending, 0);
    EXPECT_EQ(other.latency, 0ns);  // no pending task
    EXPECT_EQ(other.processed, 1);
    EXPECT_EQ(other.processed_total, 1);
    EXPECT_EQ(other.failed, 0);

    redis().flushall();
    testing::write_dump(redis(), fixture_now("stats_counters"));
    const auto def = inspector.get_queue_info("default");
    EXPECT_EQ(def.processed, 5);
    EXPECT_EQ(def.failed, 2);
    EXPECT_EQ(def.processed_total, 5);
    EXPECT_EQ(def.failed_total, 2);
    EXPECT_EQ(def.archived, 2);
    EXPECT_EQ(def.size, 2);
    const auto critical = inspector.get_queue_info("critical");
    EXPECT_EQ(critical.processed, 1);
    EXPECT_EQ(critical.size, 0);
}

TEST_F(QueueQueriesTest, QueueInfoOfOurOwnEnqueues) {
    Client client(server().options());
    client.enqueue(Task("a", "1"), {.queue = "q"});
    client.enqueue(Task("a", "2"), {.queue = "q"});
    client.enqueue(Task("a", "3"), {.queue = "q", .process_in = 1h});
    client.enqueue(Task("a", "4"), {.queue = "q", .group = std::string("g1")});
    client.enqueue(Task("a", "5"), {.queue = "q", .group = std::string("g2")});
    client.enqueue(Task("a", "6"), {.queue = "q", .group = std::string("g2")});
    Inspector inspector(server().options());
    const auto info = inspector.get_queue_info("q");
    EXPECT_EQ(info.pending, 2);
    EXPECT_EQ(info.scheduled, 1);
    EXPECT_EQ(info.aggregating, 3);
    EXPECT_EQ(info.groups, 2);
    EXPECT_EQ(info.size, 6);
    EXPECT_EQ(info.processed, 0);
    EXPECT_GT(info.memory_usage, 0);
    EXPECT_GE(info.latency, 0ns);
    EXPECT_LT(info.latency, 1h);
    EXPECT_EQ(inspector.groups("q"), (std::vector<GroupInfo>{{"g1", 1}, {"g2", 2}}));
}

// Memory usage samples 20 task hashes per container and scales to the container's length (spec §4.22.2): 50 tasks of
// 2,000 bytes each must count at least their payloads, and not orders of magnitude more.
TEST_F(QueueQueriesTest, MemoryUsageScalesSampledTasksToTheWholeQueue) {
    Client client(server().options());
    std::vector<BatchItem> items;
    for (int i = 0; i < 50; ++i) items.push_back({Task("big", std::string(2000, 'x')), {.queue = "big"}});
    for (const auto& result : client.enqueue_batch(items)) ASSERT_TRUE(result.ok()) << result.error_message();
    for (int i = 0; i < 30; ++i)
        client.enqueue(Task("big", std::string(2000, 'y')), {.queue = "big", .process_in = 1h});
    Inspector inspector(server().options());
    const auto info = inspector.get_queue_info("big");
    EXPECT_EQ(info.size, 80);
    EXPECT_GE(info.memory_usage, 80 * 2000);
    EXPECT_LT(info.memory_usage, 80 * 2000 * 4);
}

TEST_F(QueueQueriesTest, UnknownOrBlankQueuesAreRefused) {
    Inspector inspector(server().options());
    redis().command({"SADD", "asynq:queues", "known"});
    EXPECT_THROW(inspector.get_queue_info("nope"), QueueNotFoundError);
    EXPECT_THROW(inspector.history("nope", 3), QueueNotFoundError);
    EXPECT_EQ(code_of([&] { inspector.get_queue_info(""); }), ErrorCode::kInvalidArgument);
    EXPECT_EQ(code_of([&] { inspector.history("known", 0); }), ErrorCode::kInvalidArgument);
    EXPECT_EQ(code_of([&] { inspector.history("known", -2); }), ErrorCode::kInvalidArgument);
    EXPECT_EQ(code_of([&] { inspector.groups(" "); }), ErrorCode::kInvalidArgument);
    EXPECT_EQ(inspector.get_queue_info("known").size, 0);
}

TEST_F(QueueQueriesTest, HistoryGivesTodayFirstThenEarlierDaysWithZeroesWhereNoCounter) {
    testing::write_dump(redis(), fixture_now("stats_counters"));
    Inspector inspector(server().options());
    const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    // A counter two days ago, as Go's INCR would have left it.
    const std::chrono::year_month_day two_days_ago{today - std::chrono::days(2)};
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02u-%02u", static_cast<int>(two_days_ago.year()),
                  static_cast<unsigned>(two_days_ago.month()), static_cast<unsigned>(two_days_ago.day()));
    redis().command({"SET", std::string("asynq:{default}:processed:") + date, "7"});
    redis().command({"SET", std::string("asynq:{default}:failed:") + date, "4"});

    const auto days = inspector.history("default", 4);
    ASSERT_EQ(days.size(), 4u);
    for (int i = 0; i < 4; ++i) {
        EXPECT_EQ(days[i].queue, "default");
        EXPECT_EQ(days[i].date, today - std::chrono::days(i)) << i;
    }
    EXPECT_EQ(days[0].processed, 5);
    EXPECT_EQ(days[0].failed, 2);
    EXPECT_EQ(days[1].processed, 0);
    EXPECT_EQ(days[2].processed, 7);
    EXPECT_EQ(days[2].failed, 4);
    EXPECT_EQ(days[3].processed, 0);
    EXPECT_EQ(inspector.history("critical", 1).at(0).processed, 1);
}

// groups.json: daily-digest holds 4 tasks in default, weekly 1 in low.
TEST_F(QueueQueriesTest, GroupsOfGoFixture) {
    testing::write_dump(redis(), fixture_now("groups"));
    Inspector inspector(server().options());
    EXPECT_EQ(inspector.groups("default"), (std::vector<GroupInfo>{{"daily-digest", 4}}));
    EXPECT_EQ(inspector.groups("low"), (std::vector<GroupInfo>{{"weekly", 1}}));
    EXPECT_TRUE(inspector.groups("unknown").empty());  // no queue check, as Go
    const auto info = inspector.get_queue_info("default");
    EXPECT_EQ(info.groups, 1);
    EXPECT_EQ(info.aggregating, 4);
    EXPECT_EQ(info.size, 4);
}

// The fields `asynq stats` shows, read back from the server through our own connection.
TEST_F(QueueQueriesTest, RedisInfoHasTheServersFields) {
    Inspector inspector(server().options());
    const auto info = inspector.redis_info();
    const std::string server_section = redis().command({"INFO", "server"}).str;
    ASSERT_TRUE(info.contains("redis_version"));
    EXPECT_NE(server_section.find("redis_version:" + info.at("redis_version") + "\r\n"), std::string::npos);
    for (const char* field : {"uptime_in_days", "connected_clients", "used_memory_human", "used_memory_peak_human"}) {
        EXPECT_TRUE(info.contains(field)) << field;
    }
    EXPECT_GE(std::stoi(info.at("connected_clients")), 1);
    EXPECT_FALSE(info.contains("# Server"));
}

}  // namespace
}  // namespace asynq
