// Inspector task queries on a real Redis: task info and listings of every state over Go-written fixtures and over
// tasks our own Client enqueues, with Go's order and paging (spec §4.22.4, §4.22.5).
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
using testing::unix_s;
using TaskQueriesTest = testing::RedisTest;

std::vector<std::string> ids_of(const std::vector<TaskInfo>& tasks) {
    std::vector<std::string> ids;
    for (const auto& task : tasks) ids.push_back(task.id);
    return ids;
}

std::chrono::system_clock::time_point at(std::int64_t unix_seconds) {
    return std::chrono::system_clock::time_point(std::chrono::seconds(unix_seconds));
}

// all_states.json: queue "mixed" with one task in each state but active.
TEST_F(TaskQueriesTest, EachStateOfGoFixtureIsListedWithGosFields) {
    testing::write_dump(redis(), fixture_now("all_states"));
    Inspector inspector(server().options());

    const auto before = unix_s(std::chrono::system_clock::now());
    const auto pending = inspector.list_pending_tasks("mixed");
    const auto after = unix_s(std::chrono::system_clock::now());
    ASSERT_EQ(pending.size(), 1u);
    EXPECT_EQ(pending[0].id, "3c76acd9-857a-4bcf-8f11-897d69ee7bcd");
    EXPECT_EQ(pending[0].type, "s:pending");
    EXPECT_EQ(pending[0].payload, "p");
    EXPECT_EQ(pending[0].queue, "mixed");
    EXPECT_EQ(pending[0].state, TaskState::kPending);
    EXPECT_EQ(pending[0].max_retry, 25);
    EXPECT_GE(unix_s(pending[0].next_process_at), before);  // pending: "now", as Go
    EXPECT_LE(unix_s(pending[0].next_process_at), after);

    const auto scheduled = inspector.list_scheduled_tasks("mixed");
    ASSERT_EQ(scheduled.size(), 1u);
    EXPECT_EQ(scheduled[0].id, "24263b9e-1871-432f-8eb2-993082c175ab");
    EXPECT_EQ(scheduled[0].state, TaskState::kScheduled);
    EXPECT_EQ(scheduled[0].next_process_at, at(1795578323));

    const auto retry = inspector.list_retry_tasks("mixed");
    ASSERT_EQ(retry.size(), 1u);
    EXPECT_EQ(retry[0].id, "d731a449-1392-4f40-9a92-6177bac86208");
    EXPECT_EQ(retry[0].type, "s:retry");
    EXPECT_EQ(retry[0].state, TaskState::kRetry);
    EXPECT_EQ(retry[0].max_retry, 5);
    EXPECT_EQ(retry[0].retried, 1);
    EXPECT_EQ(retry[0].last_error, "failed on purpose");
    EXPECT_NE(retry[0].last_failed_at, TaskInfo::TimePoint{});
    EXPECT_EQ(retry[0].next_process_at, at(1795578322));

    const auto archived = inspector.list_archived_tasks("mixed");
    ASSERT_EQ(archived.size(), 1u);
    EXPECT_EQ(archived[0].id, "8a08946d-5748-4c23-a6d0-5bd7c7ba343b");
    EXPECT_EQ(archived[0].state, TaskState::kArchived);
    EXPECT_EQ(archived[0].last_error, "failed on purpose");
    EXPECT_EQ(archived[0].max_retry, 0);
    EXPECT_EQ(archived[0].next_process_at, TaskInfo::TimePoint{});

    const auto completed = inspector.list_completed_tasks("mixed");
    ASSERT_EQ(completed.size(), 1u);
    EXPECT_EQ(completed[0].id, "e05f4f08-3b75-4311-b5a8-84c45820c198");
    EXPECT_EQ(completed[0].state, TaskState::kCompleted);
    EXPECT_EQ(completed[0].retention, 1h);
    EXPECT_NE(completed[0].completed_at, TaskInfo::TimePoint{});
    EXPECT_EQ(completed[0].next_process_at, TaskInfo::TimePoint{});

    const auto aggregating = inspector.list_aggregating_tasks("mixed", "grp");
    ASSERT_EQ(aggregating.size(), 1u);
    EXPECT_EQ(aggregating[0].id, "ea1a7818-88e7-4227-92ac-f90c3bac4313");
    EXPECT_EQ(aggregating[0].state, TaskState::kAggregating);
    EXPECT_EQ(aggregating[0].group, "grp");
    EXPECT_TRUE(inspector.list_aggregating_tasks("mixed", "other").empty());

    EXPECT_TRUE(inspector.list_active_tasks("mixed").empty());
}

