// Inspector queries of servers, workers and schedulers on a real Redis (spec §4.22.15): Go-written heartbeats,
// our own running Server, stale heartbeat members pruned as Go's readers do (§7.9.7).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>

#include "asynq/errors.h"
#include "asynq/inspector.h"
#include "asynq/scheduler.h"
#include "server/server_test_base.h"
#include "support/error_of.h"
#include "support/fixture_now.h"

namespace asynq {
namespace {

using namespace std::chrono_literals;
using testing::code_of;
using testing::fixture_now;
using testing::unix_s;
using ServerQueriesTest = ServerTest;

std::chrono::system_clock::time_point at(std::int64_t seconds, std::int64_t nanos = 0) {
    return std::chrono::system_clock::time_point(std::chrono::duration_cast<std::chrono::system_clock::duration>(
        std::chrono::seconds(seconds) + std::chrono::nanoseconds(nanos)));
}

// live_server.json: Go server vm:6277 (concurrency 4, default=2, low=1) running two slow:job tasks.
TEST_F(ServerQueriesTest, GoServerAndItsWorkersAreListed) {
    testing::write_dump(redis(), fixture_now("live_server"));
    Inspector inspector(server().options());
    const auto servers = inspector.servers();
    ASSERT_EQ(servers.size(), 1u);
    const auto& s = servers[0];
    EXPECT_EQ(s.id, "8ba483ab-a08c-4e68-ad4c-77cc4bcafdd8");
    EXPECT_EQ(s.host, "vm");
    EXPECT_EQ(s.pid, 6277);
    EXPECT_EQ(s.concurrency, 4);
    EXPECT_EQ(s.queues, (std::map<std::string, int>{{"default", 2}, {"low", 1}}));
    EXPECT_FALSE(s.strict_priority);
    EXPECT_EQ(s.status, "active");
    EXPECT_EQ(s.started, at(1795574673, 569423930));
    ASSERT_EQ(s.active_workers.size(), 2u);
    // Oldest start first: slow-1 started 0.3 ms before slow-2.
    EXPECT_EQ(s.active_workers[0].task_id, "e0974140-bfc1-4c48-97f1-8f411844717a");
    EXPECT_EQ(s.active_workers[0].task_payload, "slow-1");
    const auto& w = s.active_workers[1];
    EXPECT_EQ(w.task_id, "80a5fba3-0cdc-4bd3-9f99-482ef010d258");
    EXPECT_EQ(w.task_type, "slow:job");
    EXPECT_EQ(w.task_payload, "slow-2");
    EXPECT_EQ(w.queue, "default");
    EXPECT_EQ(w.started, at(1795574673, 572035241));
    EXPECT_EQ(w.deadline, at(1795574793, 572035181));
}

TEST_F(ServerQueriesTest, ExpiredHeartbeatsAreNotListedAndArePrunedAsGoDoes) {
    testing::write_dump(redis(), fixture_now("live_server"));
    // As it was when the dump was taken: the Go server's heartbeat expired long ago.
    redis().command(
        {"ZADD", "asynq:servers", "1795574688", "asynq:servers:{vm:6277:8ba483ab-a08c-4e68-ad4c-77cc4bcafdd8}"});
    redis().command(
        {"ZADD", "asynq:workers", "1795574688", "asynq:workers:{vm:6277:8ba483ab-a08c-4e68-ad4c-77cc4bcafdd8}"});
    Inspector inspector(server().options());
    EXPECT_TRUE(inspector.servers().empty());
    EXPECT_EQ(redis().zcard("asynq:servers"), 0);
    EXPECT_EQ(redis().zcard("asynq:workers"), 0);

    testing::write_dump(redis(), fixture_now("scheduler"));
    redis().command({"ZADD", "asynq:schedulers", "1795574726", "asynq:schedulers:{old:1:gone}"});
    EXPECT_EQ(inspector.scheduler_entries().size(), 2u);
    EXPECT_EQ(redis().zcard("asynq:schedulers"), 1);  // only the live one is left
}

TEST_F(ServerQueriesTest, OurRunningServerShowsItsActiveWorkers) {
    std::mutex mu;
    std::condition_variable cv;
    bool release = false;
    auto running = start(
        [&](TaskContext&, const Task&) {
            std::unique_lock lock(mu);
            cv.wait(lock, [&] { return release; });
        },
        {.concurrency = 3, .queues = {{"busy", 3}, {"idle", 1}}, .heartbeat_interval = 100ms});
    const auto enqueued = client().enqueue(Task("block:me", "payload-1"), {.queue = "busy"});
    Inspector inspector(server().options());
    std::vector<ServerInfo> servers;
    const bool seen = testing::eventually([&] {
        servers = inspector.servers();
        return servers.size() == 1 && servers[0].active_workers.size() == 1;
    });
    {
        std::lock_guard lock(mu);
        release = true;
    }
    cv.notify_all();
    ASSERT_TRUE(seen);
    const auto& s = servers[0];
    EXPECT_EQ(s.pid, static_cast<int>(::getpid()));
    EXPECT_EQ(s.concurrency, 3);
    EXPECT_EQ(s.queues, (std::map<std::string, int>{{"busy", 3}, {"idle", 1}}));
    EXPECT_EQ(s.status, "active");
    EXPECT_FALSE(s.id.empty());
    const auto& w = s.active_workers[0];
    EXPECT_EQ(w.task_id, enqueued.id);
    EXPECT_EQ(w.task_type, "block:me");
    EXPECT_EQ(w.task_payload, "payload-1");
    EXPECT_EQ(w.queue, "busy");
    EXPECT_GT(w.deadline, w.started);

    // The same task as an active task of the queue; once released it is no longer listed.
    ASSERT_TRUE(testing::eventually([&] { return inspector.list_active_tasks("busy").empty(); }));
}

// scheduler.json: a Go scheduler with a cron entry (fired once) and an @every 20s entry (fired twice).
TEST_F(ServerQueriesTest, GoSchedulerEntriesAndHistoryAreListed) {
    testing::write_dump(redis(), fixture_now("scheduler"));
    Inspector inspector(server().options());
    const auto entries = inspector.scheduler_entries();
    ASSERT_EQ(entries.size(), 2u);
    const auto& cron = entries[0];
    EXPECT_EQ(cron.id, "ea425a9a-4921-43b9-8393-300923c95a97");
    EXPECT_EQ(cron.spec, "* * * * *");
    EXPECT_EQ(cron.task_type, "cron:minutely");
    EXPECT_EQ(cron.task_payload, R"({"k":1})");
    EXPECT_EQ(cron.options, (std::vector<std::string>{R"(Queue("critical"))", "MaxRetry(2)"}));
    EXPECT_EQ(cron.next_enqueue, at(1795574760));
    EXPECT_EQ(cron.prev_enqueue, at(1795574700));
    const auto& every = entries[1];
    EXPECT_EQ(every.id, "33231f4e-19e5-4129-afc2-ee3a02d00de7");
    EXPECT_EQ(every.spec, "@every 20s");
    EXPECT_EQ(every.task_payload, "ping");
    EXPECT_EQ(every.options, (std::vector<std::string>{"Timeout(30s)"}));
    EXPECT_EQ(every.next_enqueue, at(1795574741));
    EXPECT_EQ(every.prev_enqueue, at(1795574721));

    const auto events = inspector.scheduler_enqueue_events(every.id);
    EXPECT_EQ(events, (std::vector<SchedulerEnqueueEvent>{
                          {"5d6e52d1-139d-4548-bcc3-e3192aacd6eb", at(1795574721, 1634340)},
                          {"ad04fe33-4921-4688-84e0-f69a08f3f9b7", at(1795574701, 740724)}}));  // newest first
    const auto second = inspector.scheduler_enqueue_events(every.id, {.page = 2, .page_size = 1});
    ASSERT_EQ(second.size(), 1u);
    EXPECT_EQ(second[0].task_id, "ad04fe33-4921-4688-84e0-f69a08f3f9b7");
    EXPECT_TRUE(inspector.scheduler_enqueue_events(every.id, {.page = 3, .page_size = 1}).empty());
    EXPECT_EQ(inspector.scheduler_enqueue_events(cron.id).size(), 1u);
    EXPECT_TRUE(inspector.scheduler_enqueue_events("no-such-entry").empty());
    EXPECT_EQ(code_of([&] { inspector.scheduler_enqueue_events(every.id, {.page = 0}); }), ErrorCode::kInvalidArgument);
}

TEST_F(ServerQueriesTest, OurSchedulerEntryAndItsEnqueuesAreListed) {
    Scheduler scheduler(server().options(), {.heartbeat_interval = 100ms, .logger = [](LogLevel, std::string_view) {}});
    const auto entry_id =
        scheduler.register_task("@every 1s", Task("tick", "x"), {.queue = "critical", .max_retry = 2});
    const auto before = std::chrono::system_clock::now();
    scheduler.start();
    Inspector inspector(server().options());
    std::vector<SchedulerEntry> entries;
    ASSERT_TRUE(testing::eventually([&] {
        entries = inspector.scheduler_entries();
        return entries.size() == 1;
    }));
    const auto& entry = entries[0];
    EXPECT_EQ(entry.id, entry_id);
    EXPECT_EQ(entry.spec, "@every 1s");
    EXPECT_EQ(entry.task_type, "tick");
    EXPECT_EQ(entry.task_payload, "x");
    EXPECT_NE(std::find(entry.options.begin(), entry.options.end(), R"(Queue("critical"))"), entry.options.end());
    EXPECT_NE(std::find(entry.options.begin(), entry.options.end(), "MaxRetry(2)"), entry.options.end());
    EXPECT_GT(entry.next_enqueue, before);

    // The first enqueue shows in the entry's history, naming a task that is in the queue.
    std::vector<SchedulerEnqueueEvent> events;
    ASSERT_TRUE(testing::eventually([&] {
        events = inspector.scheduler_enqueue_events(entry_id);
        return !events.empty();
    }));
    EXPECT_GE(events[0].enqueued_at, before - 1s);
    const auto task = inspector.get_task_info("critical", events[0].task_id);
    EXPECT_EQ(task.type, "tick");
    EXPECT_EQ(task.max_retry, 2);

    scheduler.shutdown();  // removes its entries, as Go's
    EXPECT_TRUE(inspector.scheduler_entries().empty());
}

TEST_F(ServerQueriesTest, NothingRunningListsNothing) {
    Inspector inspector(server().options());
    EXPECT_TRUE(inspector.servers().empty());
    EXPECT_TRUE(inspector.scheduler_entries().empty());
}

}  // namespace
}  // namespace asynq
