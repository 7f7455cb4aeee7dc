// The Fetcher's batching keeps Go's semantics: tasks are taken only for idle workers, and every acknowledged
// success is written before shutdown returns (weighted selection with many tasks per round: selection_test.cpp).
#include <gtest/gtest.h>

#include "server_test_base.h"

namespace asynq {
namespace {

using namespace std::chrono_literals;
using testing::eventually;

using FetcherTest = ServerTest;

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
