// What Go's `asynq server ls` and asynqmon read about a running server (spec §5.1), and start/health behaviour.
#include <gtest/gtest.h>
#include <unistd.h>

#include "server_test_base.h"

namespace asynq {
namespace {

using namespace std::chrono_literals;
using testing::eventually;

class LifecycleTest : public ServerTest {};

TEST_F(LifecycleTest, HeartbeatPublishesServerAndWorkerInfoThatGoReads) {
    Latch release;
    std::atomic<bool> running = false;
    auto srv = start(
        [&](TaskContext&, const Task&) {
            running = true;
            release.wait();
        },
        {.concurrency = 3, .queues = {{"critical", 6}, {"low", 1}}, .heartbeat_interval = 200ms});
    auto info = client().enqueue(Task("report:make", "r-1"), {.queue = "critical", .timeout = 2min});
    ASSERT_TRUE(eventually([&] { return running.load(); }));

    const std::string members_key = "asynq:servers";
    std::string server_key;
    wire::ServerInfo server_info;
    ASSERT_TRUE(eventually([&] {
        auto members = redis().command({"ZRANGE", members_key, "0", "-1"}).elements;
        if (members.size() != 1) return false;
        server_key = members[0].str;
        auto bytes = redis().get(server_key);
        return bytes && server_info.ParseFromString(*bytes) && server_info.active_worker_count() == 1;
    }));
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    EXPECT_EQ(server_key,
              "asynq:servers:{" + std::string(host) + ":" + std::to_string(::getpid()) + ":" + srv->id() + "}");
    EXPECT_EQ(server_info.host(), host);
    EXPECT_EQ(server_info.pid(), ::getpid());
    EXPECT_EQ(server_info.server_id(), srv->id());
    EXPECT_EQ(server_info.concurrency(), 3);
    EXPECT_EQ(server_info.queues().at("critical"), 6);
    EXPECT_EQ(server_info.queues().at("low"), 1);
    EXPECT_EQ(server_info.status(), "active");
    EXPECT_GT(server_info.start_time().seconds(), 1700000000);
    EXPECT_GT(redis().pttl(server_key), 0);  // expires if we die

    const std::string workers_key =
        "asynq:workers:{" + std::string(host) + ":" + std::to_string(::getpid()) + ":" + srv->id() + "}";
    wire::WorkerInfo worker;
    ASSERT_TRUE(worker.ParseFromString(redis().hget(workers_key, info.id).value_or("")));
    EXPECT_EQ(worker.server_id(), srv->id());  // asynqmon joins workers to servers on it
    EXPECT_EQ(worker.task_id(), info.id);
    EXPECT_EQ(worker.task_type(), "report:make");
    EXPECT_EQ(worker.task_payload(), "r-1");
    EXPECT_EQ(worker.queue(), "critical");
    EXPECT_NEAR(worker.deadline().seconds() - worker.start_time().seconds(), 120, 1);

    srv->stop();
    ASSERT_TRUE(eventually([&] {
        wire::ServerInfo after;
        return after.ParseFromString(redis().get(server_key).value_or("")) && after.status() == "stopped";
    }));
    release.open();
    srv->shutdown();
    EXPECT_FALSE(redis().exists(server_key));
    EXPECT_FALSE(redis().exists(workers_key));
    EXPECT_EQ(redis().zcard("asynq:servers"), 0);
    EXPECT_EQ(redis().zcard("asynq:workers"), 0);
}

TEST_F(LifecycleTest, LeasesOfRunningTasksAreRenewed) {
    Latch release;
    std::atomic<bool> running = false;
    auto srv = start(
        [&](TaskContext&, const Task&) {
            running = true;
            release.wait();
        },
        {.lease_duration = 2s, .heartbeat_interval = 200ms});
    auto info = client().enqueue(Task("t", "p"));
    ASSERT_TRUE(eventually([&] { return running.load(); }));
    auto first = redis().zrange_withscores("asynq:{default}:lease").at(0).second;
    // Scores are whole seconds: within a few heartbeats the renewal moves it forward.
    ASSERT_TRUE(eventually([&] { return redis().zrange_withscores("asynq:{default}:lease").at(0).second > first; }));
    release.open();
    ASSERT_TRUE(eventually([&] { return !redis().exists("asynq:{default}:t:" + info.id); }));
}

TEST_F(LifecycleTest, StartFailsFastWhenRedisIsUnreachable) {
    RedisOptions unreachable;
    unreachable.port = testing::free_port();
    Server srv(unreachable, fast());
    try {
        srv.start([](TaskContext&, const Task&) {});
        FAIL() << "expected kUnavailable";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::kUnavailable);
        EXPECT_NE(std::string(e.what()).find(std::to_string(unreachable.port)), std::string::npos) << e.what();
    }
}

TEST_F(LifecycleTest, StartTwiceIsRefused) {
    auto srv = start([](TaskContext&, const Task&) {});
    EXPECT_THROW(srv->start([](TaskContext&, const Task&) {}), Error);
}

TEST_F(LifecycleTest, HealthCheckReportsRedisState) {
    std::atomic<int> healthy = 0;
    auto srv = start(
        [](TaskContext&, const Task&) {},
        {.health_check = [&](std::exception_ptr error) { healthy += error ? 0 : 1; }, .health_check_interval = 100ms});
    ASSERT_TRUE(eventually([&] { return healthy >= 2; }));
}

TEST_F(LifecycleTest, InvalidOptionsAreRefusedWhenTheServerIsBuilt) {
    EXPECT_THROW(Server(server().options(), {.concurrency = -2}), Error);
    EXPECT_THROW(Server(server().options(), {.queues = {{"q", 0}}}), Error);
    RedisOptions bad = server().options();
    bad.db = -1;
    EXPECT_THROW(Server(bad, {}), Error);
}

}  // namespace
}  // namespace asynq
