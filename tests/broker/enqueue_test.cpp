#include <gtest/gtest.h>

#include "broker/broker_test_base.h"
#include "redis/errors.h"

namespace asynq::broker {
namespace {

using namespace std::chrono_literals;

TEST_F(BrokerTest, EnqueueWritesPendingTaskAndRegistersQueue) {
    auto m = message("default", "id-1");
    EXPECT_EQ(broker().enqueue(request(m)), EnqueueOutcome::kEnqueued);

    auto hash = redis().hgetall("asynq:{default}:t:id-1");
    EXPECT_EQ(hash.size(), 3u);
    EXPECT_EQ(hash["msg"], encode_task_message(m));
    EXPECT_EQ(hash["state"], "pending");
    EXPECT_EQ(hash["pending_since"], std::to_string(kStartUnixNs));  // unix nanoseconds
    EXPECT_EQ(redis().lrange("asynq:{default}:pending"), std::vector<std::string>{"id-1"});
    EXPECT_EQ(redis().smembers("asynq:queues"), std::set<std::string>{"default"});
    EXPECT_EQ(redis().pttl("asynq:{default}:t:id-1"), -1);
}

TEST_F(BrokerTest, NewTasksArePushedOnTheLeft) {
    broker().enqueue(request(message("q", "first")));
    broker().enqueue(request(message("q", "second")));
    EXPECT_EQ(redis().lrange("asynq:{q}:pending"), (std::vector<std::string>{"second", "first"}));
}

TEST_F(BrokerTest, EnqueueReportsIdConflictAndWritesNothing) {
    broker().enqueue(request(message("default", "same")));
    auto other = message("default", "same", "other:type");
    EXPECT_EQ(broker().enqueue(request(other)), EnqueueOutcome::kTaskIdConflict);
    EXPECT_EQ(redis().llen("asynq:{default}:pending"), 1);
    EXPECT_NE(redis().hget("asynq:{default}:t:same", "msg"), encode_task_message(other));
    // ids are per queue
    EXPECT_EQ(broker().enqueue(request(message("low", "same"))), EnqueueOutcome::kEnqueued);
}

TEST_F(BrokerTest, ScheduleStoresWholeSecondScore) {
    auto r = request(message("default", "later"), EnqueuePath::kScheduled);
    r.process_at = clock().now() + 90s + 700ms;
    EXPECT_EQ(broker().enqueue(r), EnqueueOutcome::kEnqueued);
    auto hash = redis().hgetall("asynq:{default}:t:later");
    EXPECT_EQ(hash.size(), 2u);  // no pending_since
    EXPECT_EQ(hash["state"], "scheduled");
    auto zset = redis().zrange_withscores("asynq:{default}:scheduled");
    ASSERT_EQ(zset.size(), 1u);
    EXPECT_EQ(zset[0].first, "later");
    EXPECT_EQ(zset[0].second, 1795574660.0 + 91);  // 20.5 + 90.7 = 111.2 -> truncated
    EXPECT_FALSE(redis().exists("asynq:{default}:pending"));
}

TEST_F(BrokerTest, UniqueEnqueueTakesLockWithTtlAndRejectsDuplicates) {
    auto r = unique_request(message("default", "u1"), 3600s);
    const std::string lock = r.message.unique_key();
    EXPECT_EQ(broker().enqueue(r), EnqueueOutcome::kEnqueued);
    EXPECT_EQ(redis().get(lock), "u1");
    EXPECT_GT(redis().pttl(lock), 3590'000);
    EXPECT_LE(redis().pttl(lock), 3600'000);
    EXPECT_EQ(redis().hget("asynq:{default}:t:u1", "unique_key"), lock);

    auto dup = unique_request(message("default", "u2"), 3600s);
    dup.message.set_payload("p-u1");  // same type and payload as u1: same lock
    dup.message.set_unique_key(lock);
    EXPECT_EQ(broker().enqueue(dup), EnqueueOutcome::kDuplicateTask);
    EXPECT_FALSE(redis().exists("asynq:{default}:t:u2"));
    EXPECT_EQ(redis().llen("asynq:{default}:pending"), 1);
}

// Go quirk kept on purpose (spec §4.2 step 2): a lock taken before an id conflict is found stays.
TEST_F(BrokerTest, UniqueIdConflictKeepsTheLockItTook) {
    broker().enqueue(request(message("default", "taken")));
    auto r = unique_request(message("default", "taken", "other"), 60s);
    EXPECT_EQ(broker().enqueue(r), EnqueueOutcome::kTaskIdConflict);
    EXPECT_EQ(redis().get(r.message.unique_key()), "taken");
}

TEST_F(BrokerTest, ScheduleUniqueUsesTheGivenLockTtl) {
    auto r = unique_request(message("default", "su"), 9000s, EnqueuePath::kScheduled);
    r.process_at = clock().now() + 30min;
    EXPECT_EQ(broker().enqueue(r), EnqueueOutcome::kEnqueued);
    EXPECT_GT(redis().pttl(r.message.unique_key()), 8990'000);
    EXPECT_EQ(redis().hget("asynq:{default}:t:su", "state"), "scheduled");
    EXPECT_EQ(redis().hget("asynq:{default}:t:su", "unique_key"), r.message.unique_key());
    EXPECT_EQ(broker().enqueue(r), EnqueueOutcome::kDuplicateTask);
}

TEST_F(BrokerTest, AddToGroupWritesGroupZsetAndName) {
    auto m = message("low", "g1");
    m.set_group_key("weekly");
    EXPECT_EQ(broker().enqueue(request(m, EnqueuePath::kAggregating)), EnqueueOutcome::kEnqueued);
    auto hash = redis().hgetall("asynq:{low}:t:g1");
    EXPECT_EQ(hash["state"], "aggregating");
    EXPECT_EQ(hash["group"], "weekly");
    EXPECT_EQ(hash.count("pending_since"), 0u);
    auto zset = redis().zrange_withscores("asynq:{low}:g:weekly");
    ASSERT_EQ(zset.size(), 1u);
    EXPECT_EQ(zset[0].second, 1795574660.0);
    EXPECT_EQ(redis().smembers("asynq:{low}:groups"), std::set<std::string>{"weekly"});
}

// Go quirk (spec §4.5): the unique variant stores no unique_key field in the hash.
TEST_F(BrokerTest, AddToGroupUniqueTakesLockButStoresNoUniqueKeyField) {
    auto m = message("default", "gu");
    m.set_group_key("daily");
    auto r = unique_request(m, 3600s, EnqueuePath::kAggregating);
    EXPECT_EQ(broker().enqueue(r), EnqueueOutcome::kEnqueued);
    EXPECT_EQ(redis().get(r.message.unique_key()), "gu");
    EXPECT_FALSE(redis().hget("asynq:{default}:t:gu", "unique_key").has_value());
    auto again = r;
    again.message.set_id("gu2");
    EXPECT_EQ(broker().enqueue(again), EnqueueOutcome::kDuplicateTask);
}

TEST_F(BrokerTest, QueueIsRegisteredOncePerProcessWindow) {
    broker().enqueue(request(message("default", "a")));
    redis().command({"SREM", "asynq:queues", "default"});
    broker().enqueue(request(message("default", "b")));
    EXPECT_FALSE(redis().smembers("asynq:queues").count("default"));  // remembered: no second SADD
    Broker fresh(broker().executor(), clock());
    fresh.enqueue(request(message("default", "c")));
    EXPECT_TRUE(redis().smembers("asynq:queues").count("default"));
}

TEST_F(BrokerTest, BatchEnqueueGivesEveryItemItsOwnOutcome) {
    std::vector<EnqueueRequest> requests;
    requests.push_back(request(message("default", "b1")));
    requests.push_back(unique_request(message("default", "b2"), 60s));
    auto dup = unique_request(message("default", "b3"), 60s);
    dup.message.set_payload("p-b2");
    dup.message.set_unique_key(requests[1].message.unique_key());
    requests.push_back(dup);
    requests.push_back(request(message("default", "b1")));  // id conflict with the first
    auto grouped = message("low", "b4");
    grouped.set_group_key("g");
    requests.push_back(request(grouped, EnqueuePath::kAggregating));
    auto scheduled = request(message("critical", "b5"), EnqueuePath::kScheduled);
    scheduled.process_at = clock().now() + 1h;
    requests.push_back(scheduled);

    auto results = broker().enqueue_batch(requests);
    ASSERT_EQ(results.size(), 6u);
    for (auto& r : results) ASSERT_FALSE(r.error);
    EXPECT_EQ(*results[0].outcome, EnqueueOutcome::kEnqueued);
    EXPECT_EQ(*results[1].outcome, EnqueueOutcome::kEnqueued);
    EXPECT_EQ(*results[2].outcome, EnqueueOutcome::kDuplicateTask);
    EXPECT_EQ(*results[3].outcome, EnqueueOutcome::kTaskIdConflict);
    EXPECT_EQ(*results[4].outcome, EnqueueOutcome::kEnqueued);
    EXPECT_EQ(*results[5].outcome, EnqueueOutcome::kEnqueued);
    EXPECT_EQ(redis().smembers("asynq:queues"), (std::set<std::string>{"critical", "default", "low"}));
    EXPECT_EQ(redis().lrange("asynq:{default}:pending"), (std::vector<std::string>{"b2", "b1"}));
    EXPECT_EQ(redis().zcard("asynq:{low}:g:g"), 1);
    EXPECT_EQ(redis().zcard("asynq:{critical}:scheduled"), 1);
}

TEST_F(BrokerTest, BatchSpanningSeveralChunksWritesEverything) {
    std::vector<EnqueueRequest> requests;
    for (int i = 0; i < 2500; ++i) requests.push_back(request(message("bulk", "t" + std::to_string(i))));
    auto results = broker().enqueue_batch(requests);
    for (auto& r : results) ASSERT_TRUE(r.outcome && *r.outcome == EnqueueOutcome::kEnqueued);
    EXPECT_EQ(redis().llen("asynq:{bulk}:pending"), 2500);
}

TEST_F(BrokerTest, BatchItemWithErrorReplyFailsAlone) {
    redis().command({"SET", "asynq:{bad}:pending", "not a list"});  // LPUSH will hit WRONGTYPE
    std::vector<EnqueueRequest> requests = {request(message("bad", "x")), request(message("good", "y"))};
    auto results = broker().enqueue_batch(requests);
    ASSERT_TRUE(results[0].error);
    EXPECT_THROW(std::rethrow_exception(results[0].error), redis::ReplyError);
    ASSERT_TRUE(results[1].outcome);
    EXPECT_EQ(*results[1].outcome, EnqueueOutcome::kEnqueued);
}

}  // namespace
}  // namespace asynq::broker
