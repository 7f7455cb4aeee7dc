// Inspector::cancel_processing against a running Server (spec §4.21, §7.6): the handler's stop token fires for the
// cancelled task only, and the attempt fails with "context canceled".
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>

#include "asynq/errors.h"
#include "asynq/inspector.h"
#include "server/server_test_base.h"

namespace asynq {
namespace {

using CancelProcessingTest = ServerTest;
using testing::eventually;

TEST_F(CancelProcessingTest, TheHandlerOfTheCancelledTaskSeesItsStopTokenFire) {
    std::atomic<int> running = 0;
    std::atomic<int> cancelled = 0;
    std::atomic<bool> saw_cancel_reason = false;
    auto srv = start(
        [&](TaskContext& context, const Task&) {
            ++running;
            if (wait_for_stop(context.stop_token())) {
                ++cancelled;
                if (context.stop_reason() == StopReason::kCanceled) saw_cancel_reason = true;
            }
        },
        {.retry_delay = [](int, const std::exception&, const Task&) { return std::chrono::hours(1); }});
    auto victim = client().enqueue(Task("t", "victim"));
    auto bystander = client().enqueue(Task("t", "bystander"));
    ASSERT_TRUE(eventually([&] { return running == 2; }));
    // The server subscribes in the background: a cancel published before that would be lost.
    ASSERT_TRUE(eventually([&] {
        return redis().command({"PUBSUB", "NUMSUB", "asynq:cancel"}).elements.at(1).integer >= 1;
    }));

    Inspector inspector(server().options());
    inspector.cancel_processing(victim.id);

    ASSERT_TRUE(eventually([&] { return cancelled == 1; }));
    EXPECT_TRUE(saw_cancel_reason);
    ASSERT_TRUE(eventually([&] { return state_of("default", victim.id) == "retry"; }));
    EXPECT_EQ(stored_message("default", victim.id).error_msg(), "context canceled");
    EXPECT_EQ(state_of("default", bystander.id), "active");
    EXPECT_EQ(cancelled, 1);
}

TEST_F(CancelProcessingTest, CancellingATaskNoServerRunsIsANoOpAndBlankIdsAreRefused) {
    Inspector inspector(server().options());
    auto info = client().enqueue(Task("t", "idle"));
    inspector.cancel_processing(info.id);  // best effort, as Go: no error, nothing written
    EXPECT_EQ(state_of("default", info.id), "pending");
    try {
        inspector.cancel_processing(" ");
        ADD_FAILURE() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    }
}

}  // namespace
}  // namespace asynq
