// Unique tasks end to end (spec §1.3, §4.2, §4.7, §4.8, §4.10, §4.11): the lock is taken at enqueue, refuses
// duplicates while held, is released by a success (with or without retention) only if the task still holds it,
// and is kept by retries and archiving until its TTL ends, as Go does.
#include <gtest/gtest.h>

#include "server_test_base.h"

namespace asynq {
namespace {

using namespace std::chrono_literals;
using testing::eventually;

class UniqueTest : public ServerTest {
protected:
    static constexpr const char* kLock = "asynq:{default}:unique:report:build:";  // nil payload: no checksum

    TaskInfo enqueue_unique(EnqueueOptions options = {}) {
        options.unique_ttl = 1h;
        return client().enqueue(Task("report:build"), options);
    }
    void expect_duplicate_refused() { EXPECT_THROW(enqueue_unique(), DuplicateTaskError); }
};

TEST_F(UniqueTest, SuccessReleasesTheLockSoTheTaskCanBeEnqueuedAgain) {
    const auto first = enqueue_unique();
    EXPECT_EQ(redis().get(kLock), first.id);
    expect_duplicate_refused();
    std::atomic<int> handled = 0;
    auto srv = start([&](TaskContext&, const Task&) { ++handled; });
    ASSERT_TRUE(eventually([&] { return handled == 1 && !redis().exists(kLock); }));
    const auto second = enqueue_unique();  // the lock is free again
    EXPECT_NE(second.id, first.id);
    ASSERT_TRUE(eventually([&] { return handled == 2 && !redis().exists(kLock); }));
}

TEST_F(UniqueTest, SuccessWithRetentionReleasesTheLockAndKeepsTheTask) {
    const auto info = enqueue_unique({.retention = 1h});
    std::atomic<int> handled = 0;
    auto srv = start([&](TaskContext&, const Task&) { ++handled; });
    ASSERT_TRUE(eventually([&] { return state_of("default", info.id) == "completed"; }));
    EXPECT_FALSE(redis().exists(kLock));
}

TEST_F(UniqueTest, RetryAndArchiveKeepTheLockUntilItsTtl) {
    const auto info = enqueue_unique({.max_retry = 1});
    auto srv = start([](TaskContext&, const Task&) { throw std::runtime_error("boom"); },
                     {.retry_delay = [](int, const std::exception&, const Task&) { return 0ns; }});
    ASSERT_TRUE(eventually([&] { return state_of("default", info.id) == "archived"; }));
    EXPECT_EQ(redis().get(kLock), info.id);  // Go keeps it too: the archived task still "exists"
    expect_duplicate_refused();
    const long long ttl = redis().pttl(kLock);
    EXPECT_GT(ttl, 0);
    EXPECT_LE(ttl, 3'600'000);
}

// The lock expired and another task took it while ours ran: our success must not free the newer task's lock.
TEST_F(UniqueTest, SuccessLeavesALockTakenByANewerTask) {
    const auto info = enqueue_unique();
    Latch release;
    std::atomic<bool> running = false;
    auto srv = start([&](TaskContext&, const Task&) {
        running = true;
        release.wait();
    });
    ASSERT_TRUE(eventually([&] { return running.load(); }));
    redis().command({"SET", kLock, "newer-task", "EX", "600"});
    release.open();
    ASSERT_TRUE(eventually([&] { return state_of("default", info.id) == "<gone>"; }));
    EXPECT_EQ(redis().get(kLock), "newer-task");
}

}  // namespace
}  // namespace asynq
