#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <optional>
#include <thread>

#include "redis/errors.h"
#include "redis/standalone_executor.h"
#include "support/eventually.h"
#include "support/test_redis.h"

namespace asynq::redis {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

class RedisPoolTest : public asynq::testing::RedisTest {
protected:
    RedisOptions options_with(int pool_size, std::chrono::milliseconds pool_timeout) {
        auto options = server().options();
        options.pool_size = pool_size;
        options.pool_timeout = pool_timeout;
        return options;
    }
};

TEST_F(RedisPoolTest, ManyThreadsShareFewConnections) {
    // A generous pool_timeout: the test is about correctness under contention, not about speed.
    StandaloneExecutor executor(options_with(4, 60s));
    std::atomic<int> failures{0};
    {
        std::vector<std::jthread> threads;
        for (int t = 0; t < 64; ++t) {
            threads.emplace_back([&] {
                for (int i = 0; i < 200; ++i) {
                    try {
                        executor.run(Command::keyed("counter", {"INCR", "counter"}));
                    } catch (const std::exception& e) {
                        ++failures;
                        ADD_FAILURE() << e.what();
                    }
                }
            });
        }
    }  // joined here
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(redis().get("counter"), "12800");
    EXPECT_GE(executor.pool().open_connections(), 1);
    EXPECT_LE(executor.pool().open_connections(), 4);
}

TEST_F(RedisPoolTest, ReturnedConnectionIsReused) {
    StandaloneExecutor executor(options_with(4, 10s));
    const Connection* first = nullptr;
    {
        auto lease = executor.pool().acquire();
        first = &*lease;
    }
    auto again = executor.pool().acquire();
    EXPECT_EQ(&*again, first);
    EXPECT_EQ(executor.pool().open_connections(), 1);
}

TEST_F(RedisPoolTest, TimesOutWhenEveryConnectionIsBorrowed) {
    StandaloneExecutor executor(options_with(2, 200ms));
    auto first = executor.pool().acquire();
    std::optional<ConnectionPool::Lease> second(executor.pool().acquire());
    try {
        executor.pool().acquire();
        FAIL() << "acquired a third connection from a pool of 2";
    } catch (const PoolTimeoutError& e) {
        EXPECT_EQ(e.code(), ErrorCode::kUnavailable);
        EXPECT_THAT(e.what(),
                    HasSubstr("redis " + executor.describe() + ": no free connection within 200ms (pool size 2)"));
    }
    EXPECT_THROW(executor.run(Command::keyless({"PING"})), PoolTimeoutError);

    second.reset();
    EXPECT_EQ(executor.run(Command::keyless({"PING"})).as_string(), "PONG");
    EXPECT_EQ(executor.pool().open_connections(), 2);
}

TEST_F(RedisPoolTest, WaiterGetsTheReturnedConnection) {
    StandaloneExecutor executor(options_with(1, 60s));
    std::optional<ConnectionPool::Lease> held(executor.pool().acquire());
    std::atomic<bool> done{false};
    std::jthread waiter([&] {
        executor.run(Command::keyed("k", {"SET", "k", "from-waiter"}));
        done = true;
    });
    EXPECT_FALSE(done.load());  // it cannot have run: the only connection is held
    held.reset();
    EXPECT_TRUE(asynq::testing::eventually([&] { return done.load(); }));
    waiter.join();
    EXPECT_EQ(redis().get("k"), "from-waiter");
    EXPECT_EQ(executor.pool().open_connections(), 1);
}

TEST_F(RedisPoolTest, BrokenConnectionIsDroppedNotReturned) {
    StandaloneExecutor executor(options_with(1, 10s));
    {
        auto lease = executor.pool().acquire();
        auto id = lease->run(Command::keyless({"CLIENT", "ID"})).as_integer();
        redis().command({"CLIENT", "KILL", "ID", std::to_string(id)});
        EXPECT_THROW(lease->run(Command::keyless({"PING"})), IoError);
        EXPECT_TRUE(lease->broken());
    }
    EXPECT_EQ(executor.pool().open_connections(), 0);
    EXPECT_EQ(executor.run(Command::keyless({"PING"})).as_string(), "PONG");  // the freed slot dials again
    EXPECT_EQ(executor.pool().open_connections(), 1);
}

}  // namespace
}  // namespace asynq::redis
