// Executor::open_dedicated and Connection::interrupt: the pieces blocking commands and pub/sub stand on.
#include <gtest/gtest.h>

#include <atomic>
#include <exception>
#include <sstream>
#include <thread>

#include "redis/connection.h"
#include "redis/errors.h"
#include "redis/executor.h"
#include "redis/standalone_executor.h"
#include "support/eventually.h"
#include "support/test_redis.h"

namespace asynq::redis {
namespace {

using namespace std::chrono_literals;

class DedicatedConnectionTest : public asynq::testing::RedisTest {
protected:
    // Clients blocked in BLPOP/BLMOVE and the like, from INFO clients.
    long long blocked_clients() {
        std::istringstream info(redis().command({"INFO", "clients"}).str);
        const std::string prefix = "blocked_clients:";
        for (std::string line; std::getline(info, line);) {
            if (line.starts_with(prefix)) return std::stoll(line.substr(prefix.size()));
        }
        return -1;
    }
};

TEST_F(DedicatedConnectionTest, OpensAConnectionOutsideThePoolOnTheSameDb) {
    RedisOptions options = server().options();
    options.db = 3;
    options.pool_size = 1;
    StandaloneExecutor executor(options);
    auto pooled = executor.pool().acquire();             // the whole pool is borrowed...
    auto dedicated = executor.open_dedicated("k", 0ms);  // ...and a dedicated connection still opens
    EXPECT_EQ(executor.pool().open_connections(), 1);
    EXPECT_EQ(dedicated->run(Command::keyed("k", {"SET", "k", "v"})).as_string(), "OK");
    // It selected db 3 like the pooled ones: the key is not in db 0.
    EXPECT_FALSE(redis().exists("k"));
    EXPECT_EQ(pooled->run(Command::keyed("k", {"GET", "k"})).as_string(), "v");
}

TEST_F(DedicatedConnectionTest, ReadTimeoutOverridesTheConfiguredOne) {
    RedisOptions options = server().options();
    options.read_timeout = 60s;
    auto executor = make_executor(options);
    auto connection = executor->open_dedicated("list", 200ms);
    // BLPOP for 30 s: the 200 ms read timeout fires first.
    EXPECT_THROW(connection->run(Command::keyed("list", {"BLPOP", "list", "30"})), TimeoutError);
    EXPECT_TRUE(connection->broken());
}

TEST_F(DedicatedConnectionTest, InterruptUnblocksAReaderOnAnotherThread) {
    auto executor = make_executor(server().options());
    auto connection = executor->open_dedicated("x", 0ms);  // no read timeout: only interrupt() can end it
    std::atomic<bool> finished = false;
    std::exception_ptr error;
    std::jthread reader([&] {
        try {
            connection->run(Command::keyed("x", {"BLPOP", "x", "0"}));
        } catch (...) {
            error = std::current_exception();
        }
        finished = true;
    });
    struct InterruptOnExit {  // so a failed ASSERT below cannot leave the join hanging
        Connection& connection;
        ~InterruptOnExit() { connection.interrupt(); }
    } interrupt_on_exit{*connection};
    ASSERT_TRUE(asynq::testing::eventually([&] { return blocked_clients() == 1; })) << blocked_clients();
    EXPECT_FALSE(finished);

    connection->interrupt();
    ASSERT_TRUE(asynq::testing::eventually([&] { return finished.load(); }));
    reader.join();
    ASSERT_TRUE(error);
    try {
        std::rethrow_exception(error);
    } catch (const TimeoutError& e) {
        ADD_FAILURE() << "a timeout, not an interruption: " << e.what();
    } catch (const IoError&) {
        // expected: the socket was shut down under the blocked read
    }
    EXPECT_TRUE(connection->broken());
    EXPECT_THROW(connection->run(Command::keyless({"PING"})), IoError);
    EXPECT_TRUE(asynq::testing::eventually([&] { return blocked_clients() == 0; }));
}

// A write on a shut-down socket raises SIGPIPE, which would kill the test binary: the command must fail first.
TEST_F(DedicatedConnectionTest, CommandsAfterInterruptFailWithoutWriting) {
    auto executor = make_executor(server().options());
    auto connection = executor->open_dedicated("x", 0ms);
    connection->interrupt();
    EXPECT_THROW(connection->run(Command::keyless({"PING"})), IoError);
    EXPECT_THROW(connection->read_reply(), IoError);
}

}  // namespace
}  // namespace asynq::redis
