// /api/queues, /api/queues/{q}, /api/queue_stats, groups, pause/resume and delete over Go fixtures.
#include <gtest/gtest.h>

#include "asynq/client.h"
#include "asynq/inspector.h"
#include "support/fixture_now.h"
#include "web_test_base.h"

namespace asynq::testing {
namespace {

using QueueRoutesTest = WebTest;

std::string today() {
    const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()));
    return text;
}

TEST_F(QueueRoutesTest, QueuesListsEveryQueueWithItsCounts) {
    EXPECT_EQ(get_json("/api/queues"), Json::parse(R"({"queues": []})"));
    write_dump(redis(), fixture_now("all_states"));
    const auto body = get_json("/api/queues");
    ASSERT_EQ(body["queues"].size(), 1u) << body;
    const auto& q = body["queues"][0];
    EXPECT_EQ(q["queue"], "mixed");
    EXPECT_EQ(q["paused"], false);
    EXPECT_EQ(q["size"], 6);
    EXPECT_EQ(q["groups"], 1);
    for (const char* state : {"pending", "scheduled", "retry", "archived", "completed", "aggregating"}) {
        EXPECT_EQ(q[state], 1) << state;
    }
    EXPECT_EQ(q["active"], 0);
    EXPECT_EQ(q["processed"], 3);
    EXPECT_EQ(q["failed"], 2);
    EXPECT_EQ(q["processed_total"], 3);
    EXPECT_EQ(q["failed_total"], 2);
    EXPECT_DOUBLE_EQ(q["error_rate"].get<double>(), 2.0 / 3.0);
    EXPECT_GT(q["latency_ms"].get<std::int64_t>(), 0);
    EXPECT_GT(q["memory_usage_bytes"].get<std::int64_t>(), 0);
    EXPECT_TRUE(q["timestamp"].is_string());
    // Every key of the contract's Queue object, and no other.
    EXPECT_EQ(q.size(), 19u) << q;
}

TEST_F(QueueRoutesTest, QueuesAreSortedAndShowPauseAndNullErrorRate) {
    write_dump(redis(), fixture_now("paused_queue"));
    const auto body = get_json("/api/queues");
    ASSERT_EQ(body["queues"].size(), 2u) << body;
    EXPECT_EQ(body["queues"][0]["queue"], "default");
    EXPECT_EQ(body["queues"][0]["paused"], false);
    EXPECT_EQ(body["queues"][0]["error_rate"], 0.0);  // 1 processed, 0 failed
    EXPECT_EQ(body["queues"][1]["queue"], "mailer");
    EXPECT_EQ(body["queues"][1]["paused"], true);
    EXPECT_EQ(body["queues"][1]["pending"], 2);
    EXPECT_TRUE(body["queues"][1]["error_rate"].is_null());  // nothing processed today
}

TEST_F(QueueRoutesTest, QueueShowsCurrentAndHistoryOldestLast) {
    write_dump(redis(), fixture_now("all_states"));
    const auto body = get_json("/api/queues/mixed?days=3");
    EXPECT_EQ(body["current"]["queue"], "mixed");
    EXPECT_EQ(body["current"]["size"], 6);
    ASSERT_EQ(body["history"].size(), 3u) << body;
    EXPECT_EQ(body["history"][0],
              Json::parse(R"({"queue": "mixed", "date": ")" + today() + R"(", "processed": 3, "failed": 2})"));
    EXPECT_EQ(body["history"][2]["processed"], 0);
    EXPECT_EQ(get_json("/api/queues/mixed")["history"].size(), 10u);  // default 10 days
}

TEST_F(QueueRoutesTest, UnknownQueueAndBadDaysAreJsonErrors) {
    write_dump(redis(), fixture_now("all_states"));
    expect_error(get_json("/api/queues/nope", 404), "not_found");
    expect_error(get_json("/api/queues/nope/groups", 404), "not_found");
    expect_error(get_json("/api/queues/mixed?days=0", 400), "invalid_argument");
    expect_error(get_json("/api/queues/mixed?days=abc", 400), "invalid_argument");
    expect_error(get_json("/api/queue_stats?days=91", 400), "invalid_argument");
}

TEST_F(QueueRoutesTest, QueueStatsHasEveryQueuesHistory) {
    write_dump(redis(), fixture_now("paused_queue"));
    const auto body = get_json("/api/queue_stats?days=2");
    ASSERT_EQ(body["stats"].size(), 2u) << body;
    ASSERT_EQ(body["stats"]["default"].size(), 2u);
    EXPECT_EQ(body["stats"]["default"][0]["date"], today());
    EXPECT_EQ(body["stats"]["default"][0]["processed"], 1);
    EXPECT_EQ(body["stats"]["mailer"][0]["processed"], 0);
}

TEST_F(QueueRoutesTest, GroupsWithSizes) {
    write_dump(redis(), fixture_now("groups"));
    EXPECT_EQ(get_json("/api/queues/default/groups"),
              Json::parse(R"({"groups": [{"group": "daily-digest", "size": 4}]})"));
    EXPECT_EQ(get_json("/api/queues/low/groups"), Json::parse(R"({"groups": [{"group": "weekly", "size": 1}]})"));
}

TEST_F(QueueRoutesTest, PauseAndResume) {
    write_dump(redis(), fixture_now("all_states"));
    Inspector inspector(server().options());
    EXPECT_EQ(post_json("/api/queues/mixed:pause"), Json::object());
    EXPECT_TRUE(inspector.is_queue_paused("mixed"));
    expect_error(post_json("/api/queues/mixed:pause", "", 409), "failed_precondition");
    EXPECT_EQ(get_json("/api/queues")["queues"][0]["paused"], true);
    EXPECT_EQ(post_json("/api/queues/mixed:resume"), Json::object());
    EXPECT_FALSE(inspector.is_queue_paused("mixed"));
    expect_error(post_json("/api/queues/mixed:resume", "", 409), "failed_precondition");
}

TEST_F(QueueRoutesTest, DeleteNeedsForceWhenNotEmpty) {
    write_dump(redis(), fixture_now("paused_queue"));
    expect_error(delete_json("/api/queues/mailer", 409), "failed_precondition");
    EXPECT_TRUE(redis().exists("asynq:{mailer}:pending"));
    EXPECT_EQ(delete_json("/api/queues/mailer?force=true"), Json::object());
    EXPECT_FALSE(redis().exists("asynq:{mailer}:pending"));
    EXPECT_EQ(redis().smembers("asynq:queues"), (std::set<std::string>{"default"}));
    // An empty queue goes without force.
    EXPECT_EQ(delete_json("/api/queues/default"), Json::object());
    EXPECT_TRUE(redis().smembers("asynq:queues").empty());
    expect_error(delete_json("/api/queues/default", 404), "not_found");
    expect_error(delete_json("/api/queues/x?force=maybe", 400), "invalid_argument");
}

TEST_F(QueueRoutesTest, QueuesOurClientCreated) {
    Client client(server().options());
    client.enqueue(Task("email:send", "to bob"), {.queue = "critical"});
    client.enqueue(Task("email:send", "to ann"), {.queue = "critical", .process_in = std::chrono::hours(1)});
    const auto body = get_json("/api/queues");
    ASSERT_EQ(body["queues"].size(), 1u);
    EXPECT_EQ(body["queues"][0]["queue"], "critical");
    EXPECT_EQ(body["queues"][0]["pending"], 1);
    EXPECT_EQ(body["queues"][0]["scheduled"], 1);
    EXPECT_EQ(body["queues"][0]["size"], 2);
}

}  // namespace
}  // namespace asynq::testing
