// Broker::ack_and_fetch and wait_for_pending (spec §4.6, §4.7) on a real Redis: taking tasks one at a time (as
// for one idle worker), then many at once with acknowledgements.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "broker/processing_test_base.h"
#include "support/eventually.h"
#include "support/fixtures.h"

namespace asynq::broker {
namespace {

using namespace std::chrono_literals;
using testing::eventually;

class TakeTest : public ProcessingTest {
protected:
    // A task hash written as-is, put at the right end of pending: the next one to be dequeued.
    void put_raw_next(const std::string& queue, const std::string& id, const std::optional<std::string>& msg) {
        if (msg) redis().command({"HSET", keys::task_key(queue, id), "msg", *msg, "state", "pending"});
        redis().command({"RPUSH", keys::pending_key(queue), id});
    }
};

TEST_F(TakeTest, TakesTheOldestTaskFromTheRightEnd) {
    for (const char* id : {"a", "b", "c"}) broker().enqueue(request(message("default", id)));
    auto first = take("default");
    ASSERT_TRUE(first.task);
    EXPECT_EQ(first.task->message.id(), "a");
    EXPECT_EQ(redis().lrange("asynq:{default}:pending"), (Strings{"c", "b"}));
    EXPECT_EQ(redis().lrange("asynq:{default}:active"), (Strings{"a"}));
    auto second = take("default");
    ASSERT_TRUE(second.task);
    EXPECT_EQ(second.task->message.id(), "b");
    EXPECT_EQ(redis().lrange("asynq:{default}:active"), (Strings{"b", "a"}));  // pushed on the left
    EXPECT_FALSE(second.paused);
    EXPECT_TRUE(second.bad_tasks.empty());
}

TEST_F(TakeTest, MarksActiveDropsPendingSinceAndLeasesForThirtySeconds) {
    auto m = message("default", "t1");
    broker().enqueue(request(m));
    clock().advance(2s);  // 2026-11-25T02:44:22.5Z
    auto result = take("default");
    ASSERT_TRUE(result.task);
    EXPECT_EQ(encode_task_message(result.task->message), encode_task_message(m));

    auto hash = redis().hgetall("asynq:{default}:t:t1");
    EXPECT_EQ(hash.size(), 2u) << "pending_since must be gone";
    EXPECT_EQ(hash["state"], "active");
    EXPECT_EQ(hash["msg"], encode_task_message(m));
    EXPECT_EQ(redis().zrange_withscores("asynq:{default}:lease"),
              (std::vector<std::pair<std::string, double>>{{"t1", kStartUnixS + 2 + 30}}));
    EXPECT_EQ(result.task->lease_expires_at, util::from_unix_seconds(kStartUnixS + 32));  // whole seconds, as stored
}

TEST_F(TakeTest, LeaseDurationIsTheCallers) {
    broker().enqueue(request(message("default", "t1")));
    auto result = take("default", 90s);
    ASSERT_TRUE(result.task);
    EXPECT_EQ(score("asynq:{default}:lease", "t1"), kStartUnixS + 90);
}

// Queue order across queues is the fetcher's (tests/server/selection_test.cpp); per queue, a paused one gives
// nothing and is left untouched, and an empty one gives nothing.
TEST_F(TakeTest, PausedQueueIsLeftUntouchedAndEmptyQueueGivesNothing) {
    broker().enqueue(request(message("paused-q", "p1")));
    redis().command({"SET", "asynq:{paused-q}:paused", std::to_string(kStartUnixS)});
    auto paused = take("paused-q");
    EXPECT_FALSE(paused.task);
    EXPECT_TRUE(paused.paused);
    EXPECT_EQ(redis().lrange("asynq:{paused-q}:pending"), Strings{"p1"});
    EXPECT_FALSE(redis().exists("asynq:{paused-q}:active"));

    auto empty = take("empty");
    EXPECT_FALSE(empty.task);
    EXPECT_FALSE(empty.paused);
    EXPECT_TRUE(empty.bad_tasks.empty());
}

TEST_F(TakeTest, TakesATaskWrittenByGo) {
    auto dump = testing::load_fixture("pending_options");
    testing::write_dump(redis(), dump);
    const std::string oldest = dump.find("asynq:{default}:pending")->list_value.back();
    const std::string go_msg = dump.find("asynq:{default}:t:" + oldest)->hash_value.at("msg");

    auto result = take("default");
    ASSERT_TRUE(result.task);
    const auto& m = result.task->message;
    EXPECT_EQ(m.id(), oldest);
    EXPECT_EQ(m.type(), "email:welcome");  // the first one enqueued
    EXPECT_EQ(m.payload(), R"({"user_id":42})");
    EXPECT_EQ(m.queue(), "default");
    EXPECT_EQ(m.retry(), 25);
    EXPECT_EQ(m.timeout(), 1800);
    EXPECT_EQ(encode_task_message(m), go_msg);  // map-free: byte-identical re-encoding (spec §3.6.2)

    auto hash = redis().hgetall("asynq:{default}:t:" + oldest);
    EXPECT_EQ(hash["state"], "active");
    EXPECT_EQ(hash.count("pending_since"), 0u);
    EXPECT_EQ(hash["msg"], go_msg);
    EXPECT_EQ(score("asynq:{default}:lease", oldest), kStartUnixS + 30);
    EXPECT_EQ(redis().llen("asynq:{default}:pending"), 3);
}

TEST_F(TakeTest, UndecodableMsgIsArchivedWithItsBytesAndTheTaskBehindIsServed) {
    const std::string garbage("\xff\xff\xff\x01", 4);
    put_raw_next("default", "bad", garbage);
    broker().enqueue(request(message("default", "good")));  // behind the bad one

    auto result = take("default");
    ASSERT_TRUE(result.task);
    EXPECT_EQ(result.task->message.id(), "good");
    ASSERT_EQ(result.bad_tasks.size(), 1u);
    EXPECT_EQ(result.bad_tasks[0].queue, "default");
    EXPECT_EQ(result.bad_tasks[0].id, "bad");
    EXPECT_NE(result.bad_tasks[0].problem.find("not a valid TaskMessage"), std::string::npos)
        << result.bad_tasks[0].problem;

    EXPECT_EQ(redis().hget("asynq:{default}:t:bad", "msg"), garbage);  // never rewritten, never deleted
    EXPECT_EQ(redis().hget("asynq:{default}:t:bad", "state"), "archived");
    EXPECT_EQ(redis().zrange_withscores("asynq:{default}:archived"),
              (std::vector<std::pair<std::string, double>>{{"bad", kStartUnixS}}));
    EXPECT_EQ(redis().lrange("asynq:{default}:active"), Strings{"good"});
    EXPECT_EQ(zmembers("asynq:{default}:lease"), Strings{"good"});
}

TEST_F(TakeTest, MsgNamingAnotherTaskIsArchived) {
    put_raw_next("default", "mine", encode_task_message(message("default", "someone-else")));
    put_raw_next("default", "wrong-queue", encode_task_message(message("other", "wrong-queue")));
    auto result = take("default");
    EXPECT_FALSE(result.task);
    ASSERT_EQ(result.bad_tasks.size(), 2u);
    EXPECT_EQ(result.bad_tasks[0].id, "wrong-queue");  // RPUSHed last: the right end
    EXPECT_EQ(result.bad_tasks[1].id, "mine");
    EXPECT_EQ(redis().llen("asynq:{default}:pending"), 0);
    EXPECT_EQ(zmembers("asynq:{default}:archived"), (Strings{"mine", "wrong-queue"}));
    EXPECT_FALSE(redis().exists("asynq:{default}:active"));
    EXPECT_FALSE(redis().exists("asynq:{default}:lease"));
}

TEST_F(TakeTest, HashWithoutMsgIsArchived) {
    redis().command({"HSET", "asynq:{default}:t:nomsg", "state", "pending"});
    redis().command({"RPUSH", "asynq:{default}:pending", "nomsg"});
    auto result = take("default");
    EXPECT_FALSE(result.task);
    ASSERT_EQ(result.bad_tasks.size(), 1u);
    EXPECT_NE(result.bad_tasks[0].problem.find("no msg"), std::string::npos) << result.bad_tasks[0].problem;
    EXPECT_EQ(redis().hget("asynq:{default}:t:nomsg", "state"), "archived");
    EXPECT_EQ(zmembers("asynq:{default}:archived"), Strings{"nomsg"});
}

TEST_F(TakeTest, DanglingIdIsRemovedAndReportedWithoutCreatingAHash) {
    put_raw_next("default", "ghost", std::nullopt);
    broker().enqueue(request(message("default", "good")));
    auto result = take("default");
    ASSERT_TRUE(result.task);
    EXPECT_EQ(result.task->message.id(), "good");
    ASSERT_EQ(result.bad_tasks.size(), 1u);
    EXPECT_EQ(result.bad_tasks[0].id, "ghost");
    EXPECT_NE(result.bad_tasks[0].problem.find("missing"), std::string::npos) << result.bad_tasks[0].problem;
    EXPECT_FALSE(redis().exists("asynq:{default}:t:ghost"));
    EXPECT_EQ(redis().lrange("asynq:{default}:active"), Strings{"good"});
    EXPECT_EQ(zmembers("asynq:{default}:lease"), Strings{"good"});
    EXPECT_FALSE(redis().exists("asynq:{default}:archived"));
}

using AckAndFetchTest = ProcessingTest;

TEST_F(AckAndFetchTest, AcknowledgesManyAndTakesManyInOneCall) {
    use_wall_clock();
    auto a = make_active("default", "a");
    auto b = make_active("default", "b");
    auto gone = message("default", "gone");  // never active: its ack must write nothing
    for (const char* id : {"c", "d", "e", "f"}) broker().enqueue(request(message("default", id)));

    const FetchRequest fetch{.queue = "default", .acks = {&a, &gone, &b}, .count = 3};
    auto results = broker().ack_and_fetch(std::span(&fetch, 1), 30s);
    ASSERT_EQ(results.size(), 1u);
    auto& result = results[0];
    ASSERT_FALSE(result.error);
    EXPECT_EQ(result.ack_codes, (std::vector<std::int64_t>{1, 0, 1}));
    EXPECT_FALSE(redis().exists("asynq:{default}:t:a"));
    EXPECT_FALSE(redis().exists("asynq:{default}:t:b"));
    EXPECT_EQ(redis().get(processed_today("default")), "2");
    EXPECT_EQ(redis().get("asynq:{default}:processed"), "2");
    expect_ttl_about_90_days(processed_today("default"));

    ASSERT_EQ(result.tasks.size(), 3u);
    EXPECT_EQ(result.tasks[0].message.id(), "c");  // oldest first
    EXPECT_EQ(result.tasks[1].message.id(), "d");
    EXPECT_EQ(result.tasks[2].message.id(), "e");
    EXPECT_EQ(redis().lrange("asynq:{default}:pending"), (Strings{"f"}));
    EXPECT_EQ(redis().lrange("asynq:{default}:active"), (Strings{"e", "d", "c"}));
    EXPECT_EQ(zmembers("asynq:{default}:lease"), (Strings{"c", "d", "e"}));
    for (const char* id : {"c", "d", "e"}) {
        auto hash = redis().hgetall(keys::task_key("default", id));
        EXPECT_EQ(hash["state"], "active") << id;
        EXPECT_FALSE(hash.contains("pending_since")) << id;
        EXPECT_EQ(score("asynq:{default}:lease", id), now_s() + 30) << id;
    }
    EXPECT_EQ(result.tasks[0].lease_expires_at, util::from_unix_seconds(now_s() + 30));
    EXPECT_FALSE(result.paused);
}

TEST_F(AckAndFetchTest, TakesWhatIsThereWhenAskedForMore) {
    broker().enqueue(request(message("default", "only")));
    const FetchRequest fetch{.queue = "default", .count = 5};
    auto result = std::move(broker().ack_and_fetch(std::span(&fetch, 1), 30s).front());
    ASSERT_EQ(result.tasks.size(), 1u);
    EXPECT_EQ(result.tasks[0].message.id(), "only");
    EXPECT_FALSE(result.paused);
}

TEST_F(AckAndFetchTest, PausedQueueTakesNothingButStillAcknowledges) {
    auto a = make_active("default", "a");
    broker().enqueue(request(message("default", "p")));
    redis().command({"SET", "asynq:{default}:paused", std::to_string(kStartUnixS)});
    const FetchRequest fetch{.queue = "default", .acks = {&a}, .count = 2};
    auto result = std::move(broker().ack_and_fetch(std::span(&fetch, 1), 30s).front());
    EXPECT_TRUE(result.paused);
    EXPECT_TRUE(result.tasks.empty());
    EXPECT_EQ(result.ack_codes, (std::vector<std::int64_t>{1}));
    EXPECT_EQ(redis().lrange("asynq:{default}:pending"), (Strings{"p"}));
}

TEST_F(AckAndFetchTest, ReleasesOnlyTheUniqueLocksTheAcknowledgedTasksHold) {
    auto mine = unique_request(message("default", "u1"), 3600s);
    auto stolen = unique_request(message("default", "u2"), 3600s);
    stolen.message.set_unique_key("asynq:{default}:unique:other");
    ASSERT_EQ(broker().enqueue(mine), EnqueueOutcome::kEnqueued);
    ASSERT_EQ(broker().enqueue(stolen), EnqueueOutcome::kEnqueued);
    auto plain = message("default", "plain");
    broker().enqueue(request(plain));
    const FetchRequest take{.queue = "default", .count = 3};
    auto taken = std::move(broker().ack_and_fetch(std::span(&take, 1), 30s).front());
    ASSERT_EQ(taken.tasks.size(), 3u);
    redis().command({"SET", stolen.message.unique_key(), "newer", "EX", "60"});  // expired and retaken meanwhile

    const FetchRequest ack{.queue = "default",
                           .acks = {&taken.tasks[0].message, &taken.tasks[1].message, &taken.tasks[2].message}};
    auto result = std::move(broker().ack_and_fetch(std::span(&ack, 1), 30s).front());
    EXPECT_EQ(result.ack_codes, (std::vector<std::int64_t>{1, 1, 1}));
    EXPECT_FALSE(redis().exists(mine.message.unique_key()));
    EXPECT_EQ(redis().get(stolen.message.unique_key()), "newer");
    EXPECT_TRUE(redis().lrange("asynq:{default}:active").empty());
}

TEST_F(AckAndFetchTest, TotalWrapsAtMaxInt64WithManyAcks) {
    redis().command({"SET", "asynq:{default}:processed", "9223372036854775806"});
    auto a = make_active("default", "a");
    auto b = make_active("default", "b");
    const FetchRequest ack{.queue = "default", .acks = {&a, &b}};
    auto result = std::move(broker().ack_and_fetch(std::span(&ack, 1), 30s).front());
    EXPECT_EQ(result.ack_codes, (std::vector<std::int64_t>{1, 1}));
    EXPECT_EQ(redis().get("asynq:{default}:processed"), "2");  // INCRBY would overflow: wrapped
}

TEST_F(AckAndFetchTest, OneRoundTripServesSeveralQueuesWithResultsInOrder) {
    broker().enqueue(request(message("low", "l1")));
    broker().enqueue(request(message("high", "h1")));
    broker().enqueue(request(message("high", "h2")));
    const std::vector<FetchRequest> requests = {
        {.queue = "high", .count = 2}, {.queue = "empty", .count = 1}, {.queue = "low", .count = 1}};
    auto results = broker().ack_and_fetch(requests, 30s);
    ASSERT_EQ(results.size(), 3u);
    ASSERT_EQ(results[0].tasks.size(), 2u);
    EXPECT_EQ(results[0].tasks[0].message.id(), "h1");
    EXPECT_TRUE(results[1].tasks.empty());
    ASSERT_EQ(results[2].tasks.size(), 1u);
    EXPECT_EQ(results[2].tasks[0].message.id(), "l1");
}

// A task key that is not a hash (corrupt data) makes HGET fail: nothing taken before it may be left active
// without a lease (the recoverer would never see it), the tasks taken are still handed out, and the bad id is
// moved to archived for an operator to see.
TEST_F(AckAndFetchTest, ATaskKeyThatIsNotAHashIsArchivedAndTheTasksBeforeItAreServed) {
    broker().enqueue(request(message("default", "a")));
    redis().command({"SET", keys::task_key("default", "b"), "not a hash"});
    redis().command({"LPUSH", keys::pending_key("default"), "b"});
    broker().enqueue(request(message("default", "c")));
    const FetchRequest fetch{.queue = "default", .count = 3};
    auto result = std::move(broker().ack_and_fetch(std::span(&fetch, 1), 30s).front());
    ASSERT_FALSE(result.error);
    ASSERT_EQ(result.tasks.size(), 1u);
    EXPECT_EQ(result.tasks[0].message.id(), "a");
    ASSERT_EQ(result.bad_tasks.size(), 1u);
    EXPECT_EQ(result.bad_tasks[0].id, "b");
    EXPECT_NE(result.bad_tasks[0].problem.find("moved to archived"), std::string::npos) << result.bad_tasks[0].problem;
    EXPECT_EQ(zmembers("asynq:{default}:lease"), (Strings{"a"}));
    EXPECT_EQ(zmembers("asynq:{default}:archived"), (Strings{"b"}));
    EXPECT_EQ(redis().lrange("asynq:{default}:active"), (Strings{"a"}));
    EXPECT_EQ(redis().lrange("asynq:{default}:pending"), (Strings{"c"}));  // the round stopped at b
}

TEST_F(AckAndFetchTest, BadTasksAreMovedAsideAndReportedAmongGoodOnes) {
    broker().enqueue(request(message("default", "good1")));
    redis().command({"HSET", keys::task_key("default", "bad"), "msg", "\xff\xff", "state", "pending"});
    redis().command({"LPUSH", keys::pending_key("default"), "bad"});
    broker().enqueue(request(message("default", "good2")));
    const FetchRequest fetch{.queue = "default", .count = 3};
    auto result = std::move(broker().ack_and_fetch(std::span(&fetch, 1), 30s).front());
    ASSERT_EQ(result.tasks.size(), 2u);
    EXPECT_EQ(result.tasks[0].message.id(), "good1");
    EXPECT_EQ(result.tasks[1].message.id(), "good2");
    ASSERT_EQ(result.bad_tasks.size(), 1u);
    EXPECT_EQ(result.bad_tasks[0].id, "bad");
    EXPECT_EQ(redis().hget(keys::task_key("default", "bad"), "state"), "archived");
    EXPECT_EQ(zmembers("asynq:{default}:lease"), (Strings{"good1", "good2"}));
}

class WaitForPendingTest : public TakeTest {
protected:
    void SetUp() override {
        TakeTest::SetUp();
        connection_ = broker().executor().open_dedicated("asynq:{default}:pending", 0ms);
    }
    redis::Connection& connection() { return *connection_; }

private:
    std::unique_ptr<redis::Connection> connection_;
};

TEST_F(WaitForPendingTest, WakesUpWhenATaskArrivesAndLeavesTheListAsItWas) {
    std::atomic<bool> finished = false;
    std::atomic<bool> found = false;
    std::jthread waiter([&] {
        found = broker().wait_for_pending(connection(), "default", 10s);
        finished = true;
    });
    ASSERT_TRUE(eventually([&] { return blocked_clients() == 1; })) << blocked_clients();
    EXPECT_FALSE(finished);

    redis().command({"LPUSH", "asynq:{default}:pending", "x", "y", "z"});
    ASSERT_TRUE(eventually([&] { return finished.load(); }));
    // BLMOVE gives nil only when its timeout passes on an empty list, so true means the push woke it.
    EXPECT_TRUE(found);
    EXPECT_EQ(redis().lrange("asynq:{default}:pending"), (Strings{"z", "y", "x"}));
}

TEST_F(WaitForPendingTest, ReturnsFalseAfterTheTimeoutOnAnEmptyList) {
    EXPECT_FALSE(broker().wait_for_pending(connection(), "default", 50ms));
    EXPECT_FALSE(redis().exists("asynq:{default}:pending"));
    EXPECT_FALSE(connection().broken());
}

TEST_F(WaitForPendingTest, ReturnsAtOnceWhenWorkIsPending) {
    redis().command({"LPUSH", "asynq:{default}:pending", "a", "b"});
    // BLMOVE does not block on a non-empty list.
    EXPECT_TRUE(broker().wait_for_pending(connection(), "default", 60s));
    EXPECT_EQ(redis().lrange("asynq:{default}:pending"), (Strings{"b", "a"}));
}

}  // namespace
}  // namespace asynq::broker
