// The aggregator component driven step by step (run_once) with a clock the test controls: what happens to an
// aggregation set when the user's aggregator, the data or the enqueue fails, and how stopping behaves.
#include "server/aggregator.h"

#include <gtest/gtest.h>

#include <atomic>
#include <set>

#include "broker/keys.h"
#include "client/message_builder.h"
#include "redis/executor.h"
#include "server_test_base.h"
#include "support/test_redis.h"

namespace asynq::server {
namespace {

using namespace std::chrono_literals;
using Strings = std::vector<std::string>;

/// An Aggregator on the test Redis with a ManualClock, a grace period of 1 s and the given user aggregator.
class AggregatorTest : public testing::RedisTest {
protected:
    void SetUp() override {
        RedisTest::SetUp();
        executor_ = redis::make_executor(server().options());
        broker_ = std::make_unique<broker::Broker>(*executor_, clock_);
    }
    void TearDown() override { aggregator_.reset(); }

    Aggregator& make(GroupAggregatorFunc aggregate, ServerOptions options = {}) {
        if (options.group_grace_period == 0ms) options.group_grace_period = 1s;
        if (options.queues.empty()) options.queues = {{"default", 1}, {"low", 1}};
        options.group_aggregator = aggregate;
        config_ = resolve_config(options);
        aggregator_ = std::make_unique<Aggregator>(
            Aggregator::Dependencies{*broker_, clock_, logger_, config_, {"default", "low"}, std::move(aggregate)});
        return *aggregator_;
    }

    /// A grouped task, added as the client does, joined at the clock's now. Returns its id.
    std::string add(const std::string& payload, const std::string& group = "g", const std::string& queue = "default") {
        auto request = client_request(Task("item", payload), {.queue = queue, .group = group});
        EXPECT_EQ(broker_->enqueue(request), broker::EnqueueOutcome::kEnqueued);
        return request.message.id();
    }
    broker::EnqueueRequest client_request(const Task& task, const EnqueueOptions& options) {
        return client::build_enqueue_request(task, options, clock_.now());
    }

    std::string logged() {
        std::lock_guard lock(log_mu_);
        return log_;
    }
    Strings zmembers(const std::string& key) {
        Strings members;
        for (auto& [member, score] : redis().zrange_withscores(key)) members.push_back(member);
        return members;
    }
    bool task_exists(const std::string& id, const std::string& queue = "default") {
        return redis().exists(broker::keys::task_key(queue, id));
    }

