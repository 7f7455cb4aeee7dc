// Timeouts, deadlines, cancellation and graceful shutdown (spec §6.5, §7.5-§7.7).
#include <gtest/gtest.h>

#include "server_test_base.h"

namespace asynq {
namespace {

using namespace std::chrono_literals;
using testing::eventually;

class TimingTest : public ServerTest {};

TEST_F(TimingTest, TimeoutFiresTheStopTokenAndRecordsDeadlineExceeded) {
    std::atomic<bool> saw_stop = false;
    std::atomic<int> reason = -1;
    start([&](TaskContext& context, const Task&) {
        saw_stop = wait_for_stop(context.stop_token());
        reason = static_cast<int>(context.stop_reason());
    });
    auto info = client().enqueue(Task("slow", "p"), {.timeout = 1s});
    ASSERT_TRUE(eventually([&] { return state_of("default", info.id) == "retry"; }));
    EXPECT_EQ(stored_message("default", info.id).error_msg(), "context deadline exceeded");
    ASSERT_TRUE(eventually([&] { return saw_stop.load(); }));
    EXPECT_EQ(reason, static_cast<int>(StopReason::kDeadline));
}

// The handler ignores its stop token: the outcome is recorded at the deadline all the same, while the handler
// still runs, and whatever it does afterwards is discarded.
TEST_F(TimingTest, OutcomeIsRecordedOnTimeWhenTheHandlerIgnoresTheStopToken) {
    Latch release;
    std::atomic<bool> returned = false;
    start(
        [&](TaskContext& context, const Task&) {
            release.wait();
            try {
                context.result_writer().write("too late");
            } catch (const Error& e) {
                EXPECT_EQ(e.code(), ErrorCode::kFailedPrecondition);
            }
            returned = true;
        },
        {.retry_delay = [](int, const std::exception&, const Task&) { return std::chrono::hours(1); }});
    auto info = client().enqueue(Task("stubborn", "p"), {.timeout = 1s, .retention = 1h});
    ASSERT_TRUE(eventually([&] { return state_of("default", info.id) == "retry"; }));
    EXPECT_FALSE(returned);  // recorded while the handler is still blocked
    release.open();
    ASSERT_TRUE(eventually([&] { return returned.load(); }));
    EXPECT_EQ(state_of("default", info.id), "retry");  // the late success was discarded
    EXPECT_FALSE(redis().hget("asynq:{default}:t:" + info.id, "result").has_value());
}

TEST_F(TimingTest, DeadlineAlreadyPassedFailsWithoutCallingTheHandler) {
    std::atomic<int> calls = 0;
    start([&](TaskContext&, const Task&) { ++calls; });
    auto info = client().enqueue(Task("late", "p"), {.deadline = std::chrono::system_clock::now() - 1s});
    ASSERT_TRUE(eventually([&] { return state_of("default", info.id) == "retry"; }));
    EXPECT_EQ(stored_message("default", info.id).error_msg(), "context deadline exceeded");
    EXPECT_EQ(calls, 0);
}

TEST_F(TimingTest, DeadlineBoundsTheAttempt) {
    start([&](TaskContext& context, const Task&) { wait_for_stop(context.stop_token()); });
    auto info = client().enqueue(Task("t", "p"), {.deadline = std::chrono::system_clock::now() + 2s});
    ASSERT_TRUE(eventually([&] { return state_of("default", info.id) == "retry"; }));
    EXPECT_EQ(stored_message("default", info.id).error_msg(), "context deadline exceeded");
}

TEST_F(TimingTest, CancellationStopsTheRightTask) {
    std::atomic<int> running = 0;
    start(
        [&](TaskContext& context, const Task&) {
            ++running;
            wait_for_stop(context.stop_token());
        },
        {.retry_delay = [](int, const std::exception&, const Task&) { return std::chrono::hours(1); }});
    auto victim = client().enqueue(Task("t", "victim"));
    auto bystander = client().enqueue(Task("t", "bystander"));
    ASSERT_TRUE(eventually([&] { return running == 2; }));
    redis().command({"PUBLISH", "asynq:cancel", victim.id});  // what `asynq task cancel` does
    ASSERT_TRUE(eventually([&] { return state_of("default", victim.id) == "retry"; }));
    EXPECT_EQ(stored_message("default", victim.id).error_msg(), "context canceled");
    EXPECT_EQ(state_of("default", bystander.id), "active");
}

TEST_F(TimingTest, ShutdownRequeuesUnfinishedTasksWithoutChargingARetry) {
    std::atomic<int> running = 0;
    start(
        [&](TaskContext& context, const Task&) {
            ++running;
            wait_for_stop(context.stop_token());
        },
        {.concurrency = 2, .shutdown_timeout = 300ms});
    auto a = client().enqueue(Task("t", "a"));
    auto b = client().enqueue(Task("t", "b"));
    ASSERT_TRUE(eventually([&] { return running == 2; }));
    ASSERT_EQ(redis().zcard("asynq:servers"), 1);
    running_server()->shutdown();
    for (auto* info : {&a, &b}) {
        EXPECT_EQ(state_of("default", info->id), "pending");
        EXPECT_EQ(stored_message("default", info->id).retried(), 0);
    }
    EXPECT_EQ(redis().llen("asynq:{default}:pending"), 2);
    EXPECT_EQ(redis().llen("asynq:{default}:active"), 0);
    EXPECT_EQ(redis().zcard("asynq:servers"), 0);  // server state cleared
    EXPECT_EQ(counter("asynq:{default}:failed"), 0);
}

TEST_F(TimingTest, ShutdownWaitsForHandlersThatFinishInTime) {
    Latch release;
    start([&](TaskContext&, const Task&) { release.wait(); }, {.shutdown_timeout = 30s});
    auto info = client().enqueue(Task("t", "p"));
    ASSERT_TRUE(eventually([&] { return state_of("default", info.id) == "active"; }));
    std::jthread stopper([&] { running_server()->shutdown(); });
    release.open();
    stopper.join();
    EXPECT_FALSE(redis().exists("asynq:{default}:t:" + info.id));  // finished, not requeued
}

TEST_F(TimingTest, StopTakesNoNewTasksButFinishesRunningOnes) {
    Latch release;
    std::atomic<int> calls = 0;
    start(
        [&](TaskContext&, const Task&) {
            ++calls;
            release.wait();
        },
        {.concurrency = 1});
    auto first = client().enqueue(Task("t", "1"));
    ASSERT_TRUE(eventually([&] { return calls == 1; }));
    running_server()->stop();
    auto second = client().enqueue(Task("t", "2"));
    release.open();
    ASSERT_TRUE(eventually([&] { return !redis().exists("asynq:{default}:t:" + first.id); }));
    EXPECT_EQ(state_of("default", second.id), "pending");
    EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace asynq
