#include <gtest/gtest.h>

#include "redis/connection.h"
#include "redis/executor.h"
#include "support/test_redis.h"

namespace asynq::redis {
namespace {

class RedisPipelineTest : public asynq::testing::RedisTest {
protected:
    std::unique_ptr<Connection> connect() {
        auto options = server().options();
        return Connection::open(Endpoint::from_options(options), options);
    }
};

TEST_F(RedisPipelineTest, ThousandCommandsReplyInOrder) {
    std::vector<Command> commands;
    for (int i = 0; i < 1000; ++i) commands.push_back(Command::keyed("list", {"RPUSH", "list", std::to_string(i)}));
    auto replies = connect()->run_pipeline(commands);

    ASSERT_EQ(replies.size(), 1000u);
    for (int i = 0; i < 1000; ++i) ASSERT_EQ(replies[i].as_integer(), i + 1) << "reply " << i;
    auto list = redis().lrange("list");
    ASSERT_EQ(list.size(), 1000u);
    for (int i = 0; i < 1000; ++i) ASSERT_EQ(list[i], std::to_string(i));
}

TEST_F(RedisPipelineTest, ErrorReplyStaysInPlace) {
    redis().command({"SET", "text", "not a number"});
    std::vector<Command> commands = {
        Command::keyed("n", {"INCR", "n"}),
        Command::keyed("text", {"INCR", "text"}),
        Command::keyed("text", {"LPUSH", "text", "x"}),
        Command::keyed("n", {"INCR", "n"}),
    };
    auto connection = connect();
    auto replies = connection->run_pipeline(commands);

    ASSERT_EQ(replies.size(), 4u);
    EXPECT_EQ(replies[0].as_integer(), 1);
    EXPECT_EQ(replies[1].error_prefix(), "ERR") << replies[1].debug_string();
    EXPECT_EQ(replies[2].error_prefix(), "WRONGTYPE") << replies[2].debug_string();
    EXPECT_EQ(replies[3].as_integer(), 2);
    EXPECT_FALSE(connection->broken());
    EXPECT_EQ(redis().get("n"), "2");
}

TEST_F(RedisPipelineTest, EmptyPipelineSendsNothing) {
    auto connection = connect();
    EXPECT_TRUE(connection->run_pipeline({}).empty());
    EXPECT_EQ(connection->run(Command::keyless({"PING"})).as_string(), "PONG");
}

TEST_F(RedisPipelineTest, ExecutorReturnsErrorsInPlace) {
    redis().command({"SET", "text", "not a number"});
    auto executor = make_executor(server().options());
    std::vector<Command> commands = {Command::keyed("text", {"INCR", "text"}), Command::keyed("n", {"INCR", "n"})};
    auto replies = executor->run_pipeline(commands);
    ASSERT_EQ(replies.size(), 2u);
    EXPECT_TRUE(replies[0].is_error());
    EXPECT_EQ(replies[1].as_integer(), 1);
}

}  // namespace
}  // namespace asynq::redis