    util::ManualClock clock_{std::chrono::system_clock::now()};
    std::unique_ptr<redis::Executor> executor_;
    std::unique_ptr<broker::Broker> broker_;
    std::mutex log_mu_;
    std::string log_;  // guarded by log_mu_
    util::Logger logger_{LogLevel::kDebug, [this](LogLevel, std::string_view message) {
                             std::lock_guard lock(log_mu_);
                             log_.append(message).append("\n");
                         }};
    Config config_;
    std::unique_ptr<Aggregator> aggregator_;
};

TEST_F(AggregatorTest, AggregatesAReadyGroupIntoOnePendingTaskAndDeletesTheGroupedTasks) {
    std::vector<std::string> seen_groups;
    auto& aggregator = make([&](const std::string& group, const std::vector<Task>& tasks) {
        seen_groups.push_back(group);
        for (const auto& t : tasks) EXPECT_EQ(t.type(), "item");
        return join_payloads(group, tasks);
    });
    Strings ids = {add("a"), add("b"), add("c")};
    EXPECT_EQ(aggregator.run_once().aggregated, 0);  // the grace period has not passed
    clock_.advance(1s);
    auto outcome = aggregator.run_once();
    EXPECT_EQ(outcome.aggregated, 1);
    EXPECT_EQ(outcome.left, 0);
    EXPECT_EQ(seen_groups, Strings{"g"});
    for (const auto& id : ids) EXPECT_FALSE(task_exists(id)) << id;
    EXPECT_FALSE(redis().exists("asynq:{default}:g:g"));
    EXPECT_EQ(redis().zcard("asynq:{default}:aggregation_sets"), 0);
    EXPECT_TRUE(redis().smembers("asynq:{default}:groups").empty());
    auto pending = redis().lrange("asynq:{default}:pending");
    ASSERT_EQ(pending.size(), 1u);
    auto record = broker_->get_task("default", pending[0]);
    ASSERT_TRUE(record);
    EXPECT_EQ(record->message.type(), "digest");
    EXPECT_EQ(record->message.payload(), "g=a,b,c");
    EXPECT_EQ(record->message.retry(), 25);  // the client's defaults
    EXPECT_EQ(record->message.timeout(), 1800);
}

TEST_F(AggregatorTest, AggregatedTaskGoesToTheGroupsQueueWithTheOptionsTheAggregatorGave) {
    auto& aggregator = make([](const std::string& group, const std::vector<Task>& tasks) {
        return AggregatedTask(join_payloads(group, tasks).task,
                              {.queue = "elsewhere", .max_retry = 3, .retention = 1h});
    });
    add("x", "weekly", "low");
    clock_.advance(1s);
    EXPECT_EQ(aggregator.run_once().aggregated, 1);
    EXPECT_FALSE(redis().exists("asynq:{elsewhere}:pending"));
    auto pending = redis().lrange("asynq:{low}:pending");
    ASSERT_EQ(pending.size(), 1u);
    auto record = broker_->get_task("low", pending[0]);
    ASSERT_TRUE(record);
    EXPECT_EQ(record->message.queue(), "low");
    EXPECT_EQ(record->message.retry(), 3);
    EXPECT_EQ(record->message.retention(), 3600);
}

TEST_F(AggregatorTest, ThrowingAggregatorLeavesTheSetAndTheTasksComeBackAfterItsDeadline) {
    std::atomic<int> calls = 0;
    auto& aggregator = make([&](const std::string& group, const std::vector<Task>& tasks) -> AggregatedTask {
        if (++calls == 1) throw std::runtime_error("downstream unavailable");
        return join_payloads(group, tasks);
    });
    Strings ids = {add("a"), add("b")};
    clock_.advance(1s);
    auto first = aggregator.run_once();
    EXPECT_EQ(first.left, 1);
    EXPECT_EQ(first.aggregated, 0);
    EXPECT_NE(logged().find("the group aggregator threw: downstream unavailable"), std::string::npos) << logged();
    EXPECT_NE(logged().find("left for reclaim"), std::string::npos);
    // The tasks wait in the set, untouched, until its deadline.
    auto sets = zmembers("asynq:{default}:aggregation_sets");
    ASSERT_EQ(sets.size(), 1u);
    EXPECT_EQ(redis().zcard(sets[0]), 2);
    for (const auto& id : ids) EXPECT_EQ(redis().hget(broker::keys::task_key("default", id), "state"), "aggregating");
    EXPECT_FALSE(redis().exists("asynq:{default}:g:g"));
    EXPECT_EQ(aggregator.run_once().aggregated, 0);  // before the deadline nothing happens
    EXPECT_EQ(calls, 1);

    clock_.advance(2min);  // past the deadline: the tasks go back to their group (and its name to the groups)
    ASSERT_EQ(broker_->reclaim_stale_aggregation_sets("default"), 1);
    EXPECT_EQ(zmembers("asynq:{default}:g:g").size(), 2u);
    EXPECT_EQ(redis().smembers("asynq:{default}:groups"), std::set<std::string>{"g"});

    auto second = aggregator.run_once();  // a later check aggregates them
    EXPECT_EQ(second.aggregated, 1);
    EXPECT_EQ(calls, 2);
    for (const auto& id : ids) EXPECT_FALSE(task_exists(id)) << id;
    EXPECT_EQ(redis().llen("asynq:{default}:pending"), 1);
    EXPECT_EQ(redis().zcard("asynq:{default}:aggregation_sets"), 0);
}

TEST_F(AggregatorTest, EachCheckReclaimsStaleSetsFirst) {
    std::atomic<int> calls = 0;
    auto& aggregator = make([&](const std::string& group, const std::vector<Task>& tasks) -> AggregatedTask {
        if (++calls == 1) throw std::runtime_error("no");
        return join_payloads(group, tasks);
    });
    add("a");
    clock_.advance(1s);
    EXPECT_EQ(aggregator.run_once().left, 1);
    clock_.advance(2min);
    auto outcome = aggregator.run_once();
    EXPECT_EQ(outcome.reclaimed, 1);
    EXPECT_EQ(outcome.aggregated, 1);
    EXPECT_EQ(redis().llen("asynq:{default}:pending"), 1);
}

TEST_F(AggregatorTest, InvalidTaskFromTheAggregatorLeavesTheSet) {
    auto& aggregator = make([](const std::string&, const std::vector<Task>&) { return Task(""); });
    auto id = add("a");
    clock_.advance(1s);
    EXPECT_EQ(aggregator.run_once().left, 1);
    EXPECT_NE(logged().find("returned an invalid task"), std::string::npos) << logged();
    EXPECT_TRUE(task_exists(id));
    EXPECT_EQ(redis().zcard("asynq:{default}:aggregation_sets"), 1);
    EXPECT_FALSE(redis().exists("asynq:{default}:pending"));
}

TEST_F(AggregatorTest, RefusedEnqueueLeavesTheSet) {
    ASSERT_EQ(broker_->enqueue(client_request(Task("other"), {.task_id = "taken"})), broker::EnqueueOutcome::kEnqueued);
    auto& aggregator = make([](const std::string&, const std::vector<Task>&) {
        return AggregatedTask(Task("digest"), {.task_id = "taken"});
    });
    auto id = add("a");
    clock_.advance(1s);
    EXPECT_EQ(aggregator.run_once().left, 1);
    EXPECT_NE(logged().find("conflicts with another task"), std::string::npos) << logged();
    EXPECT_TRUE(task_exists(id));
    EXPECT_EQ(redis().zcard("asynq:{default}:aggregation_sets"), 1);
    EXPECT_EQ(redis().llen("asynq:{default}:pending"), 1);  // only the task that held the id
}

TEST_F(AggregatorTest, UndecodableTaskLeavesTheSetWithoutCallingTheAggregator) {
    std::atomic<int> calls = 0;
    auto& aggregator = make([&](const std::string& group, const std::vector<Task>& tasks) {
        ++calls;
        return join_payloads(group, tasks);
    });
    auto good = add("a");
    auto bad = add("b");
    redis().command({"HSET", broker::keys::task_key("default", bad), "msg", "\xff\x01\x02"});
    clock_.advance(1s);
    EXPECT_EQ(aggregator.run_once().left, 1);
    EXPECT_EQ(calls, 0);
    EXPECT_NE(logged().find("task " + bad + ": msg is not a valid TaskMessage"), std::string::npos) << logged();
    EXPECT_TRUE(task_exists(good));
    EXPECT_EQ(redis().hget(broker::keys::task_key("default", bad), "msg"), std::string("\xff\x01\x02"));
    EXPECT_EQ(redis().zcard("asynq:{default}:aggregation_sets"), 1);
}

TEST_F(AggregatorTest, TasksDeletedMeanwhileAreLeftOutAndAnEmptySetIsRemoved) {
    auto& aggregator = make(join_payloads);
    auto id = add("a");
    clock_.advance(1s);
    // A server that died mid-aggregation left a set, and its only task was deleted since (e.g. by an Inspector).
    ASSERT_TRUE(broker_->aggregation_check("default", "g", {.grace_period = 1s}));
    redis().command({"DEL", broker::keys::task_key("default", id)});
    auto sets = zmembers("asynq:{default}:aggregation_sets");
    ASSERT_EQ(sets.size(), 1u);
    // Once the set is reclaimed, the check takes the dangling id into a new set and finds nothing to aggregate.
    clock_.advance(2min);
    auto outcome = aggregator.run_once();
    EXPECT_EQ(outcome.reclaimed, 1);
    EXPECT_EQ(outcome.aggregated, 0);
    EXPECT_EQ(outcome.left, 0);
    EXPECT_NE(logged().find("task " + id + " was deleted meanwhile"), std::string::npos) << logged();
    EXPECT_EQ(redis().zcard("asynq:{default}:aggregation_sets"), 0);
    EXPECT_FALSE(redis().exists(sets[0]));
    EXPECT_FALSE(redis().exists("asynq:{default}:g:g"));
    EXPECT_FALSE(redis().exists("asynq:{default}:pending"));
}

TEST_F(AggregatorTest, AggregationThatOutlivesItsDeadlineIsNotEnqueued) {
    auto& aggregator = make([this](const std::string& group, const std::vector<Task>& tasks) {
        clock_.advance(2min);  // a slow aggregator: meanwhile another server may have reclaimed the set
        return join_payloads(group, tasks);
    });
    auto id = add("a");
    clock_.advance(1s);
    EXPECT_EQ(aggregator.run_once().left, 1);
    EXPECT_NE(logged().find("took past the set's deadline"), std::string::npos) << logged();
    EXPECT_FALSE(redis().exists("asynq:{default}:pending"));
    EXPECT_TRUE(task_exists(id));
}

TEST_F(AggregatorTest, DrainsAGroupHoldingSeveralBatchesInOneCheck) {
    std::atomic<int> calls = 0;
    auto& aggregator = make(
        [&](const std::string& group, const std::vector<Task>& tasks) {
            ++calls;
            EXPECT_EQ(tasks.size(), 2u);
            return join_payloads(group, tasks);
        },
        {.group_grace_period = 1h, .group_max_size = 2});
    for (int i = 0; i < 5; ++i) {
        add(std::to_string(i));
        clock_.advance(1s);
    }
    EXPECT_EQ(aggregator.run_once().aggregated, 2);
    EXPECT_EQ(calls, 2);
    EXPECT_EQ(redis().llen("asynq:{default}:pending"), 2);
    EXPECT_EQ(redis().zcard("asynq:{default}:g:g"), 1);  // the youngest waits for more (or the grace period)
    EXPECT_EQ(redis().smembers("asynq:{default}:groups"), std::set<std::string>{"g"});
}

TEST_F(AggregatorTest, StopWakesAnIdleAggregator) {
    auto& aggregator = make(join_payloads, {.aggregation_check_interval = std::chrono::hours(1)});
    aggregator.start();
    auto started = std::chrono::steady_clock::now();
    aggregator.stop();  // must not wait out the hour
    EXPECT_LT(std::chrono::steady_clock::now() - started, 30s);
}

TEST_F(AggregatorTest, StopFinishesTheSetInProgress) {
    Latch entered;
    Latch release;
    auto& aggregator = make(
        [&](const std::string& group, const std::vector<Task>& tasks) {
            entered.open();
            release.wait();
            return join_payloads(group, tasks);
        },
        {.aggregation_check_interval = 50ms});
    auto id = add("a");
    clock_.advance(1s);
    aggregator.start();
    ASSERT_TRUE(entered.wait());
    aggregator.request_stop();  // while the user's aggregator runs
    release.open();
    aggregator.stop();
    // The set taken before the stop was finished, not left half done for the reclaim.
    EXPECT_FALSE(task_exists(id));
    EXPECT_EQ(redis().llen("asynq:{default}:pending"), 1);
    EXPECT_EQ(redis().zcard("asynq:{default}:aggregation_sets"), 0);
}

TEST_F(AggregatorTest, WithoutAnAggregatorNothingIsTouched) {
    auto& aggregator = make(nullptr);
    add("a");
    clock_.advance(1h);
    auto outcome = aggregator.run_once();
    EXPECT_EQ(outcome.aggregated + outcome.left + outcome.reclaimed, 0);
    EXPECT_EQ(redis().zcard("asynq:{default}:g:g"), 1);
    EXPECT_EQ(redis().zcard("asynq:{default}:aggregation_sets"), 0);
    aggregator.start();  // no threads, nothing to stop
    aggregator.stop();
}

}  // namespace
}  // namespace asynq::server
