#include "server/idle_gate.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "support/eventually.h"

namespace asynq::server {
namespace {

using namespace std::chrono_literals;
using testing::eventually;

TEST(IdleGate, EveryIdleWorkerArmsWatchersOneScoutPolls) {
    std::atomic<int> armed = 0;
    IdleGate gate(1h, [&](std::span<const std::string>) { ++armed; });
    std::atomic<int> woken = 0;
    std::stop_source stop;
    std::vector<std::jthread> workers;
    for (int i = 0; i < 4; ++i) {
        workers.emplace_back([&] {
            std::vector<std::string> empty = {"default"};
            gate.wait(empty, stop.get_token());
            ++woken;
        });
    }
    ASSERT_TRUE(eventually([&] { return gate.idle_workers() == 4; }));
    EXPECT_EQ(armed, 4);  // each re-arms the queues it saw empty (a fired watcher disarms itself)
    gate.notify_work();   // one wake-up: exactly one worker leaves
    ASSERT_TRUE(eventually([&] { return woken == 1; }));
    EXPECT_EQ(gate.idle_workers(), 3);
    gate.work_found();  // that worker found a task: one more
    ASSERT_TRUE(eventually([&] { return woken == 2; }));
    EXPECT_EQ(gate.idle_workers(), 2);
    stop.request_stop();
    workers.clear();
    EXPECT_EQ(woken, 4);
}

// A watcher may fire between a worker's empty probe and its wait (here: synchronously, from arming). The wake-up
// must not be lost, or the worker would sleep a whole check interval (1 h here) with work waiting.
TEST(IdleGate, WakeUpArrivingWhileArmingIsNotLost) {
    IdleGate* self = nullptr;
    IdleGate gate(1h, [&](std::span<const std::string>) { self->notify_work(); });
    self = &gate;
    std::stop_source stop;
    std::atomic<bool> returned = false;
    std::jthread worker([&] {
        std::vector<std::string> empty = {"default"};
        gate.wait(empty, stop.get_token());
        returned = true;
    });
    EXPECT_TRUE(eventually([&] { return returned.load(); }, 20s));
    stop.request_stop();
}

TEST(IdleGate, ScoutComesBackAfterTheCheckInterval) {
    IdleGate gate(20ms, [](std::span<const std::string>) {});
    std::stop_source stop;
    std::vector<std::string> empty;
    gate.wait(empty, stop.get_token());  // returns by itself after ~10-30 ms
    SUCCEED();
}

TEST(IdleGate, TokensNeverExceedIdleWorkers) {
    IdleGate gate(1h, [](std::span<const std::string>) {});
    for (int i = 0; i < 100; ++i) gate.work_found();  // nobody idle: nothing banked
    std::atomic<bool> returned = false;
    std::stop_source stop;
    std::jthread worker([&] {
        std::vector<std::string> empty;
        gate.wait(empty, stop.get_token());
        returned = true;
    });
    ASSERT_TRUE(eventually([&] { return gate.idle_workers() == 1; }));
    EXPECT_FALSE(returned);  // no stale token let it through
    stop.request_stop();
}

}  // namespace
}  // namespace asynq::server
