// The Fetcher's batching keeps Go's semantics: tasks are taken only for idle workers, weighted selection holds per
// task, and every acknowledged success is written before shutdown returns.
#include <gtest/gtest.h>

#include <map>

#include "server_test_base.h"

namespace asynq {
namespace {

using namespace std::chrono_literals;
using testing::eventually;

class FetcherTest : public ServerTest {
protected:
    void fill(const std::string& queue, int n) {
        std::vector<BatchItem> items;
        for (int i = 0; i < n; ++i) items.push_back({Task("t", queue), {.queue = queue}});
        for (auto& r : client().enqueue_batch(items)) ASSERT_TRUE(r.ok()) << r.error_message();
    }
};

// No prefetch: a task taken from pending has a worker about to run it, so another server can take the rest.
TEST_F(FetcherTest, TasksAreTakenOnlyForIdleWorkers) {
    fill("default", 10);
    Latch release;
    std::atomic<int> running = 0;
    auto srv = start(
        [&](TaskContext&, const Task&) {
            ++running;
            release.wait();
        },
        {.concurrency = 3});
    ASSERT_TRUE(eventually([&] { return running == 3; }));
    EXPECT_EQ(redis().llen("asynq:{default}:active"), 3);
    EXPECT_EQ(redis().llen("asynq:{default}:pending"), 7);
    release.open();
    ASSERT_TRUE(eventually([&] { return redis().llen("asynq:{default}:pending") == 0 && running == 10; }));
}

// With many idle workers a round asks several queues at once; each slot's queue is still drawn per task.
TEST_F(FetcherTest, WeightedSelectionHoldsWhenManyTasksAreTakenPerRound) {
    fill("critical", 600);
    fill("default", 600);
    fill("low", 600);
    std::mutex mu;
    std::map<std::string, int> served;
    std::atomic<int> total = 0;
    Latch done;
    auto srv = start(
        [&](TaskContext& context, const Task&) {
            std::lock_guard lock(mu);
            if (total >= 600) return;
            ++served[context.queue()];
            if (++total == 600) done.open();
        },
        {.concurrency = 20, .queues = {{"critical", 6}, {"default", 3}, {"low", 1}}});
    ASSERT_TRUE(done.wait());
    std::lock_guard lock(mu);
    // 600 draws: sd of the critical count is 12, of low 7.3; the bounds are more than 5 sd wide.
    EXPECT_NEAR(served["critical"], 360, 65);
    EXPECT_NEAR(served["default"], 180, 60);
    EXPECT_NEAR(served["low"], 60, 40);
}

// Successes wait for the next round. Here Redis stalls a round (CLIENT PAUSE) while handlers keep finishing, and
// shutdown starts during the stall: the successes queued behind it must still be written before shutdown returns
// (none left active, to be recovered and run again), and tasks taken but not started go back to pending.
TEST_F(FetcherTest, SuccessesQueuedDuringAStallAreWrittenBeforeShutdownReturns) {
    fill("default", 400);
    std::atomic<int> handled = 0;
    auto srv = start([&](TaskContext&, const Task&) { ++handled; }, {.concurrency = 8});
    ASSERT_TRUE(eventually([&] { return handled >= 100; }));
    redis().command({"CLIENT", "PAUSE", "300", "ALL"});
    srv->shutdown();
    EXPECT_EQ(redis().llen("asynq:{default}:active"), 0);
    EXPECT_EQ(redis().zcard("asynq:{default}:lease"), 0);
    EXPECT_EQ(counter("asynq:{default}:processed"), handled.load());
    EXPECT_EQ(redis().llen("asynq:{default}:pending"), 400 - handled.load());
}

}  // namespace
}  // namespace asynq
