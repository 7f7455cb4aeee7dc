#include "asynq/client.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "broker/lua_scripts.h"
#include "support/redis_server.h"
#include "support/test_redis.h"

namespace asynq {
namespace {

using namespace std::chrono_literals;

class ClientTest : public testing::RedisTest {};

TEST_F(ClientTest, EnqueueReturnsTaskInfo) {
    Client client(server().options());
    auto before = std::chrono::system_clock::now();
    auto info = client.enqueue(Task("email:send", R"({"to":"a@b"})", {{"trace", "t1"}}),
                               {.queue = "critical", .max_retry = 3, .timeout = 1min, .retention = 1h});
    EXPECT_EQ(info.queue, "critical");
    EXPECT_EQ(info.type, "email:send");
    EXPECT_EQ(info.payload, R"({"to":"a@b"})");
    EXPECT_EQ(info.headers.at("trace"), "t1");
    EXPECT_EQ(info.state, TaskState::kPending);
    EXPECT_EQ(info.max_retry, 3);
    EXPECT_EQ(info.retried, 0);
    EXPECT_EQ(info.timeout, 60s);
    EXPECT_EQ(info.retention, 3600s);
    EXPECT_GE(info.next_process_at, before - 1s);
    EXPECT_EQ(redis().hget("asynq:{critical}:t:" + info.id, "state"), "pending");
}

TEST_F(ClientTest, EnqueueReportsScheduledAndAggregatingStates) {
    Client client(server().options());
    auto scheduled = client.enqueue(Task("t"), {.process_in = 1h});
    EXPECT_EQ(scheduled.state, TaskState::kScheduled);
    EXPECT_GT(scheduled.next_process_at, std::chrono::system_clock::now() + 59min);
    auto grouped = client.enqueue(Task("t"), {.group = "g"});
    EXPECT_EQ(grouped.state, TaskState::kAggregating);
    EXPECT_EQ(grouped.group, "g");
}

TEST_F(ClientTest, ConflictsAreDistinctErrorTypes) {
    Client client(server().options());
    client.enqueue(Task("t", "x"), {.task_id = "one"});
    EXPECT_THROW(client.enqueue(Task("t", "y"), {.task_id = "one"}), TaskIdConflictError);
    client.enqueue(Task("u", "x"), {.unique_ttl = 1min});
    try {
        client.enqueue(Task("u", "x"), {.unique_ttl = 1min});
        FAIL() << "expected DuplicateTaskError";
    } catch (const DuplicateTaskError& e) {
        EXPECT_EQ(e.code(), ErrorCode::kAlreadyExists);
        EXPECT_NE(std::string(e.what()).find("task already exists"), std::string::npos);
    }
}

TEST_F(ClientTest, InvalidOptionsAreRefusedBeforeAnythingIsWritten) {
    Client client(server().options());
    EXPECT_THROW(client.enqueue(Task("t"), {.max_retry = -1}), Error);
    EXPECT_TRUE(redis().keys().empty());
}

TEST_F(ClientTest, RedisDownGivesClearErrorAndNoCrash) {
    RedisOptions options;
    options.port = testing::free_port();
    options.dial_timeout = 2s;
    Client client(options);
    for (int attempt = 0; attempt < 3; ++attempt) {  // also within the reconnect backoff window
        try {
            client.enqueue(Task("t"));
            FAIL() << "expected kUnavailable";
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), ErrorCode::kUnavailable);
            EXPECT_NE(std::string(e.what()).find("127.0.0.1:" + std::to_string(options.port)), std::string::npos)
                << e.what();
        }
    }
    EXPECT_THROW(client.ping(), Error);
}

TEST_F(ClientTest, RedisRestartBetweenEnqueuesIsInvisible) {
    Client client(server().options());
    client.enqueue(Task("t", "before"));
    server().restart();  // empty data set and empty script cache; the pooled connection is dead
    testing::TestRedis fresh(server());
    auto cached = fresh.command({"SCRIPT", "EXISTS", std::string(broker::lua::kEnqueue.sha1)});
    ASSERT_EQ(cached.elements.at(0).integer, 0) << "the restarted Redis should have an empty script cache";
    ASSERT_EQ(fresh.keys().size(), 0u);
    auto info = client.enqueue(Task("t", "after"));
    EXPECT_EQ(fresh.hget("asynq:{default}:t:" + info.id, "state"), "pending");
}

TEST_F(ClientTest, SixtyFourThreadsShareOneClient) {
    auto options = server().options();
    options.pool_timeout = std::chrono::seconds(60);  // a loaded 2-core machine may be slow to free connections
    Client client(options);
    constexpr int kThreads = 64, kPerThread = 50;
    std::vector<std::vector<std::string>> ids(kThreads);
    {
        std::vector<std::jthread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                for (int i = 0; i < kPerThread; ++i) {
                    ids[t].push_back(client.enqueue(Task("load", std::to_string(t) + ":" + std::to_string(i))).id);
                }
            });
        }
    }
    std::set<std::string> all;
    for (auto& v : ids) all.insert(v.begin(), v.end());
    EXPECT_EQ(all.size(), static_cast<size_t>(kThreads * kPerThread));
    EXPECT_EQ(redis().llen("asynq:{default}:pending"), kThreads * kPerThread);
}

}  // namespace
}  // namespace asynq
