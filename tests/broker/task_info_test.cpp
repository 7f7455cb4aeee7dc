#include <gtest/gtest.h>

#include "asynq/errors.h"
#include "broker/broker_test_base.h"
#include "support/fixtures.h"

namespace asynq::broker {
namespace {

using namespace std::chrono_literals;

TEST_F(BrokerTest, GetTaskReadsPendingTaskBack) {
    auto m = message("default", "r1");
    broker().enqueue(request(m));
    auto record = broker().get_task("default", "r1");
    ASSERT_TRUE(record);
    EXPECT_EQ(record->state, TaskState::kPending);
    EXPECT_EQ(record->message.SerializeAsString(), m.SerializeAsString());
    EXPECT_FALSE(record->result);
    EXPECT_EQ(util::unix_seconds(record->next_process_at), util::unix_seconds(clock().now()));
}

TEST_F(BrokerTest, GetTaskReportsScheduledTimeAndResult) {
    auto r = request(message("default", "r2"), EnqueuePath::kScheduled);
    r.process_at = clock().now() + 1h;
    broker().enqueue(r);
    redis().command({"HSET", "asynq:{default}:t:r2", "result", std::string("ok\0bytes", 8)});
    auto record = broker().get_task("default", "r2");
    ASSERT_TRUE(record);
    EXPECT_EQ(record->state, TaskState::kScheduled);
    EXPECT_EQ(util::unix_seconds(record->next_process_at), util::unix_seconds(r.process_at));
    EXPECT_EQ(record->result, std::string("ok\0bytes", 8));
}

TEST_F(BrokerTest, GetTaskOfAggregatingTaskHasNoNextProcessTime) {
    auto m = message("default", "r3");
    m.set_group_key("g");
    broker().enqueue(request(m, EnqueuePath::kAggregating));
    auto record = broker().get_task("default", "r3");
    ASSERT_TRUE(record);
    EXPECT_EQ(record->state, TaskState::kAggregating);
    EXPECT_EQ(record->next_process_at.time_since_epoch().count(), 0);
}

TEST_F(BrokerTest, GetTaskOfMissingTaskIsNullopt) { EXPECT_FALSE(broker().get_task("default", "nope")); }

TEST_F(BrokerTest, GetTaskOfCorruptTaskIsDataLoss) {
    redis().command({"HSET", "asynq:{default}:t:bad", "msg", "\xff\xff", "state", "pending"});
    redis().command(
        {"HSET", "asynq:{default}:t:odd", "msg", message("default", "odd").SerializeAsString(), "state", "sleeping"});
    for (auto* id : {"bad", "odd"}) {
        try {
            broker().get_task("default", id);
            ADD_FAILURE() << "expected kDataLoss for " << id;
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), ErrorCode::kDataLoss) << e.what();
        }
    }
}

TEST_F(BrokerTest, GoWrittenTasksReadBack) {
    testing::write_dump(redis(), testing::load_fixture("all_states"));
    auto pending_ids = redis().lrange("asynq:{mixed}:pending");
    ASSERT_EQ(pending_ids.size(), 1u);
    auto record = broker().get_task("mixed", pending_ids[0]);
    ASSERT_TRUE(record);
    EXPECT_EQ(record->message.type(), "s:pending");
    auto retry = redis().zrange_withscores("asynq:{mixed}:retry");
    ASSERT_EQ(retry.size(), 1u);
    auto retried = broker().get_task("mixed", retry[0].first);
    ASSERT_TRUE(retried);
    EXPECT_EQ(retried->state, TaskState::kRetry);
    EXPECT_EQ(retried->message.retried(), 1);
    EXPECT_EQ(retried->message.error_msg(), "failed on purpose");
    EXPECT_EQ(util::unix_seconds(retried->next_process_at), static_cast<std::int64_t>(retry[0].second));
    auto info = to_task_info(retried->message, retried->state, retried->next_process_at, retried->result);
    EXPECT_EQ(info.max_retry, 5);
    EXPECT_EQ(info.last_error, "failed on purpose");
    EXPECT_GT(info.last_failed_at.time_since_epoch().count(), 0);
}

}  // namespace
}  // namespace asynq::broker
