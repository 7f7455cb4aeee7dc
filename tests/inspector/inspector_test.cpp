// Inspector on a real Redis: pausing and unpausing queues as Go's Inspector does (spec §4.22.14).
#include "asynq/inspector.h"

#include <gtest/gtest.h>

#include <chrono>

#include "asynq/errors.h"
#include "support/error_of.h"
#include "support/test_redis.h"

namespace asynq {
namespace {

using InspectorTest = testing::RedisTest;

using testing::code_of;
using testing::message_of;

TEST_F(InspectorTest, PauseWritesThePauseTimeWithoutExpiryAndUnpauseRemovesIt) {
    Inspector inspector(server().options());
    const auto before =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    inspector.pause_queue("mailer");  // no queue-existence check, as in Go
    EXPECT_TRUE(inspector.is_queue_paused("mailer"));
    const auto value = std::stoll(redis().get("asynq:{mailer}:paused").value_or("0"));
    EXPECT_GE(value, before);
    EXPECT_LE(value, before + 60);
    EXPECT_EQ(redis().pttl("asynq:{mailer}:paused"), -1);
    EXPECT_FALSE(inspector.is_queue_paused("default"));

    inspector.unpause_queue("mailer");
    EXPECT_FALSE(redis().exists("asynq:{mailer}:paused"));
    EXPECT_FALSE(inspector.is_queue_paused("mailer"));
}

TEST_F(InspectorTest, PausingTwiceOrUnpausingAQueueNotPausedFailsClearly) {
    Inspector inspector(server().options());
    inspector.pause_queue("q");
    const auto first = redis().get("asynq:{q}:paused");
    EXPECT_EQ(code_of([&] { inspector.pause_queue("q"); }), ErrorCode::kFailedPrecondition);
    EXPECT_EQ(message_of([&] { inspector.pause_queue("q"); }), "queue \"q\" is already paused");
    EXPECT_EQ(redis().get("asynq:{q}:paused"), first);  // the first pause time is kept

    inspector.unpause_queue("q");
    EXPECT_EQ(code_of([&] { inspector.unpause_queue("q"); }), ErrorCode::kFailedPrecondition);
    EXPECT_EQ(message_of([&] { inspector.unpause_queue("q"); }), "queue \"q\" is not paused");
}

TEST_F(InspectorTest, BlankQueueNamesAreRefused) {
    Inspector inspector(server().options());
    EXPECT_EQ(code_of([&] { inspector.pause_queue(""); }), ErrorCode::kInvalidArgument);
    EXPECT_EQ(code_of([&] { inspector.unpause_queue(" "); }), ErrorCode::kInvalidArgument);
    EXPECT_EQ(code_of([&] { (void)inspector.is_queue_paused(""); }), ErrorCode::kInvalidArgument);
    EXPECT_TRUE(redis().keys().empty());
}

}  // namespace
}  // namespace asynq