// completed.json: two completed tasks, one with a result written by the handler (README decoded view).
TEST_F(TaskQueriesTest, CompletedTasksOfGoFixtureCarryResultAndCompletionTime) {
    testing::write_dump(redis(), fixture_now("completed"));
    Inspector inspector(server().options());
    const auto tasks = inspector.list_completed_tasks("default");
    ASSERT_EQ(tasks.size(), 2u);
    // By expiry: the 1h retention one (score 1795578263) before the 24h one (1795661063).
    EXPECT_EQ(ids_of(tasks), (std::vector<std::string>{"8aa3421d-3ccf-4f51-b2fb-727ef0de2e70",
                                                       "19b6788a-a6ce-4e14-b75a-1e7db1f5a6f0"}));
    EXPECT_EQ(tasks[0].result, std::nullopt);
    EXPECT_EQ(tasks[1].result, "result:img-1");
    EXPECT_EQ(tasks[1].type, "thumbnail:make");
    EXPECT_EQ(tasks[1].completed_at, at(1795574663));
    EXPECT_EQ(tasks[1].retention, 24h);

    const auto info = inspector.get_task_info("default", "19b6788a-a6ce-4e14-b75a-1e7db1f5a6f0");
    EXPECT_EQ(info.state, TaskState::kCompleted);
    EXPECT_EQ(info.result, "result:img-1");
    EXPECT_EQ(info.completed_at, at(1795574663));
}

