#include "redis/errors.h"

#include <gtest/gtest.h>

namespace asynq::redis {
namespace {

ErrorCode code_of(const std::string& redis_message) {
    return make_reply_error("127.0.0.1:6379", "CMD", redis_message).code();
}

TEST(RedisReplyError, MessageNamesAddressCommandAndRedisText) {
    auto error = make_reply_error("127.0.0.1:6379", "EVALSHA enqueue", "ERR boom");
    EXPECT_STREQ(error.what(), "redis 127.0.0.1:6379: EVALSHA enqueue: ERR boom");
    EXPECT_EQ(error.redis_message(), "ERR boom");
}

TEST(RedisReplyError, AuthenticationFailuresAreInvalidArgument) {
    EXPECT_EQ(code_of("NOAUTH Authentication required."), ErrorCode::kInvalidArgument);
    EXPECT_EQ(code_of("WRONGPASS invalid username-password pair or user is disabled."), ErrorCode::kInvalidArgument);
    EXPECT_EQ(code_of("ERR invalid password"), ErrorCode::kInvalidArgument);
    EXPECT_EQ(code_of("ERR invalid username-password pair"), ErrorCode::kInvalidArgument);
    EXPECT_EQ(code_of("ERR AUTH <password> called without any password configured for the default user. Are you "
                      "sure your configuration is correct?"),
              ErrorCode::kInvalidArgument);
    EXPECT_EQ(code_of("ERR DB index is out of range"), ErrorCode::kInvalidArgument);
}

TEST(RedisReplyError, TransientStatesAreUnavailable) {
    for (const char* text : {"LOADING Redis is loading the dataset in memory",
                             "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.",
                             "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.",
                             "TRYAGAIN Multiple keys request during rehashing of slot",
                             "READONLY You can't write against a read only replica."}) {
        EXPECT_EQ(code_of(text), ErrorCode::kUnavailable) << text;
    }
}

TEST(RedisReplyError, OtherErrorsAreInternal) {
    EXPECT_EQ(code_of("ERR value is not an integer or out of range"), ErrorCode::kInternal);
    EXPECT_EQ(code_of("WRONGTYPE Operation against a key holding the wrong kind of value"), ErrorCode::kInternal);
    EXPECT_EQ(code_of("BUSYKEY Target key name already exists."), ErrorCode::kInternal);  // not BUSY
    EXPECT_EQ(code_of("NOSCRIPT No matching script. Please use EVAL."), ErrorCode::kInternal);
}

}  // namespace
}  // namespace asynq::redis
