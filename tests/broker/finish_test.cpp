// Outcomes of an attempt: done, mark_as_complete, requeue, write_result (spec §4.7–§4.9, §4.20).
#include <gtest/gtest.h>

#include "broker/processing_test_base.h"
#include "redis/errors.h"

namespace asynq::broker {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view kMaxInt64 = "9223372036854775807";

using FinishTest = ProcessingTest;

TEST_F(FinishTest, DoneDeletesTheTaskAndCountsItProcessed) {
    use_wall_clock();
    auto m = make_active("default", "t1");
    ASSERT_TRUE(broker().done(m));

    EXPECT_FALSE(redis().exists("asynq:{default}:t:t1"));
    EXPECT_FALSE(redis().exists("asynq:{default}:active"));
    EXPECT_FALSE(redis().exists("asynq:{default}:lease"));
    EXPECT_EQ(redis().get(processed_today("default")), "1");
    expect_ttl_about_90_days(processed_today("default"));
    EXPECT_EQ(redis().get("asynq:{default}:processed"), "1");
    EXPECT_EQ(redis().pttl("asynq:{default}:processed"), -1);
    EXPECT_FALSE(redis().exists(failed_today("default")));
    EXPECT_FALSE(redis().exists("asynq:{default}:failed"));
}

TEST_F(FinishTest, DailyCountersFollowTheUtcDateOfNow) {
    // One second before the coming UTC midnight (near the real time, so EXPIREAT lies ahead of Redis's clock).
    const auto midnight = std::chrono::ceil<std::chrono::days>(std::chrono::system_clock::now());
    clock().set(midnight - 1s);
    const std::string today = keys::processed_key("default", clock().now());
    ASSERT_TRUE(broker().done(make_active("default", "before")));
    clock().advance(1s);
    const std::string tomorrow = keys::processed_key("default", clock().now());
    ASSERT_NE(today, tomorrow);
    ASSERT_TRUE(broker().done(make_active("default", "after")));
    EXPECT_EQ(redis().get(today), "1");
    EXPECT_EQ(redis().get(tomorrow), "1");
    EXPECT_EQ(redis().get("asynq:{default}:processed"), "2");
}

TEST_F(FinishTest, DoneKeepsTheExpiryOfAnExistingDailyCounter) {
    use_wall_clock();
    redis().command({"SET", processed_today("default"), "5", "EX", "100"});
    ASSERT_TRUE(broker().done(make_active("default", "t1")));
    EXPECT_EQ(redis().get(processed_today("default")), "6");
    EXPECT_LE(redis().pttl(processed_today("default")), 100'000);  // EXPIREAT only when INCR created it
}

TEST_F(FinishTest, DoneWrapsTheTotalAtMaxInt64) {
    redis().command({"SET", "asynq:{default}:processed", std::string(kMaxInt64)});
    redis().command({"SET", "asynq:{default}:failed", "77"});
    ASSERT_TRUE(broker().done(make_active("default", "t1")));
    EXPECT_EQ(redis().get("asynq:{default}:processed"), "1");
    EXPECT_EQ(redis().get("asynq:{default}:failed"), "77");  // done never touches failed
}

TEST_F(FinishTest, DoneReleasesTheUniqueLockItHolds) {
    auto r = unique_request(message("default", "u1"), 3600s);
    ASSERT_EQ(broker().enqueue(r), EnqueueOutcome::kEnqueued);
    auto result = take("default");
    ASSERT_TRUE(result.task);
    ASSERT_TRUE(broker().done(result.task->message));
    EXPECT_FALSE(redis().exists(r.message.unique_key()));
}

TEST_F(FinishTest, DoneLeavesALockHeldByAnotherTask) {
    auto r = unique_request(message("default", "u1"), 3600s);
    ASSERT_EQ(broker().enqueue(r), EnqueueOutcome::kEnqueued);
    auto result = take("default");
    ASSERT_TRUE(result.task);
    // The lock expired and a newer task took it.
    redis().command({"SET", r.message.unique_key(), "u2", "EX", "60"});
    ASSERT_TRUE(broker().done(result.task->message));
    EXPECT_EQ(redis().get(r.message.unique_key()), "u2");
    EXPECT_FALSE(redis().exists("asynq:{default}:t:u1"));
}

TEST_F(FinishTest, DoneOnATaskNoLongerActiveWritesNothing) {
    auto pending = message("default", "p1");
    broker().enqueue(request(pending));
    const std::string before = snapshot();
    EXPECT_FALSE(broker().done(pending));
    EXPECT_EQ(snapshot(), before);

    auto m = make_active("other", "t1");
    ASSERT_TRUE(broker().done(m));
    const std::string after_first = snapshot();
    EXPECT_FALSE(broker().done(m));  // a second ack (the syncer retrying) is harmless
    EXPECT_EQ(snapshot(), after_first);
}

// Go's "NOT FOUND" at the second step: removed from active, nothing else. We throw, and the retry returns false.
TEST_F(FinishTest, DoneOnAnActiveTaskWithoutLeaseStopsLikeGo) {
    use_wall_clock();
    auto m = make_active("default", "t1");
    redis().command({"ZREM", "asynq:{default}:lease", "t1"});
    try {
        broker().done(m);
        ADD_FAILURE() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::kDataLoss);
    }
    EXPECT_FALSE(redis().exists("asynq:{default}:active"));
    EXPECT_TRUE(redis().exists("asynq:{default}:t:t1"));  // not deleted: Go stops before DEL
    EXPECT_FALSE(redis().exists(processed_today("default")));
    EXPECT_FALSE(broker().done(m));
}

TEST_F(FinishTest, DoneOnALeasedTaskWithoutHashStopsLikeGo) {
    auto m = make_active("default", "t1");
    redis().command({"DEL", "asynq:{default}:t:t1"});
    EXPECT_THROW(broker().done(m), Error);
    EXPECT_FALSE(redis().exists("asynq:{default}:active"));
    EXPECT_FALSE(redis().exists("asynq:{default}:lease"));
    EXPECT_FALSE(redis().exists("asynq:{default}:processed"));
}

TEST_F(FinishTest, MarkAsCompleteKeepsTheTaskUntilRetentionEnds) {
    use_wall_clock();
    auto m = message("default", "c1");
    m.set_retention(7200);
    auto r = unique_request(m, 3600s);
    ASSERT_EQ(broker().enqueue(r), EnqueueOutcome::kEnqueued);
    auto result = take("default");
    ASSERT_TRUE(result.task);
    broker().write_result("default", "c1", "the result");
    clock().advance(5s);

    ASSERT_TRUE(broker().mark_as_complete(result.task->message));
    EXPECT_EQ(redis().zrange_withscores("asynq:{default}:completed"),
              (std::vector<std::pair<std::string, double>>{{"c1", now_s() + 7200}}));
    auto hash = redis().hgetall("asynq:{default}:t:c1");
    EXPECT_EQ(hash["state"], "completed");
    EXPECT_EQ(hash["result"], "the result");
    auto stored = decode_task_message(hash["msg"], "c1");
    EXPECT_EQ(stored.completed_at(), now_s());
    stored.clear_completed_at();
    EXPECT_EQ(encode_task_message(stored), encode_task_message(result.task->message));  // nothing else changed
    EXPECT_FALSE(redis().exists("asynq:{default}:active"));
    EXPECT_FALSE(redis().exists("asynq:{default}:lease"));
    EXPECT_EQ(redis().get(processed_today("default")), "1");
    expect_ttl_about_90_days(processed_today("default"));
    EXPECT_EQ(redis().get("asynq:{default}:processed"), "1");
    EXPECT_FALSE(redis().exists("asynq:{default}:failed"));
    EXPECT_FALSE(redis().exists(r.message.unique_key()));  // released
}

TEST_F(FinishTest, MarkAsCompleteOnATaskNoLongerActiveWritesNothing) {
    auto m = message("default", "c1");
    m.set_retention(60);
    broker().enqueue(request(m));
    const std::string before = snapshot();
    EXPECT_FALSE(broker().mark_as_complete(m));
    EXPECT_EQ(snapshot(), before);
}

TEST_F(FinishTest, MarkAsCompleteWrapsTheTotalAtMaxInt64) {
    redis().command({"SET", "asynq:{default}:processed", std::string(kMaxInt64)});
    auto m = message("default", "c1");
    m.set_retention(60);
    ASSERT_TRUE(broker().mark_as_complete(make_active(m)));
    EXPECT_EQ(redis().get("asynq:{default}:processed"), "1");
}

TEST_F(FinishTest, RequeuePutsTheTaskNextInLineWithItsMsgUnchanged) {
    auto m = make_active("default", "r1");
    broker().enqueue(request(message("default", "newer")));
    const auto msg_before = redis().hget("asynq:{default}:t:r1", "msg");

    ASSERT_TRUE(broker().requeue(m));
    EXPECT_EQ(redis().lrange("asynq:{default}:pending"), (Strings{"newer", "r1"}));  // right end: next
    auto hash = redis().hgetall("asynq:{default}:t:r1");
    EXPECT_EQ(hash.size(), 2u) << "no pending_since on requeue";
    EXPECT_EQ(hash["state"], "pending");
    EXPECT_EQ(hash["msg"], msg_before);
    EXPECT_FALSE(redis().exists("asynq:{default}:active"));
    EXPECT_FALSE(redis().exists("asynq:{default}:lease"));
    EXPECT_FALSE(redis().exists("asynq:{default}:processed"));

    auto again = take("default");
    ASSERT_TRUE(again.task);
    EXPECT_EQ(again.task->message.id(), "r1");
}

TEST_F(FinishTest, RequeueOnATaskNoLongerActiveWritesNothing) {
    auto m = message("default", "r1");
    broker().enqueue(request(m));
    const std::string before = snapshot();
    EXPECT_FALSE(broker().requeue(m));
    EXPECT_EQ(snapshot(), before);
}

TEST_F(FinishTest, WriteResultStoresBytesAndReturnsTheirCount) {
    make_active("default", "w1");
    const std::string result("bin\0ary\xff", 8);
    EXPECT_EQ(broker().write_result("default", "w1", result), 8);
    EXPECT_EQ(redis().hget("asynq:{default}:t:w1", "result"), result);
    EXPECT_EQ(broker().write_result("default", "w1", "second"), 6);  // overwrites
    EXPECT_EQ(redis().hget("asynq:{default}:t:w1", "result"), "second");
    EXPECT_EQ(redis().hget("asynq:{default}:t:w1", "state"), "active");
}

}  // namespace
}  // namespace asynq::broker
