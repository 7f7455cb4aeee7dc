// A pipeline whose connection breaks midway must say which commands surely ran. CLIENT KILL of the connection's
// own id (SKIPME no) breaks it deterministically: Redis answers the kill, closes, and never runs what follows.
#include <gtest/gtest.h>

#include <csignal>

#include "redis/connection.h"
#include "redis/errors.h"
#include "redis/standalone_executor.h"
#include "support/eventually.h"
#include "support/test_redis.h"

namespace asynq::redis {
namespace {

class PipelineErrorTest : public testing::RedisTest {};

TEST_F(PipelineErrorTest, BrokenPipelineKeepsTheRepliesThatArrived) {
    StandaloneExecutor executor(server().options());
    auto id = executor.run(Command::keyless({"CLIENT", "ID"})).as_integer();
    std::vector<Command> commands = {
        Command::keyed("a", {"SET", "a", "1"}),
        Command::keyless({"CLIENT", "KILL", "ID", std::to_string(id), "SKIPME", "no"}),
        Command::keyed("b", {"SET", "b", "2"}),
        Command::keyed("c", {"SET", "c", "3"}),
    };
    try {
        executor.run_pipeline(commands);
        FAIL() << "expected a PipelineError";
    } catch (const PipelineError& e) {
        ASSERT_EQ(e.replies().size(), 4u);
        ASSERT_TRUE(e.replies()[0].has_value());
        EXPECT_EQ(e.replies()[0]->as_string(), "OK");
        EXPECT_FALSE(e.replies()[2].has_value());  // unknown to the caller...
        EXPECT_FALSE(e.replies()[3].has_value());
        EXPECT_EQ(e.code(), ErrorCode::kUnavailable);
    }
    EXPECT_EQ(redis().get("a"), "1");
    EXPECT_FALSE(redis().exists("b"));  // ...and indeed never run
    // The broken connection was dropped: the next call works on a fresh one.
    EXPECT_EQ(executor.run(Command::keyed("a", {"GET", "a"})).as_string(), "1");
}

}  // namespace
}  // namespace asynq::redis

namespace asynq::redis {
namespace {

// Writing to a socket the server closed raises SIGPIPE, whose default action kills the process. The connection
// must turn it into an IoError. If the guard were missing, this test binary would die here.
TEST_F(PipelineErrorTest, WritingToAClosedConnectionRaisesNoSigpipe) {
    auto previous = ::signal(SIGPIPE, SIG_DFL);
    auto connection = Connection::open(Endpoint::from_options(server().options()), server().options());
    auto id = connection->run(Command::keyless({"CLIENT", "ID"})).as_integer();
    redis().command({"CLIENT", "KILL", "ID", std::to_string(id)});
    ASSERT_TRUE(testing::eventually([&] { return connection->peer_closed(); }));
    // 16 MB: the first segments draw a reset from the server, and the writes after it fail with EPIPE.
    EXPECT_THROW(connection->run(Command::keyed("big", {"SET", "big", std::string(16 << 20, 'x')})), IoError);
    EXPECT_TRUE(connection->broken());
    ::signal(SIGPIPE, previous);
}

}  // namespace
}  // namespace asynq::redis
