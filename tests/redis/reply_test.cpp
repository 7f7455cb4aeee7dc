#include "redis/reply.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "redis/errors.h"

namespace asynq::redis {
namespace {

using ::testing::HasSubstr;

TEST(RedisReply, AccessorsReturnTheValue) {
    EXPECT_TRUE(Reply().is_nil());
    EXPECT_EQ(Reply::integer(-42).as_integer(), -42);
    EXPECT_EQ(Reply::string(std::string("a\0b", 3)).as_string(), std::string("a\0b", 3));
    EXPECT_EQ(Reply::status("OK").as_string(), "OK");
    EXPECT_EQ(Reply::nil().as_optional_string(), std::nullopt);
    EXPECT_EQ(Reply::string("v").as_optional_string(), "v");
    auto array = Reply::array({Reply::integer(1), Reply::string("x")});
    ASSERT_EQ(array.as_array().size(), 2u);
    EXPECT_EQ(array.as_array()[1].as_string(), "x");
}

TEST(RedisReply, WrongTypeThrowsProtocolErrorNamingBothTypes) {
    try {
        Reply::string("abc").as_integer();
        FAIL() << "as_integer accepted a string";
    } catch (const ProtocolError& e) {
        EXPECT_EQ(e.code(), ErrorCode::kInternal);
        EXPECT_THAT(e.what(), HasSubstr("expected an integer"));
        EXPECT_THAT(e.what(), HasSubstr("\"abc\""));
    }
    EXPECT_THROW(Reply::integer(1).as_string(), ProtocolError);
    EXPECT_THROW(Reply::nil().as_string(), ProtocolError);
    EXPECT_THROW(Reply::error("ERR x").as_optional_string(), ProtocolError);
    EXPECT_THROW(Reply::string("x").as_array(), ProtocolError);
    EXPECT_THROW(Reply::array({}).as_integer(), ProtocolError);
}

TEST(RedisReply, ErrorPrefixIsTheFirstWord) {
    EXPECT_EQ(Reply::error("NOSCRIPT No matching script. Please use EVAL.").error_prefix(), "NOSCRIPT");
    EXPECT_EQ(Reply::error("WRONGTYPE Operation against a key").error_prefix(), "WRONGTYPE");
    EXPECT_EQ(Reply::error("BOOM").error_prefix(), "BOOM");
    EXPECT_EQ(Reply::string("NOSCRIPT x").error_prefix(), "");
}

TEST(RedisReply, DebugStringEscapesBinary) {
    auto reply = Reply::array(
        {Reply::string(std::string("a\0\xff\"", 4)), Reply::integer(7), Reply::nil(), Reply::error("ERR no")});
    EXPECT_EQ(reply.debug_string(), "[\"a\\x00\\xff\\\"\", (integer) 7, (nil), (error) ERR no]");
}

TEST(RedisReply, LongValuesAreCutInMessages) {
    try {
        Reply::string(std::string(10000, 'x')).as_integer();
        FAIL();
    } catch (const ProtocolError& e) {
        EXPECT_LT(std::string(e.what()).size(), 300u);
    }
}

}  // namespace
}  // namespace asynq::redis
