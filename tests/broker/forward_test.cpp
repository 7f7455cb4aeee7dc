// Delayed tasks and cleanup: forward_due_tasks (spec §4.12) and delete_expired_completed (spec §4.15).
#include <gtest/gtest.h>

#include "asynq/errors.h"
#include "broker/processing_test_base.h"

namespace asynq::broker {
namespace {

using namespace std::chrono_literals;

class ForwardTest : public ProcessingTest {
protected:
    void schedule(const std::string& queue, const std::string& id, util::Clock::TimePoint at) {
        auto r = request(message(queue, id), EnqueuePath::kScheduled);
        r.process_at = at;
        ASSERT_EQ(broker().enqueue(r), EnqueueOutcome::kEnqueued);
    }
    void put_in_retry(const std::string& queue, const std::string& id, util::Clock::TimePoint at) {
        ASSERT_TRUE(broker().retry(make_active(queue, id), at, "e", true));
    }
};

TEST_F(ForwardTest, MovesOnlyDueTasksOldestFirstWithPendingSince) {
    schedule("default", "due-later", clock().now() - 2s);
    schedule("default", "due-first", clock().now() - 5s);
    schedule("default", "due-now", clock().now());
    schedule("default", "future", clock().now() + 1s);

    EXPECT_EQ(broker().forward_due_tasks("default"), 3);
    // LPUSHed in due order: the earliest is at the right end, dequeued first.
    EXPECT_EQ(redis().lrange("asynq:{default}:pending"), (Strings{"due-now", "due-later", "due-first"}));
    EXPECT_EQ(zmembers("asynq:{default}:scheduled"), Strings{"future"});
    for (const char* id : {"due-first", "due-later", "due-now"}) {
        auto hash = redis().hgetall(keys::task_key("default", id));
        EXPECT_EQ(hash["state"], "pending") << id;
        EXPECT_EQ(hash["pending_since"], std::to_string(kStartUnixNs)) << id;  // unix nanoseconds
    }
    EXPECT_EQ(redis().hget("asynq:{default}:t:future", "state"), "scheduled");
    EXPECT_EQ(broker().forward_due_tasks("default"), 0);
}

TEST_F(ForwardTest, MovesDueRetryTasksAfterScheduledOnes) {
    put_in_retry("default", "retried", clock().now() + 10s);
    schedule("default", "scheduled", clock().now() + 20s);
    clock().advance(30s);
    EXPECT_EQ(broker().forward_due_tasks("default"), 2);
    // The scheduled one was pushed first although its time is later: scheduled, then retry, as Go.
    EXPECT_EQ(redis().lrange("asynq:{default}:pending"), (Strings{"retried", "scheduled"}));
    EXPECT_EQ(redis().hget("asynq:{default}:t:retried", "state"), "pending");
    EXPECT_FALSE(redis().exists("asynq:{default}:retry"));
    EXPECT_EQ(stored_message("default", "retried").retried(), 1);  // msg untouched by forwarding
}

TEST_F(ForwardTest, ForwardsMoreThanOneBatchInOneCall) {
    std::vector<EnqueueRequest> requests;
    for (int i = 0; i < 250; ++i) {
        auto r = request(message("bulk", "s" + std::to_string(i)), EnqueuePath::kScheduled);
        r.process_at = clock().now() - std::chrono::seconds(i);
        requests.push_back(r);
    }
    auto late = request(message("bulk", "not-yet"), EnqueuePath::kScheduled);
    late.process_at = clock().now() + 1h;
    requests.push_back(late);
    for (auto& outcome : broker().enqueue_batch(requests)) ASSERT_TRUE(outcome.outcome);

    EXPECT_EQ(broker().forward_due_tasks("bulk"), 250);
    EXPECT_EQ(redis().llen("asynq:{bulk}:pending"), 250);
    EXPECT_EQ(zmembers("asynq:{bulk}:scheduled"), Strings{"not-yet"});
    EXPECT_EQ(redis().lrange("asynq:{bulk}:pending").back(), "s249");  // the most overdue is next
}

TEST_F(ForwardTest, GroupedTaskGoesBackToItsGroup) {
    auto m = message("default", "g1");
    m.set_group_key("grp");
    ASSERT_EQ(broker().enqueue(request(m, EnqueuePath::kAggregating)), EnqueueOutcome::kEnqueued);
    // As after RunTask and a failed attempt: in retry, group field still on the hash, group name set gone.
    redis().command({"ZREM", "asynq:{default}:g:grp", "g1"});
    redis().command({"DEL", "asynq:{default}:groups"});
    redis().command({"ZADD", "asynq:{default}:retry", std::to_string(kStartUnixS - 1), "g1"});
    redis().command({"HSET", "asynq:{default}:t:g1", "state", "retry"});

    EXPECT_EQ(broker().forward_due_tasks("default"), 1);
    EXPECT_EQ(redis().zrange_withscores("asynq:{default}:g:grp"),
              (std::vector<std::pair<std::string, double>>{{"g1", kStartUnixS}}));
    auto hash = redis().hgetall("asynq:{default}:t:g1");
    EXPECT_EQ(hash["state"], "aggregating");
    EXPECT_EQ(hash.count("pending_since"), 0u);
    EXPECT_FALSE(redis().exists("asynq:{default}:pending"));
    EXPECT_FALSE(redis().exists("asynq:{default}:retry"));
    EXPECT_FALSE(redis().exists("asynq:{default}:groups"));  // no SADD, as Go
}

TEST_F(ForwardTest, EmptyGroupFieldMeansPending) {
    schedule("default", "s1", clock().now());
    redis().command({"HSET", "asynq:{default}:t:s1", "group", ""});
    EXPECT_EQ(broker().forward_due_tasks("default"), 1);
    EXPECT_EQ(redis().lrange("asynq:{default}:pending"), Strings{"s1"});
}

TEST_F(ForwardTest, DueIdWithoutHashIsDroppedWithoutCreatingOne) {
    redis().command({"ZADD", "asynq:{default}:scheduled", std::to_string(kStartUnixS), "ghost"});
    EXPECT_EQ(broker().forward_due_tasks("default"), 1);
    EXPECT_FALSE(redis().exists("asynq:{default}:scheduled"));
    EXPECT_FALSE(redis().exists("asynq:{default}:pending"));
    EXPECT_FALSE(redis().exists("asynq:{default}:t:ghost"));
}

using CleanupTest = ProcessingTest;

TEST_F(CleanupTest, DeletesCompletedTasksWhoseRetentionEnded) {
    for (int i = 0; i < 5; ++i) {
        const std::string id = "done-" + std::to_string(i);
        redis().command({"HSET", keys::task_key("default", id), "msg", "m", "state", "completed"});
        redis().command({"ZADD", "asynq:{default}:completed", std::to_string(kStartUnixS - i), id});
    }
    redis().command({"HSET", "asynq:{default}:t:kept", "msg", "m", "state", "completed"});
    redis().command({"ZADD", "asynq:{default}:completed", std::to_string(kStartUnixS + 1), "kept"});

    EXPECT_EQ(broker().delete_expired_completed("default", 2), 5);  // three batches of at most 2
    EXPECT_EQ(zmembers("asynq:{default}:completed"), Strings{"kept"});
    for (int i = 0; i < 5; ++i) EXPECT_FALSE(redis().exists(keys::task_key("default", "done-" + std::to_string(i))));
    EXPECT_TRUE(redis().exists("asynq:{default}:t:kept"));
    EXPECT_EQ(broker().delete_expired_completed("default", 100), 0);
}

TEST_F(CleanupTest, CompletedTaskIsDeletedOnceItsRetentionPasses) {
    auto m = message("default", "c1");
    m.set_retention(60);
    ASSERT_TRUE(broker().mark_as_complete(make_active(m)));
    clock().advance(59s);
    EXPECT_EQ(broker().delete_expired_completed("default", 100), 0);
    clock().advance(1s);
    EXPECT_EQ(broker().delete_expired_completed("default", 100), 1);
    EXPECT_FALSE(redis().exists("asynq:{default}:t:c1"));
    EXPECT_FALSE(redis().exists("asynq:{default}:completed"));
}

TEST_F(CleanupTest, RejectsAnEmptyBatch) { EXPECT_THROW(broker().delete_expired_completed("default", 0), Error); }

}  // namespace
}  // namespace asynq::broker
