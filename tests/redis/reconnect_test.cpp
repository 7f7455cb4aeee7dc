#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>

#include "redis/errors.h"
#include "redis/standalone_executor.h"
#include "support/eventually.h"
#include "support/test_redis.h"

namespace asynq::redis {
namespace {

using namespace std::chrono_literals;
using testing::eventually;
using ::testing::HasSubstr;
using testing::TestRedis;

const Script kIncr{
    .name = "incr", .source = "return redis.call('INCR', KEYS[1])", .sha1 = "61636018f4e6b5817b89791bbed242f93fa089e3"};

class RedisReconnectTest : public asynq::testing::RedisTest {
protected:
    void TearDown() override {
        if (!server().running()) server().restart();  // leave the shared server up for the next test
    }

    // The message of the IoError run() throws, or nullopt if it succeeded.
    static std::optional<std::string> run_error(Executor& executor) {
        try {
            executor.run(Command::keyless({"PING"}));
            return std::nullopt;
        } catch (const IoError& e) {
            EXPECT_EQ(e.code(), ErrorCode::kUnavailable);
            return std::string(e.what());
        }
    }

    // Fills the pool with `count` idle connections.
    static void warm_up(StandaloneExecutor& executor, int count) {
        std::vector<ConnectionPool::Lease> leases;
        for (int i = 0; i < count; ++i) leases.push_back(executor.pool().acquire());
    }
};

TEST_F(RedisReconnectTest, CommandAfterRestartSucceeds) {
    StandaloneExecutor executor(server().options());
    warm_up(executor, 3);
    ASSERT_EQ(executor.pool().open_connections(), 3);

    server().restart();

    EXPECT_NO_THROW(executor.run(Command::keyed("k", {"SET", "k", "after-restart"})));
    EXPECT_EQ(TestRedis(server()).get("k"), "after-restart");
    // Each stale connection is replaced as it is taken, so none of them fails a command.
    std::vector<ConnectionPool::Lease> leases;
    for (int i = 0; i < 3; ++i) {
        leases.push_back(executor.pool().acquire());
        EXPECT_EQ(leases.back()->run(Command::keyless({"PING"})).as_string(), "PONG");
    }
    EXPECT_EQ(executor.pool().open_connections(), 3);
}

TEST_F(RedisReconnectTest, CommandAfterCrashAndRestartSucceeds) {
    StandaloneExecutor executor(server().options());
    warm_up(executor, 2);
    server().kill_hard();
    server().restart();
    EXPECT_NO_THROW(executor.run(Command::keyless({"PING"})));
}

TEST_F(RedisReconnectTest, ScriptRunsAfterRestartEmptiedTheCache) {
    EXPECT_EQ(TestRedis(server()).command({"SCRIPT", "LOAD", std::string(kIncr.source)}).str, kIncr.sha1);
    StandaloneExecutor executor(server().options());
    EXPECT_EQ(executor.run(Command::eval(kIncr, {"n"}, {})).as_integer(), 1);
    server().restart();
    EXPECT_EQ(executor.run(Command::eval(kIncr, {"n"}, {})).as_integer(), 1);  // data is gone too
}

TEST_F(RedisReconnectTest, RedisDownFailsFastThenRecovers) {
    StandaloneExecutor executor(server().options());
    executor.run(Command::keyless({"PING"}));
    server().stop();

    auto first = run_error(executor);
    ASSERT_TRUE(first.has_value()) << "PING succeeded with Redis stopped";
    EXPECT_THAT(*first, HasSubstr("redis " + executor.describe() + ": connect: "));
    EXPECT_EQ(executor.pool().open_connections(), 0);

    // Within the backoff window a call fails at once with the last dial error instead of dialing again. Polling
    // is enough to see it: each failed dial widens the window (100 ms doubling to 5 s).
    std::string last;
    EXPECT_TRUE(eventually([&] {
        last = run_error(executor).value_or("(succeeded)");
        return last.find("(reconnecting, next attempt in ") != std::string::npos;
    })) << last;
    EXPECT_THAT(last, HasSubstr("redis " + executor.describe() + ": connect: "));

    server().restart();
    EXPECT_TRUE(eventually([&] { return !run_error(executor).has_value(); }));
    EXPECT_EQ(executor.pool().open_connections(), 1);
}

TEST_F(RedisReconnectTest, AuthRefusalKeepsItsCodeDuringBackoff) {
    testing::RedisServer secured({.extra_args = {"--requirepass", "right-pw"}});
    auto options = secured.options();
    options.password = "wrong-pw";
    StandaloneExecutor executor(options);

    // Fast failures inside the backoff window must still say "fix the credentials", not "retry later".
    std::string last;
    EXPECT_TRUE(eventually([&] {
        try {
            executor.run(Command::keyless({"PING"}));
            last = "(succeeded)";
        } catch (const ReplyError& e) {
            EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument) << e.what();
            EXPECT_THAT(e.redis_message(), HasSubstr("WRONGPASS"));
            last = e.what();
        }
        return last.find("(reconnecting, next attempt in ") != std::string::npos;
    })) << last;
    EXPECT_THAT(last, ::testing::Not(HasSubstr("wrong-pw")));
}

}  // namespace
}  // namespace asynq::redis
