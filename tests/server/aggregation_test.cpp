// Task aggregation end to end: grouped tasks enqueued by a client are aggregated by a server (by grace period, max
// size and max delay) and the aggregated task reaches the handler; failed and crashed aggregations lose no task.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <atomic>

#include "broker/broker.h"
#include "client/message_builder.h"
#include "redis/executor.h"
#include "server_test_base.h"

extern char** environ;

namespace asynq {
namespace {

using namespace std::chrono_literals;
using testing::eventually;

class AggregationTest : public ServerTest {
protected:
    /// Enqueues tasks of type "item" with these payloads into a group, in one round trip. Returns their ids.
    std::vector<std::string> enqueue_grouped(const std::vector<std::string>& payloads, const std::string& group = "g") {
        std::vector<BatchItem> items;
        for (const auto& p : payloads) items.push_back({Task("item", p), {.group = group}});
        std::vector<std::string> ids;
        for (auto& r : client().enqueue_batch(items)) {
            EXPECT_TRUE(r.ok()) << r.error_message();
            if (r.ok()) ids.push_back(r.info->id);
        }
        return ids;
    }
    /// Every trace of the grouped tasks is gone: hashes, group, group name, aggregation sets. The set is deleted
    /// after the aggregated task was enqueued, so the handler may see that task first: wait for it.
    void expect_no_trace(const std::vector<std::string>& ids, const std::string& group = "g") {
        EXPECT_TRUE(eventually([&] { return redis().zcard("asynq:{default}:aggregation_sets") == 0; }));
        for (const auto& id : ids) EXPECT_EQ(state_of("default", id), "<gone>") << id;
        EXPECT_FALSE(redis().exists("asynq:{default}:g:" + group));
        EXPECT_TRUE(redis().smembers("asynq:{default}:groups").empty());
        EXPECT_EQ(redis().zcard("asynq:{default}:aggregation_sets"), 0);
    }
};

/// Server options for aggregation tests: the shortest grace period Go allows and frequent checks.
ServerOptions aggregating(GroupAggregatorFunc aggregate, ServerOptions options = {}) {
    options.group_aggregator = std::move(aggregate);
    if (options.group_grace_period == 0ms) options.group_grace_period = 1s;
    if (options.aggregation_check_interval == 0ms) options.aggregation_check_interval = 100ms;
    return options;
}

/// A handler that records "<queue>|<type>|<payload>" of each task.
HandlerFunc recorder(Seen& seen) {
    return [&seen](TaskContext& context, const Task& task) {
        seen.add(context.queue() + "|" + task.type() + "|" + task.payload());
    };
}

TEST_F(AggregationTest, GroupIsAggregatedOnceItsGracePeriodPassedAndTheHandlerGetsOneTask) {
    Seen seen;
    auto srv = start(recorder(seen), aggregating(join_payloads));
    auto ids = enqueue_grouped({"a", "b", "c"});
    ASSERT_TRUE(eventually([&] { return seen.count() == 1; }));
    EXPECT_EQ(seen.items(), std::multiset<std::string>{"default|digest|g=a,b,c"});
    expect_no_trace(ids);
}

TEST_F(AggregationTest, GroupIsAggregatedAtMaxSizeWithoutWaitingForTheGracePeriod) {
    Seen seen;
    auto srv = start(recorder(seen), aggregating(join_payloads, {.group_grace_period = 1h, .group_max_size = 3}));
    auto ids = enqueue_grouped({"1", "2", "3", "4", "5", "6", "7"});
    ASSERT_TRUE(eventually([&] { return seen.count() == 2; }));
    std::multiset<std::string> payloads;
    for (const auto& item : seen.items()) {
        const std::string joined = item.substr(item.find('=') + 1);  // three payloads each
        EXPECT_EQ(std::count(joined.begin(), joined.end(), ','), 2) << item;
        std::size_t start = 0;
        for (std::size_t comma; (comma = joined.find(',', start)) != std::string::npos; start = comma + 1) {
            payloads.insert(joined.substr(start, comma - start));
        }
        payloads.insert(joined.substr(start));
    }
    EXPECT_EQ(payloads.size(), 6u);
    EXPECT_EQ(std::set<std::string>(payloads.begin(), payloads.end()).size(), 6u);  // none twice
    // One task is left; it waits for more tasks or the grace period (an hour). The sets are deleted after their
    // aggregated tasks were enqueued, so the handler may have seen those first.
    ASSERT_TRUE(eventually([&] {
        return redis().zcard("asynq:{default}:g:g") == 1 && redis().zcard("asynq:{default}:aggregation_sets") == 0;
    }));
    auto left = redis().zrange_withscores("asynq:{default}:g:g")[0].first;
    EXPECT_EQ(state_of("default", left), "aggregating");
    EXPECT_FALSE(payloads.count(stored_message("default", left).payload()));
    EXPECT_EQ(redis().smembers("asynq:{default}:groups"), std::set<std::string>{"g"});
    int gone = 0;
    for (const auto& id : ids) gone += state_of("default", id) == "<gone>";
    EXPECT_EQ(gone, 6);
}

TEST_F(AggregationTest, GroupIsAggregatedAtMaxDelayLongBeforeItsGracePeriod) {
    Seen seen;
    auto srv = start(recorder(seen), aggregating(join_payloads, {.group_grace_period = 1h, .group_max_delay = 1s}));
    auto ids = enqueue_grouped({"x", "y"});
    ASSERT_TRUE(eventually([&] { return seen.count() == 1; }));
    EXPECT_EQ(seen.items(), std::multiset<std::string>{"default|digest|g=x,y"});
    expect_no_trace(ids);
}

TEST_F(AggregationTest, AThrowingAggregatorLosesNoTask) {
    std::atomic<int> calls = 0;
    std::mutex mu;
    std::vector<std::chrono::steady_clock::time_point> call_times;  // guarded by mu
    auto flaky = [&](const std::string& group, const std::vector<Task>& tasks) -> AggregatedTask {
        {
            std::lock_guard lock(mu);
            call_times.push_back(std::chrono::steady_clock::now());
        }
        if (++calls == 1) throw std::runtime_error("downstream unavailable");
        return join_payloads(group, tasks);
    };
    Seen seen;
    auto srv = start(recorder(seen), aggregating(flaky, {.aggregation_timeout = 2s}));
    auto ids = enqueue_grouped({"a", "b", "c"});
    ASSERT_TRUE(eventually([&] { return seen.count() == 1; }));
    EXPECT_EQ(seen.items(), std::multiset<std::string>{"default|digest|g=a,b,c"});
    EXPECT_EQ(calls, 2);
    {
        // The second attempt came only after the failed set's deadline (whole seconds: at least 1 s later), when
        // its tasks were back in their group.
        std::lock_guard lock(mu);
        ASSERT_EQ(call_times.size(), 2u);
        EXPECT_GE(call_times[1] - call_times[0], 500ms);
    }
    expect_no_trace(ids);
}

// A server died right after its check took the group into an aggregation set (the check run here directly, as it
// would have run 10 minutes ago): the set's deadline has passed and the check had removed the group's name. Go
// would leave these tasks alone until another task joins the group (spec §7.9.5); our server takes them up.
TEST_F(AggregationTest, StaleSetOfADeadServerIsReclaimedAndAggregated) {
    util::ManualClock past(std::chrono::system_clock::now() - 10min);
    auto executor = redis::make_executor(server().options());
    broker::Broker dead(*executor, past);
    std::vector<std::string> ids;
    for (const char* p : {"a", "b", "c"}) {
        auto request = client::build_enqueue_request(Task("item", p), {.group = "g"}, past.now());
        ASSERT_EQ(dead.enqueue(request), broker::EnqueueOutcome::kEnqueued);
        ids.push_back(request.message.id());
    }
    past.advance(1s);
    ASSERT_TRUE(dead.aggregation_check("default", "g", {.grace_period = 1s}));
    ASSERT_EQ(redis().zcard("asynq:{default}:aggregation_sets"), 1);
    ASSERT_TRUE(redis().smembers("asynq:{default}:groups").empty());

    Seen seen;
    auto srv = start(recorder(seen), aggregating(join_payloads));
    ASSERT_TRUE(eventually([&] { return seen.count() == 1; }));
    EXPECT_EQ(seen.items(), std::multiset<std::string>{"default|digest|g=a,b,c"});
    expect_no_trace(ids);
}

// As in Go, the recoverer of every server returns stale sets to their groups, aggregator or not.
TEST_F(AggregationTest, AServerWithoutAnAggregatorReturnsStaleSetsToTheirGroups) {
    util::ManualClock past(std::chrono::system_clock::now() - 10min);
    auto executor = redis::make_executor(server().options());
    broker::Broker dead(*executor, past);
    for (const char* p : {"a", "b"}) {
        auto request = client::build_enqueue_request(Task("item", p), {.group = "g"}, past.now());
        ASSERT_EQ(dead.enqueue(request), broker::EnqueueOutcome::kEnqueued);
    }
    past.advance(1s);
    ASSERT_TRUE(dead.aggregation_check("default", "g", {.grace_period = 1s}));
    ASSERT_EQ(redis().zcard("asynq:{default}:g:g"), 0);

    auto srv = start([](TaskContext&, const Task&) {});  // no group_aggregator
    ASSERT_TRUE(eventually([&] { return redis().zcard("asynq:{default}:g:g") == 2; }));
    EXPECT_EQ(redis().zcard("asynq:{default}:aggregation_sets"), 0);
    EXPECT_EQ(redis().smembers("asynq:{default}:groups"), std::set<std::string>{"g"});
}

// A server process is killed with SIGKILL while its aggregator is running. Another server reclaims the set after
// its deadline and aggregates every task of it.
TEST_F(AggregationTest, AggregationOfAKilledServerIsCompletedByAnother) {
    auto ids = enqueue_grouped({"a", "b", "c"});
    std::string port = std::to_string(server().port());
    std::vector<std::string> args = {ASYNQ_TEST_AGGREGATING_WORKER_PATH, port, "2"};  // set deadline: 2 s
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t worker = 0;
    ASSERT_EQ(posix_spawn(&worker, argv[0], nullptr, nullptr, argv.data(), environ), 0);
    const bool aggregating_started = eventually([&] { return !redis().smembers("test:aggregating").empty(); });
    ::kill(worker, SIGKILL);
    int status = 0;
    ::waitpid(worker, &status, 0);
    ASSERT_TRUE(aggregating_started);
    EXPECT_EQ(redis().smembers("test:aggregating"), std::set<std::string>{"g|3"});
    // Mid-aggregation: the tasks are in the dead server's set, the group and its name are gone.
    ASSERT_EQ(redis().zcard("asynq:{default}:aggregation_sets"), 1);
    EXPECT_FALSE(redis().exists("asynq:{default}:g:g"));
    EXPECT_TRUE(redis().smembers("asynq:{default}:groups").empty());
    for (const auto& id : ids) EXPECT_EQ(state_of("default", id), "aggregating") << id;

    Seen seen;
    auto srv = start(recorder(seen), aggregating(join_payloads));
    ASSERT_TRUE(eventually([&] { return seen.count() == 1; }));
    EXPECT_EQ(seen.items(), std::multiset<std::string>{"default|digest|g=a,b,c"});
    expect_no_trace(ids);
}

}  // namespace
}  // namespace asynq
