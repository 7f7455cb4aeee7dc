// Auto-pipelining: concurrent callers share pipelines, each gets its own reply or error, and a connection that
// breaks under a batch leaves no caller hanging.
#include "redis/coalescer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "redis/errors.h"
#include "redis/standalone_executor.h"
#include "support/eventually.h"
#include "support/test_redis.h"

namespace asynq::redis {
namespace {

class CoalescerTest : public testing::RedisTest {};

TEST_F(CoalescerTest, EveryCallerGetsItsOwnReplyUnderConcurrency) {
    StandaloneExecutor executor(server().options());
    Coalescer coalescer(executor, 2, 16);
    constexpr int kThreads = 16, kCalls = 300;
    std::atomic<int> wrong = 0;
    {
        std::vector<std::jthread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                const std::string key = "counter:" + std::to_string(t);
                for (int i = 1; i <= kCalls; ++i) {
                    // Each thread's counter only it increments: the reply must be exactly i.
                    if (coalescer.run(Command::keyed(key, {"INCR", key})).as_integer() != i) ++wrong;
                }
            });
        }
    }
    EXPECT_EQ(wrong, 0);
    for (int t = 0; t < kThreads; ++t) EXPECT_EQ(redis().get("counter:" + std::to_string(t)), "300");
}

TEST_F(CoalescerTest, AnErrorReplyFailsOnlyItsOwnCaller) {
    StandaloneExecutor executor(server().options());
    Coalescer coalescer(executor, 1, 64);
    redis().command({"SET", "text", "not a number"});
    std::atomic<int> refused = 0, counted = 0;
    {
        std::vector<std::jthread> threads;
        for (int t = 0; t < 8; ++t) {
            threads.emplace_back([&, t] {
                for (int i = 0; i < 100; ++i) {
                    try {
                        if (t % 2 == 0) {
                            coalescer.run(Command::keyed("text", {"INCR", "text"}));
                        } else {
                            coalescer.run(Command::keyed("n", {"INCR", "n"}));
                            ++counted;
                        }
                    } catch (const ReplyError& e) {
                        if (std::string(e.what()).find("not an integer") != std::string::npos) ++refused;
                    }
                }
            });
        }
    }
    EXPECT_EQ(refused, 400);
    EXPECT_EQ(counted, 400);
    EXPECT_EQ(redis().get("n"), "400");
}

// Connections are killed under the callers' feet: every caller returns (a reply or an IoError), none hangs, and
// the coalescer works again afterwards.
TEST_F(CoalescerTest, BrokenConnectionsLeaveNoCallerWaiting) {
    StandaloneExecutor executor(server().options());
    Coalescer coalescer(executor, 2, 8);
    std::atomic<bool> stop = false;
    std::atomic<int> answered = 0, failed = 0;
    {
        std::vector<std::jthread> threads;
        for (int t = 0; t < 12; ++t) {
            threads.emplace_back([&] {
                while (!stop) {
                    try {
                        coalescer.run(Command::keyed("k", {"INCR", "k"}));
                        ++answered;
                    } catch (const IoError&) {
                        ++failed;
                    }
                }
            });
        }
        for (int kill = 0; kill < 20; ++kill) {
            redis().command({"CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes"});
            const int before = answered;
            const bool progressed = testing::eventually([&] { return answered >= before + 50; });
            if (!progressed) stop = true;
            ASSERT_TRUE(progressed) << "no caller was answered after kill " << kill;
        }
        stop = true;
    }
    EXPECT_GT(answered, 0);
    EXPECT_EQ(coalescer.run(Command::keyed("k", {"SET", "k", "1"})).as_string(), "OK");
}

}  // namespace
}  // namespace asynq::redis
