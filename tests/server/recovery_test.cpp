// At-least-once delivery when things go wrong: crashed workers (ours and Go's), undecodable data, Redis restarts.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include "server_test_base.h"
#include "support/fixtures.h"

extern char** environ;

namespace asynq {
namespace {

using namespace std::chrono_literals;
using testing::eventually;

class RecoveryTest : public ServerTest {};

ServerOptions recovering(ServerOptions options = {}) {
    options.lease_duration = 2s;
    options.heartbeat_interval = 500ms;
    options.recoverer_interval = 300ms;
    options.recovery_grace = 1s;
    options.retry_delay = [](int, const std::exception&, const Task&) { return std::chrono::seconds(0); };
    return options;
}

// Go's server died mid-task (live_server.json: two active tasks with leases long expired). Ours recovers them
// with Go's error text and processes them again.
TEST_F(RecoveryTest, TasksOfACrashedGoWorkerAreRecoveredAndProcessed) {
    testing::write_dump(redis(), testing::load_fixture("live_server"));
    auto active = redis().lrange("asynq:{default}:active");
    ASSERT_EQ(active.size(), 2u);
    Seen seen;
    auto srv =
        start([&](TaskContext& context, const Task& task) { seen.add(context.task_id() + "|" + task.payload()); },
              recovering());
    ASSERT_TRUE(eventually([&] { return seen.count() == 2; }));
    std::multiset<std::string> ids;
    for (auto& item : seen.items()) ids.insert(item.substr(0, item.find('|')));
    EXPECT_EQ(ids, std::multiset<std::string>(active.begin(), active.end()));
    std::multiset<std::string> payloads;
    for (auto& item : seen.items()) payloads.insert(item.substr(item.find('|') + 1));
    EXPECT_EQ(payloads, (std::multiset<std::string>{"slow-1", "slow-2"}));
    // Successes are acknowledged after the handler returns (batched by the fetcher): wait for them.
    EXPECT_TRUE(eventually([&] { return redis().llen("asynq:{default}:active") == 0; }));
    EXPECT_EQ(counter("asynq:{default}:failed"), 2);  // each recovery counts as a failure, as in Go
}

// A damaged queue (its lease zset is a string, so every recovery call on it fails) is reported and does not stop
// recovery in the queues served after it.
TEST_F(RecoveryTest, ADamagedQueueDoesNotStopRecoveryOfTheOthers) {
    testing::write_dump(redis(), testing::load_fixture("live_server"));  // two dead-lease tasks in "default"
    redis().command({"SET", "asynq:{broken}:lease", "not a zset"});
    Seen seen;
    auto srv = start([&](TaskContext&, const Task& task) { seen.add(task.payload()); },
                     recovering({.queues = {{"broken", 1}, {"default", 1}}}));
    ASSERT_TRUE(eventually([&] { return seen.count() == 2; }));
    EXPECT_EQ(seen.items(), (std::multiset<std::string>{"slow-1", "slow-2"}));
}

TEST_F(RecoveryTest, UndecodableTaskIsMovedAsideAndDoesNotBlockOthers) {
    redis().command({"HSET", "asynq:{default}:t:garbage", "msg", "\xff\x01\x02", "state", "pending"});
    redis().command({"RPUSH", "asynq:{default}:pending", "garbage"});  // the next to be dequeued
    Seen seen;
    auto srv = start([&](TaskContext&, const Task& task) { seen.add(task.payload()); });
    client().enqueue(Task("t", "good"));
    ASSERT_TRUE(eventually([&] { return seen.count() == 1; }));
    // The bad task is moved aside by a second round trip after its dequeue; another worker may finish the good
    // task first.
    ASSERT_TRUE(eventually([&] { return state_of("default", "garbage") == "archived"; }));
    EXPECT_EQ(redis().hget("asynq:{default}:t:garbage", "msg"), std::string("\xff\x01\x02"));  // not rewritten
    EXPECT_TRUE(in_zset("asynq:{default}:archived", "garbage"));
    EXPECT_TRUE(eventually([&] { return redis().llen("asynq:{default}:active") == 0; }));
}

// A worker process is killed with SIGKILL while it holds tasks. Another server processes every task of the
// batch, the killed worker's ones after their lease runs out: none is lost.
TEST_F(RecoveryTest, TasksOfAKilledWorkerProcessAreProcessedByAnother) {
    std::vector<std::string> ids;
    for (int i = 0; i < 12; ++i) ids.push_back(client().enqueue(Task("crash:job", std::to_string(i))).id);

    std::string port = std::to_string(server().port());
    std::vector<std::string> args = {ASYNQ_TEST_WORKER_PATH, port, "4", "2"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t worker = 0;
    ASSERT_EQ(posix_spawn(&worker, argv[0], nullptr, nullptr, argv.data(), environ), 0);
    ASSERT_TRUE(eventually([&] { return redis().smembers("test:started").size() == 4; }));
    ASSERT_EQ(redis().llen("asynq:{default}:active"), 4);
    ::kill(worker, SIGKILL);
    int status = 0;
    ::waitpid(worker, &status, 0);
    auto held = redis().smembers("test:started");

    Seen seen;
    auto srv = start([&](TaskContext& context, const Task&) { seen.add(context.task_id()); }, recovering());
    ASSERT_TRUE(
        eventually([&] { return seen.count() >= ids.size() && redis().llen("asynq:{default}:active") == 0; }, 60s));
    auto processed = seen.items();
    for (auto& id : ids) EXPECT_TRUE(processed.count(id)) << "lost: " << id;
    for (auto& id : held) EXPECT_EQ(processed.count(id), 1u) << id;
    EXPECT_EQ(redis().zcard("asynq:{default}:retry") + redis().llen("asynq:{default}:pending"), 0);
}

// Redis restarts (with persistence) while workers are busy: they reconnect and every enqueued task is processed.
TEST(RedisRestartTest, EveryTaskIsProcessedAcrossARedisRestart) {
    testing::RedisServer redis_server({.extra_args = {"--appendonly", "yes", "--appendfsync", "always"}});
    Client client(redis_server.options());
    std::vector<std::string> ids;
    std::vector<BatchItem> items;
    for (int i = 0; i < 300; ++i) items.push_back({Task("t", std::to_string(i)), {}});
    for (auto& r : client.enqueue_batch(items)) {
        ASSERT_TRUE(r.ok());
        ids.push_back(r.info->id);
    }
    Seen seen;
    std::atomic<int> started = 0;
    Latch restarted;
    Server server(redis_server.options(),
                  ServerTest::fast({.concurrency = 4, .retry_delay = [](int, const std::exception&, const Task&) {
                                        return std::chrono::seconds(0);
                                    }}));
    server.start([&](TaskContext& context, const Task&) {
        ++started;
        restarted.wait();  // the first tasks are still running when Redis goes away
        seen.add(context.task_id());
    });
    ASSERT_TRUE(eventually([&] { return started >= 4; }));
    redis_server.restart();  // SIGTERM (AOF flushed), then the same port and directory: data reloaded
    restarted.open();
    ASSERT_TRUE(eventually(
        [&] {
            auto processed = seen.items();
            return std::all_of(ids.begin(), ids.end(), [&](auto& id) { return processed.count(id) > 0; });
        },
        90s))
        << seen.count() << " processed";
    testing::TestRedis check(redis_server);
    ASSERT_TRUE(eventually([&] { return check.llen("asynq:{default}:active") == 0; }, 60s));
    EXPECT_EQ(check.llen("asynq:{default}:pending"), 0);
    server.shutdown();
}

}  // namespace
}  // namespace asynq
