#include "redis/executor.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "redis/errors.h"
#include "support/test_redis.h"
#include "util/digest.h"

namespace asynq::redis {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

constexpr std::string_view kIncrBySource = "return redis.call('INCRBY', KEYS[1], ARGV[1])";
const std::string kIncrBySha1 = util::sha1_hex(kIncrBySource);
const Script kIncrBy{.name = "incr_by", .source = kIncrBySource, .sha1 = kIncrBySha1};

constexpr std::string_view kFailSource = "return redis.error_reply('MYERR the script refused')";
const std::string kFailSha1 = util::sha1_hex(kFailSource);
const Script kFail{.name = "always_fails", .source = kFailSource, .sha1 = kFailSha1};

class RedisExecutorTest : public asynq::testing::RedisTest {
protected:
    void SetUp() override {
        RedisTest::SetUp();
        redis().command({"SCRIPT", "FLUSH"});  // FLUSHALL keeps scripts; every test starts with an empty cache
        executor_ = make_executor(server().options());
    }

    // How often Redis ran a command since the last CONFIG RESETSTAT (0 if never).
    long long calls(const std::string& command) {
        std::istringstream info(redis().command({"INFO", "commandstats"}).str);
        const std::string prefix = "cmdstat_" + command + ":calls=";
        for (std::string line; std::getline(info, line);) {
            if (line.starts_with(prefix)) return std::stoll(line.substr(prefix.size()));
        }
        return 0;
    }

    bool script_cached(const Script& script) {
        return redis().command({"SCRIPT", "EXISTS", std::string(script.sha1)}).elements.at(0).integer == 1;
    }

    Executor& executor() { return *executor_; }

private:
    std::unique_ptr<Executor> executor_;
};

TEST_F(RedisExecutorTest, ScriptShaMatchesRedis) {
    EXPECT_EQ(redis().command({"SCRIPT", "LOAD", std::string(kIncrBySource)}).str, kIncrBy.sha1);
}

TEST_F(RedisExecutorTest, EvalshaFallsBackToEvalOnEmptyCache) {
    ASSERT_FALSE(script_cached(kIncrBy));
    EXPECT_EQ(executor().run(Command::eval(kIncrBy, {"counter"}, {"5"})).as_integer(), 5);
    EXPECT_TRUE(script_cached(kIncrBy));  // EVAL cached it
    EXPECT_EQ(redis().get("counter"), "5");
}

TEST_F(RedisExecutorTest, CachedScriptRunsAsEvalshaOnly) {
    executor().run(Command::eval(kIncrBy, {"counter"}, {"1"}));
    redis().command({"CONFIG", "RESETSTAT"});
    EXPECT_EQ(executor().run(Command::eval(kIncrBy, {"counter"}, {"2"})).as_integer(), 3);
    EXPECT_EQ(calls("evalsha"), 1);
    EXPECT_EQ(calls("eval"), 0);
}

TEST_F(RedisExecutorTest, ScriptWorksAgainAfterScriptFlush) {
    executor().run(Command::eval(kIncrBy, {"counter"}, {"1"}));
    redis().command({"SCRIPT", "FLUSH"});
    EXPECT_EQ(executor().run(Command::eval(kIncrBy, {"counter"}, {"1"})).as_integer(), 2);
    redis().command({"SCRIPT", "FLUSH"});
    EXPECT_EQ(executor().run(Command::eval(kIncrBy, {"counter"}, {"1"})).as_integer(), 3);
}

TEST_F(RedisExecutorTest, PipelinePatchesEveryNoscriptReply) {
    std::vector<Command> commands = {
        Command::eval(kIncrBy, {"a"}, {"1"}),
        Command::keyed("plain", {"INCR", "plain"}),
        Command::eval(kIncrBy, {"b"}, {"2"}),
        Command::eval(kIncrBy, {"a"}, {"3"}),
    };
    auto replies = executor().run_pipeline(commands);
    ASSERT_EQ(replies.size(), 4u);
    EXPECT_EQ(replies[0].debug_string(), "(integer) 1");
    EXPECT_EQ(replies[1].debug_string(), "(integer) 1");
    EXPECT_EQ(replies[2].debug_string(), "(integer) 2");
    EXPECT_EQ(replies[3].debug_string(), "(integer) 4");
    EXPECT_EQ(redis().get("a"), "4");
    EXPECT_EQ(redis().get("b"), "2");
}

TEST_F(RedisExecutorTest, ScriptErrorReplyIsThrownWithItsText) {
    try {
        executor().run(Command::eval(kFail, {"k"}, {}));
        FAIL() << "the script's error reply was not thrown";
    } catch (const ReplyError& e) {
        EXPECT_EQ(e.code(), ErrorCode::kInternal);
        EXPECT_THAT(e.what(), AllOf(HasSubstr("redis " + executor().describe() + ": EVALSHA always_fails: "),
                                    HasSubstr("MYERR the script refused")));
        EXPECT_THAT(e.redis_message(), HasSubstr("MYERR the script refused"));
    }
    // In a pipeline the same error is returned in place.
    std::vector<Command> commands = {Command::eval(kFail, {"k"}, {}), Command::keyless({"PING"})};
    auto replies = executor().run_pipeline(commands);
    EXPECT_EQ(replies[0].error_prefix(), "MYERR");
    EXPECT_EQ(replies[1].as_string(), "PONG");
}

TEST_F(RedisExecutorTest, ErrorReplyIsThrownAsReplyError) {
    redis().command({"SET", "text", "abc"});
    try {
        executor().run(Command::keyed("text", {"incr", "text"}));
        FAIL() << "INCR on a string did not throw";
    } catch (const ReplyError& e) {
        EXPECT_EQ(e.code(), ErrorCode::kInternal);
        EXPECT_THAT(e.what(), HasSubstr("redis " + executor().describe() + ": INCR: ERR value is not an integer"));
        EXPECT_EQ(e.redis_message(), "ERR value is not an integer or out of range");
    }
}

TEST_F(RedisExecutorTest, DescribesTheNode) {
    EXPECT_EQ(executor().describe(), "127.0.0.1:" + std::to_string(server().port()));
}

TEST_F(RedisExecutorTest, MakeExecutorValidatesOptions) {
    auto options = server().options();
    options.db = -1;
    try {
        make_executor(options);
        FAIL() << "make_executor accepted db -1";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
        EXPECT_THAT(e.what(), HasSubstr("db"));
    }
}

}  // namespace
}  // namespace asynq::redis
