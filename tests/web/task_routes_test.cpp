// Task lists per state and group (pages, totals, filters) and task detail, over Go fixtures and our own tasks.
#include <gtest/gtest.h>

#include "asynq/client.h"
#include "support/fixture_now.h"
#include "web_test_base.h"

namespace asynq::testing {
namespace {

using TaskRoutesTest = WebTest;

TEST_F(TaskRoutesTest, EveryStateListsItsTaskFromGoFixture) {
    write_dump(redis(), fixture_now("all_states"));
    const std::map<std::string, std::string> type_of_state = {{"pending", "s:pending"},
                                                              {"scheduled", "s:scheduled"},
                                                              {"retry", "s:retry"},
                                                              {"archived", "s:archive"},
                                                              {"completed", "s:complete"}};
    for (const auto& [state, type] : type_of_state) {
        const auto body = get_json("/api/queues/mixed/" + state + "_tasks");
        ASSERT_EQ(body["tasks"].size(), 1u) << state << body;
        const auto& task = body["tasks"][0];
        EXPECT_EQ(task["type"], type);
        EXPECT_EQ(task["state"], state);
        EXPECT_EQ(task["queue"], "mixed");
        EXPECT_EQ(body["total"], 1);
        EXPECT_EQ(body["page"], 1);
        EXPECT_EQ(body["page_size"], 20);
        EXPECT_FALSE(body.contains("scanned_all"));
    }
    const auto active = get_json("/api/queues/mixed/active_tasks");
    EXPECT_EQ(active["tasks"], Json::array());
    EXPECT_EQ(active["total"], 0);

    const auto retry = get_json("/api/queues/mixed/retry_tasks")["tasks"][0];
    EXPECT_EQ(retry["payload"], "r");
    EXPECT_EQ(retry["last_error"], "failed on purpose");
    EXPECT_EQ(retry["retried"], 1);
    EXPECT_EQ(retry["max_retry"], 5);
    EXPECT_TRUE(retry["next_process_at"].is_string());
    const auto completed = get_json("/api/queues/mixed/completed_tasks")["tasks"][0];
    EXPECT_TRUE(completed["completed_at"].is_string());
    EXPECT_EQ(completed["retention_seconds"], 3600);

    const auto group = get_json("/api/queues/mixed/groups/grp/aggregating_tasks");
    ASSERT_EQ(group["tasks"].size(), 1u) << group;
    EXPECT_EQ(group["tasks"][0]["type"], "s:aggregating");
    EXPECT_EQ(group["tasks"][0]["group"], "grp");
    EXPECT_EQ(group["total"], 1);
}

TEST_F(TaskRoutesTest, TaskDetailHasEveryKeyOfTheContract) {
    write_dump(redis(), fixture_now("all_states"));
    const std::string id = get_json("/api/queues/mixed/archived_tasks")["tasks"][0]["id"];
    const auto task = get_json("/api/queues/mixed/tasks/" + id);
    EXPECT_EQ(task["id"], id);
    EXPECT_EQ(task["state"], "archived");
    EXPECT_EQ(task["last_error"], "failed on purpose");
    EXPECT_TRUE(task["last_failed_at"].is_string());
    for (const char* key : {"id", "queue", "type", "state", "payload", "headers", "max_retry", "retried", "last_error",
                            "last_failed_at", "timeout_seconds", "deadline", "group", "next_process_at",
                            "retention_seconds", "completed_at", "result", "is_orphaned"}) {
        EXPECT_TRUE(task.contains(key)) << key;
    }
    expect_error(get_json("/api/queues/mixed/tasks/nope", 404), "not_found");
    expect_error(get_json("/api/queues/nope/tasks/" + id, 404), "not_found");
    expect_error(get_json("/api/queues/nope/pending_tasks", 404), "not_found");
    expect_error(get_json("/api/queues/mixed/bogus_tasks", 404), "not_found");
}

TEST_F(TaskRoutesTest, ActiveTasksOfALiveGoServer) {
    write_dump(redis(), fixture_now("live_server"));
    const auto body = get_json("/api/queues/default/active_tasks");
    ASSERT_EQ(body["tasks"].size(), 2u) << body;
    EXPECT_EQ(body["total"], 2);
    EXPECT_EQ(body["tasks"][0]["type"], "slow:job");
    EXPECT_EQ(body["tasks"][0]["state"], "active");
}

TEST_F(TaskRoutesTest, PagesAndTotals) {
    Client client(server().options());
    for (int i = 0; i < 7; ++i) client.enqueue(Task("t", "p" + std::to_string(i)), {.queue = "paged"});
    const auto page2 = get_json("/api/queues/paged/pending_tasks?page=2&page_size=3");
    ASSERT_EQ(page2["tasks"].size(), 3u);
    EXPECT_EQ(page2["tasks"][0]["payload"], "p3");  // oldest first
    EXPECT_EQ(page2["total"], 7);
    EXPECT_EQ(page2["page"], 2);
    EXPECT_EQ(page2["page_size"], 3);
    EXPECT_EQ(get_json("/api/queues/paged/pending_tasks?page=3&page_size=3")["tasks"].size(), 1u);
    EXPECT_EQ(get_json("/api/queues/paged/pending_tasks?page=9")["tasks"], Json::array());
    expect_error(get_json("/api/queues/paged/pending_tasks?page=0", 400), "invalid_argument");
    expect_error(get_json("/api/queues/paged/pending_tasks?page_size=1001", 400), "invalid_argument");
}

TEST_F(TaskRoutesTest, FiltersByTypePrefixAndPayloadOrErrorText) {
    Client client(server().options());
    client.enqueue(Task("email:send", R"({"to":"bob@example.com"})"), {.queue = "f"});
    client.enqueue(Task("email:digest", R"({"to":"ann@example.com"})"), {.queue = "f"});
    client.enqueue(Task("image:resize", "bob.png"), {.queue = "f"});
    client.enqueue(Task("image:crop", std::string("\xff\xfe binary", 9)), {.queue = "f"});

    const auto emails = get_json("/api/queues/f/pending_tasks?type=email:");
    EXPECT_EQ(emails["total"], 2);
    EXPECT_EQ(emails["scanned_all"], true);
    EXPECT_EQ(emails["tasks"][0]["type"], "email:send");

    const auto bob = get_json("/api/queues/f/pending_tasks?search=bob");
    ASSERT_EQ(bob["total"], 2) << bob;
    EXPECT_EQ(bob["tasks"][0]["type"], "email:send");
    EXPECT_EQ(bob["tasks"][1]["type"], "image:resize");

    const auto both = get_json("/api/queues/f/pending_tasks?type=image&search=bob&page_size=1");
    EXPECT_EQ(both["total"], 1);
    EXPECT_EQ(both["tasks"][0]["payload"], "bob.png");

    const auto binary = get_json("/api/queues/f/pending_tasks?type=image:crop");
    EXPECT_EQ(binary["tasks"][0]["payload_encoding"], "base64");

    EXPECT_EQ(get_json("/api/queues/f/pending_tasks?search=nobody")["tasks"], Json::array());

    // The last error is searched too (Go fixture: "failed on purpose").
    write_dump(redis(), fixture_now("all_states"));
    EXPECT_EQ(get_json("/api/queues/mixed/archived_tasks?search=on%20purpose")["total"], 1);
    EXPECT_EQ(get_json("/api/queues/mixed/archived_tasks?search=other")["total"], 0);
}

TEST_F(TaskRoutesTest, AggregatingTasksOfAGroupFromGoFixture) {
    write_dump(redis(), fixture_now("groups"));
    const auto body = get_json("/api/queues/default/groups/daily-digest/aggregating_tasks?page_size=2");
    EXPECT_EQ(body["total"], 4);
    ASSERT_EQ(body["tasks"].size(), 2u);
    EXPECT_EQ(body["tasks"][0]["state"], "aggregating");
    EXPECT_EQ(get_json("/api/queues/default/groups/daily-digest/aggregating_tasks?search=u")["tasks"][0]["id"],
              "digest-unique");
    EXPECT_EQ(get_json("/api/queues/default/groups/nope/aggregating_tasks")["total"], 0);
}

}  // namespace
}  // namespace asynq::testing
