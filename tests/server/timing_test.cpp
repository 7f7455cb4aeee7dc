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
    auto srv = start([&](TaskContext& context, const Task&) {
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
    auto srv = start(
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
    auto srv = start([&](TaskContext&, const Task&) { ++calls; });
    auto info = client().enqueue(Task("late", "p"), {.deadline = std::chrono::system_clock::now() - 1s});
    ASSERT_TRUE(eventually([&] { return state_of("default", info.id) == "retry"; }));
    EXPECT_EQ(stored_message("default", info.id).error_msg(), "context deadline exceeded");
    EXPECT_EQ(calls, 0);
}

TEST_F(TimingTest, DeadlineBoundsTheAttempt) {
    auto srv = start([&](TaskContext& context, const Task&) { wait_for_stop(context.stop_token()); });
    auto info = client().enqueue(Task("t", "p"), {.deadline = std::chrono::system_clock::now() + 2s});
    ASSERT_TRUE(eventually([&] { return state_of("default", info.id) == "retry"; }));
    EXPECT_EQ(stored_message("default", info.id).error_msg(), "context deadline exceeded");
}

TEST_F(TimingTest, CancellationStopsTheRightTask) {
    std::atomic<int> running = 0;
    auto srv = start(
        [&](TaskContext& context, const Task&) {
            ++running;
            wait_for_stop(context.stop_token());
        },
        {.retry_delay = [](int, const std::exception&, const Task&) { return std::chrono::hours(1); }});
    auto victim = client().enqueue(Task("t", "victim"));
    auto bystander = client().enqueue(Task("t", "bystander"));
    ASSERT_TRUE(eventually([&] { return running == 2; }));
    // The subscriber subscribes in the background: a message published before that would be lost.
    ASSERT_TRUE(eventually([&] {
        return redis().command({"PUBSUB", "NUMSUB", "asynq:cancel"}).elements.at(1).integer >= 1;
    }));
    redis().command({"PUBLISH", "asynq:cancel", victim.id});  // what `asynq task cancel` does
    ASSERT_TRUE(eventually([&] { return state_of("default", victim.id) == "retry"; }));
    EXPECT_EQ(stored_message("default", victim.id).error_msg(), "context canceled");
    EXPECT_EQ(state_of("default", bystander.id), "active");
}

TEST_F(TimingTest, ShutdownRequeuesUnfinishedTasksWithoutChargingARetry) {
    std::atomic<int> running = 0;
    auto srv = start(
        [&](TaskContext& context, const Task&) {
            ++running;
            wait_for_stop(context.stop_token());
        },
        {.concurrency = 2, .shutdown_timeout = 300ms});
    auto a = client().enqueue(Task("t", "a"));
    auto b = client().enqueue(Task("t", "b"));
    ASSERT_TRUE(eventually([&] { return running == 2; }));
    ASSERT_TRUE(eventually([&] { return redis().zcard("asynq:servers") == 1; }));
    srv->shutdown();
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
    auto srv = start([&](TaskContext&, const Task&) { release.wait(); },
                     {.shutdown_timeout = 30s, .heartbeat_interval = 100ms});
    auto info = client().enqueue(Task("t", "p"));
    ASSERT_TRUE(eventually([&] { return state_of("default", info.id) == "active"; }));
    std::jthread stopper([&] { srv->shutdown(); });
    // Release only once shutdown is under way (the heartbeat then reports "closed").
    ASSERT_TRUE(eventually([&] {
        auto members = redis().command({"ZRANGE", "asynq:servers", "0", "-1"}).elements;
        wire::ServerInfo info_now;
        return !members.empty() && info_now.ParseFromString(redis().get(members[0].str).value_or("")) &&
               info_now.status() == "closed";
    }));
    release.open();
    stopper.join();
    EXPECT_FALSE(redis().exists("asynq:{default}:t:" + info.id));  // finished, not requeued
}

// A handler that honours its stop token by returning normally must not turn a shutdown requeue (or a deadline)
// into a success. The stop callback, registered by something that outlives the handler, runs on the stopping
// thread and holds it until the handler has returned: the worker then tries to claim the outcome while the
// stopping thread sits between stopping and recording, so the claim must already have been decided.
TEST_F(TimingTest, HandlerReturningNormallyOnStopDoesNotCountAsSuccess) {
    std::mutex callbacks_mu;
    std::vector<std::unique_ptr<std::stop_callback<std::function<void()>>>> callbacks;
    std::atomic<int> running = 0;
    auto srv = start(
        [&](TaskContext& context, const Task&) {
            auto returned = std::make_shared<std::atomic<bool>>(false);
            {
                std::lock_guard lock(callbacks_mu);
                callbacks.push_back(std::make_unique<std::stop_callback<std::function<void()>>>(
                    context.stop_token(), std::function<void()>([returned] {
                        eventually([&] { return returned->load(); }, 10s);  // hold the stopping thread
                    })));
            }
            ++running;
            // Polled, not waited on through another stop callback, so callback order does not matter.
            eventually([&] { return context.stop_requested(); }, 60s);
            *returned = true;  // then return normally: "abandoned", not succeeded
        },
        {.concurrency = 2,
         .retry_delay = [](int, const std::exception&, const Task&) { return std::chrono::hours(1); },
         .shutdown_timeout = 300ms});
    auto timed = client().enqueue(Task("t", "deadline"), {.timeout = 1s});
    ASSERT_TRUE(eventually([&] { return state_of("default", timed.id) == "retry"; }));
    EXPECT_EQ(stored_message("default", timed.id).error_msg(), "context deadline exceeded");
    auto requeued = client().enqueue(Task("t", "shutdown"));
    ASSERT_TRUE(eventually([&] { return state_of("default", requeued.id) == "active"; }));
    srv->shutdown();
    EXPECT_EQ(state_of("default", requeued.id), "pending");
    EXPECT_EQ(counter("asynq:{default}:processed"), 1);  // only the deadline failure
}

// User code run for one failure (a slow error handler) must not hold up other tasks' deadlines: those are fired
// by the timekeeper, which never runs user code or Redis writes itself.
TEST_F(TimingTest, SlowErrorHandlerDoesNotDelayOtherDeadlines) {
    Latch release_error_handler;
    std::atomic<int> in_error_handler = 0;
    std::atomic<bool> second_stopped = false;
    auto srv = start(
        [&](TaskContext& context, const Task& task) {
            if (task.payload() == "second") {
                second_stopped = wait_for_stop(context.stop_token());
                return;
            }
            wait_for_stop(context.stop_token());
        },
        {.concurrency = 2,
         .retry_delay = [](int, const std::exception&, const Task&) { return std::chrono::hours(1); },
         .error_handler =
             [&](const Task& task, const std::exception&) {
                 if (task.payload() == "first") {
                     ++in_error_handler;
                     release_error_handler.wait();
                 }
             }});
    client().enqueue(Task("t", "first"), {.timeout = 1s});
    ASSERT_TRUE(eventually([&] { return in_error_handler == 1; }));
    auto second = client().enqueue(Task("t", "second"), {.timeout = 1s});
    // Still blocked in the first task's error handler, the second task's deadline fires all the same.
    ASSERT_TRUE(eventually([&] { return second_stopped.load(); }));
    EXPECT_EQ(in_error_handler, 1);
    release_error_handler.open();
    ASSERT_TRUE(eventually([&] { return state_of("default", second.id) == "retry"; }));
}

TEST_F(TimingTest, RunReturnsWhenShutdownIsCalledFromAnotherThread) {
    Server srv(server().options(), fast());
    std::atomic<bool> returned = false;
    std::jthread runner([&] {
        srv.run([](TaskContext&, const Task&) {});
        returned = true;
    });
    ASSERT_TRUE(eventually([&] { return redis().zcard("asynq:servers") == 1; }));
    srv.shutdown();
    EXPECT_TRUE(eventually([&] { return returned.load(); }));
}

TEST_F(TimingTest, StopTakesNoNewTasksButFinishesRunningOnes) {
    Latch release;
    std::atomic<int> calls = 0;
    auto srv = start(
        [&](TaskContext&, const Task&) {
            ++calls;
            release.wait();
        },
        {.concurrency = 1});
    auto first = client().enqueue(Task("t", "1"));
    ASSERT_TRUE(eventually([&] { return calls == 1; }));
    srv->stop();
    auto second = client().enqueue(Task("t", "2"));
    release.open();
    ASSERT_TRUE(eventually([&] { return !redis().exists("asynq:{default}:t:" + first.id); }));
    // The freed worker has had every chance to take the second task (it would be woken at once): shutting down
    // joins it, after which nothing can take it any more.
    srv->shutdown();
    EXPECT_EQ(state_of("default", second.id), "pending");
    EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace asynq