// retry.json: webhook:deliver failed once; next retry at failure + 1h.
TEST_F(TaskQueriesTest, TaskInfoOfGoRetryTask) {
    testing::write_dump(redis(), fixture_now("retry"));
    Inspector inspector(server().options());
    const auto info = inspector.get_task_info("default", "88d425cd-409c-4a4e-a4f9-3edf97954e02");
    EXPECT_EQ(info.type, "webhook:deliver");
    EXPECT_EQ(info.payload, R"({"url":"http://127.0.0.1/hook"})");
    EXPECT_EQ(info.state, TaskState::kRetry);
    EXPECT_EQ(info.retried, 1);
    EXPECT_EQ(info.max_retry, 3);
    EXPECT_EQ(info.last_error, "POST /hook: 503 Service Unavailable");
    EXPECT_EQ(info.last_failed_at, at(1795574660));
    EXPECT_EQ(info.next_process_at, at(1795578260));
    EXPECT_EQ(info.timeout, 1800s);
}

// live_server.json: two active tasks whose leases (1795574708) have long expired: orphaned, as Go reports them.
TEST_F(TaskQueriesTest, ActiveTasksOfGoFixtureAreOldestFirstAndOrphanedWhenLeaseExpired) {
    testing::write_dump(redis(), fixture_now("live_server"));
    Inspector inspector(server().options());
    const auto active = inspector.list_active_tasks("default");
    // LPUSHed on dequeue: the right end (e097..., payload slow-1) was taken first.
    EXPECT_EQ(ids_of(active), (std::vector<std::string>{"e0974140-bfc1-4c48-97f1-8f411844717a",
                                                        "80a5fba3-0cdc-4bd3-9f99-482ef010d258"}));
    ASSERT_EQ(active.size(), 2u);
    EXPECT_EQ(active[0].payload, "slow-1");
    EXPECT_TRUE(active[0].is_orphaned);
    EXPECT_TRUE(active[1].is_orphaned);
    EXPECT_EQ(active[0].next_process_at, TaskInfo::TimePoint{});

    // A lease in the future is not orphaned.
    const auto future = std::to_string(unix_s(std::chrono::system_clock::now()) + 60);
    redis().command({"ZADD", "asynq:{default}:lease", future, "80a5fba3-0cdc-4bd3-9f99-482ef010d258"});
    const auto again = inspector.list_active_tasks("default");
    ASSERT_EQ(again.size(), 2u);
    EXPECT_TRUE(again[0].is_orphaned);
    EXPECT_FALSE(again[1].is_orphaned);
}

TEST_F(TaskQueriesTest, PagesFollowGosOrderWithPartialLastPageAndEmptyPagesPastTheEnd) {
    Client client(server().options());
    const auto base = std::chrono::system_clock::now() + 1h;
    for (int i = 1; i <= 5; ++i) {
        client.enqueue(Task("t", "p"), {.queue = "q", .task_id = "p" + std::to_string(i)});
        // Scheduled in reverse id order, so score order differs from insertion order.
        client.enqueue(
            Task("t", "s"),
            {.queue = "q", .process_at = base + std::chrono::seconds(10 - i), .task_id = "s" + std::to_string(i)});
    }
    Inspector inspector(server().options());
    using V = std::vector<std::string>;
    EXPECT_EQ(ids_of(inspector.list_pending_tasks("q")), (V{"p1", "p2", "p3", "p4", "p5"}));
    EXPECT_EQ(ids_of(inspector.list_pending_tasks("q", {.page = 1, .page_size = 2})), (V{"p1", "p2"}));
    EXPECT_EQ(ids_of(inspector.list_pending_tasks("q", {.page = 2, .page_size = 2})), (V{"p3", "p4"}));
    EXPECT_EQ(ids_of(inspector.list_pending_tasks("q", {.page = 3, .page_size = 2})), (V{"p5"}));
    EXPECT_TRUE(inspector.list_pending_tasks("q", {.page = 4, .page_size = 2}).empty());
    EXPECT_TRUE(inspector.list_pending_tasks("q", {.page = 1000, .page_size = 30}).empty());

    EXPECT_EQ(ids_of(inspector.list_scheduled_tasks("q")), (V{"s5", "s4", "s3", "s2", "s1"}));
    EXPECT_EQ(ids_of(inspector.list_scheduled_tasks("q", {.page = 2, .page_size = 3})), (V{"s2", "s1"}));
    EXPECT_TRUE(inspector.list_scheduled_tasks("q", {.page = 3, .page_size = 3}).empty());
    const auto first = inspector.list_scheduled_tasks("q", {.page = 1, .page_size = 1});
    ASSERT_EQ(first.size(), 1u);
    EXPECT_EQ(unix_s(first[0].next_process_at), unix_s(base + 5s));

    EXPECT_TRUE(inspector.list_retry_tasks("q").empty());
    EXPECT_TRUE(inspector.list_archived_tasks("q").empty());
    EXPECT_TRUE(inspector.list_completed_tasks("q").empty());
}

TEST_F(TaskQueriesTest, AggregatingTasksOfGoFixtureAreListedByJoinTime) {
    testing::write_dump(redis(), fixture_now("groups"));
    Inspector inspector(server().options());
    const auto tasks = inspector.list_aggregating_tasks("default", "daily-digest");
    ASSERT_EQ(tasks.size(), 4u);  // same join second: ZRANGE orders them by member
    EXPECT_EQ(ids_of(tasks),
              (std::vector<std::string>{"13d1a690-8c35-44a6-a6f1-fab685f80c69", "5dec2e9b-a451-47fc-b4a2-8697a3bf9ee3",
                                        "76230c2c-e390-4a8e-b616-ed529c350ebe", "digest-unique"}));
    for (const auto& task : tasks) {
        EXPECT_EQ(task.group, "daily-digest");
        EXPECT_EQ(task.state, TaskState::kAggregating);
    }
    const auto low = inspector.list_aggregating_tasks("low", "weekly", {.page = 1, .page_size = 5});
    ASSERT_EQ(low.size(), 1u);
    EXPECT_EQ(low[0].max_retry, 2);
    EXPECT_EQ(low[0].payload, "r1");
}

TEST_F(TaskQueriesTest, GetTaskInfoOfEveryStateOfGoFixture) {
    testing::write_dump(redis(), fixture_now("all_states"));
    Inspector inspector(server().options());
    EXPECT_EQ(inspector.get_task_info("mixed", "3c76acd9-857a-4bcf-8f11-897d69ee7bcd").state, TaskState::kPending);
    EXPECT_EQ(inspector.get_task_info("mixed", "24263b9e-1871-432f-8eb2-993082c175ab").next_process_at, at(1795578323));
    EXPECT_EQ(inspector.get_task_info("mixed", "8a08946d-5748-4c23-a6d0-5bd7c7ba343b").state, TaskState::kArchived);
    EXPECT_EQ(inspector.get_task_info("mixed", "ea1a7818-88e7-4227-92ac-f90c3bac4313").group, "grp");
}

TEST_F(TaskQueriesTest, UnknownQueueTaskAndBadPagesAreRefused) {
    testing::write_dump(redis(), fixture_now("all_states"));
    Inspector inspector(server().options());
    EXPECT_THROW(inspector.get_task_info("mixed", "no-such-task"), TaskNotFoundError);
    EXPECT_THROW(inspector.get_task_info("nope", "3c76acd9-857a-4bcf-8f11-897d69ee7bcd"), QueueNotFoundError);
    EXPECT_THROW(inspector.list_pending_tasks("nope"), QueueNotFoundError);
    EXPECT_THROW(inspector.list_active_tasks("nope"), QueueNotFoundError);
    EXPECT_THROW(inspector.list_scheduled_tasks("nope"), QueueNotFoundError);
    EXPECT_THROW(inspector.list_retry_tasks("nope"), QueueNotFoundError);
    EXPECT_THROW(inspector.list_archived_tasks("nope"), QueueNotFoundError);
    EXPECT_THROW(inspector.list_completed_tasks("nope"), QueueNotFoundError);
    EXPECT_THROW(inspector.list_aggregating_tasks("nope", "grp"), QueueNotFoundError);
    EXPECT_EQ(code_of([&] { inspector.list_pending_tasks("mixed", {.page = 0}); }), ErrorCode::kInvalidArgument);
    EXPECT_EQ(code_of([&] { inspector.list_retry_tasks("mixed", {.page_size = 0}); }), ErrorCode::kInvalidArgument);
    EXPECT_EQ(code_of([&] { inspector.list_archived_tasks("mixed", {.page = -1, .page_size = 3}); }),
              ErrorCode::kInvalidArgument);
    EXPECT_EQ(code_of([&] { inspector.list_aggregating_tasks("mixed", ""); }), ErrorCode::kInvalidArgument);
    EXPECT_EQ(code_of([&] { inspector.get_task_info("", "x"); }), ErrorCode::kInvalidArgument);
}

TEST_F(TaskQueriesTest, UndecodableOrMissingTasksAreSkippedInListings) {
    Client client(server().options());
    client.enqueue(Task("t", "1"), {.queue = "q", .task_id = "good1"});
    redis().command({"LPUSH", "asynq:{q}:pending", "broken"});
    redis().command({"HSET", "asynq:{q}:t:broken", "msg", std::string("\xff\xff", 2), "state", "pending"});
    redis().command({"LPUSH", "asynq:{q}:pending", "gone"});  // an id without a hash
    client.enqueue(Task("t", "2"), {.queue = "q", .task_id = "good2"});
    Inspector inspector(server().options());
    EXPECT_EQ(ids_of(inspector.list_pending_tasks("q")), (std::vector<std::string>{"good1", "good2"}));
    EXPECT_EQ(inspector.get_queue_info("q").pending, 4);  // counts are of ids, as Go's
}

}  // namespace
}  // namespace asynq
