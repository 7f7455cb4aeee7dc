// Which queue a worker serves next (spec §6.3) and pause (spec §4.22.14).
#include <gtest/gtest.h>

#include <map>

#include "asynq/inspector.h"
#include "server_test_base.h"

namespace asynq {
namespace {

using namespace std::chrono_literals;
using testing::eventually;

class SelectionTest : public ServerTest {
protected:
    /// Fills critical:6 / default:3 / low:1 with more than enough tasks, then counts which queue each of the first
    /// `count` tasks a server at `concurrency` ran came from.
    std::map<std::string, int> served_by_weight(int concurrency, int count) {
        for (const char* queue : {"critical", "default", "low"}) fill(queue, count + count / 3);
        std::mutex mu;
        std::map<std::string, int> served;
        int total = 0;
        Latch done;
        {
            auto srv = start(
                [&](TaskContext& context, const Task&) {
                    std::lock_guard lock(mu);
                    if (total >= count) return;
                    ++served[context.queue()];
                    if (++total == count) done.open();
                },
                {.concurrency = concurrency, .queues = {{"critical", 6}, {"default", 3}, {"low", 1}}});
            EXPECT_TRUE(done.wait());
        }  // the server is shut down: no handler touches `served` any more
        return served;
    }
};

// With every queue non-empty, critical:6 / default:3 / low:1 are served about 60/30/10 %. 300 tasks: the
// standard deviation of the critical count is about 8.5, so +-45 is more than 5 sigma.
TEST_F(SelectionTest, WeightedQueuesAreServedInProportion) {
    auto served = served_by_weight(1, 300);
    EXPECT_NEAR(served["critical"], 180, 45);
    EXPECT_NEAR(served["default"], 90, 40);
    EXPECT_NEAR(served["low"], 30, 25);
}

// With many idle workers the fetcher asks several queues in one round; each slot's queue is still drawn per task.
// 600 draws: sd of the critical count is 12, of low 7.3; the bounds are more than 5 sd wide.
TEST_F(SelectionTest, WeightedSelectionHoldsWhenManyTasksAreTakenPerRound) {
    auto served = served_by_weight(20, 600);
    EXPECT_NEAR(served["critical"], 360, 65);
    EXPECT_NEAR(served["default"], 180, 60);
    EXPECT_NEAR(served["low"], 60, 40);
}

TEST_F(SelectionTest, StrictPriorityDrainsHigherQueuesFirst) {
    fill("low", 30);
    fill("critical", 30);
    std::mutex mu;
    std::vector<std::string> order;
    auto srv = start(
        [&](TaskContext& context, const Task&) {
            std::lock_guard lock(mu);
            order.push_back(context.queue());
        },
        {.concurrency = 1, .queues = {{"critical", 2}, {"low", 1}}, .strict_priority = true});
    ASSERT_TRUE(eventually([&] {
        std::lock_guard lock(mu);
        return order.size() == 60;
    }));
    std::lock_guard lock(mu);
    EXPECT_EQ(std::count(order.begin(), order.begin() + 30, "critical"), 30);
}

TEST_F(SelectionTest, PausedQueueIsSkippedUntilResumed) {
    fill("mailer", 3);
    Inspector inspector(server().options());
    inspector.pause_queue("mailer");
    Seen seen;
    auto srv = start([&](TaskContext& context, const Task&) { seen.add(context.queue()); },
                     {.queues = {{"mailer", 1}, {"default", 1}}});
    client().enqueue(Task("other", "o"));
    ASSERT_TRUE(eventually([&] { return seen.count() == 1; }));
    EXPECT_EQ(seen.items(), std::multiset<std::string>{"default"});
    EXPECT_EQ(redis().llen("asynq:{mailer}:pending"), 3);
    inspector.unpause_queue("mailer");
    ASSERT_TRUE(eventually([&] { return seen.count() == 4; }));
    // Pausing again stops the queue again, while the server runs.
    inspector.pause_queue("mailer");
    fill("mailer", 1);
    client().enqueue(Task("other", "o2"));
    ASSERT_TRUE(eventually([&] { return seen.count() == 5; }));
    EXPECT_EQ(redis().llen("asynq:{mailer}:pending"), 1);
}

// Beyond Go: an idle server is woken by new work instead of sleeping a second between probes. No speed is
// asserted here (that is bench/'s job); with a 1 h check interval the task can only be picked up by a wake-up.
TEST_F(SelectionTest, IdleServerIsWokenByNewWork) {
    Seen seen;
    auto srv = start([&](TaskContext&, const Task& task) { seen.add(task.payload()); },
                     {.queues = {{"a", 1}, {"b", 1}}, .task_check_interval = 1h});
    ASSERT_TRUE(eventually([&] { return redis().zcard("asynq:servers") == 1; }));
    for (int i = 0; i < 5; ++i) {
        client().enqueue(Task("t", std::to_string(i)), {.queue = i % 2 ? "a" : "b"});
        ASSERT_TRUE(eventually([&] { return seen.count() == static_cast<std::size_t>(i + 1); }, 20s)) << i;
    }
}

}  // namespace
}  // namespace asynq
