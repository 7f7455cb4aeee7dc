// asynq::Scheduler on a real Redis: entries fire on schedule into their queue, are listed where Go's
// `asynq cron ls` reads them, record their history, and are cleared at shutdown.
#include "asynq/scheduler.h"

#include <gtest/gtest.h>

#include <atomic>

#include "asynq/errors.h"
#include "broker/proto/asynq.pb.h"
#include "support/eventually.h"
#include "support/test_redis.h"

namespace asynq {
namespace {

using namespace std::chrono_literals;
using testing::eventually;

class SchedulerTest : public testing::RedisTest {
protected:
    SchedulerOptions quiet(SchedulerOptions options = {}) {
        options.logger = [](LogLevel, std::string_view) {};
        if (options.heartbeat_interval == 0ms) options.heartbeat_interval = 200ms;
        return options;
    }
};

TEST_F(SchedulerTest, EntriesFireAreListedForGoAndRecordTheirHistory) {
    std::atomic<int> pre = 0, post_ok = 0;
    Scheduler scheduler(server().options(),
                        quiet({.pre_enqueue = [&](const Task&, const EnqueueOptions&) { ++pre; },
                               .post_enqueue =
                                   [&](const TaskInfo* info, const std::exception* error) {
                                       if (info != nullptr && error == nullptr && info->queue == "critical") ++post_ok;
                                   }}));
    const std::string entry_id =
        scheduler.register_task("@every 1s", Task("cron:tick", "p"), {.queue = "critical", .max_retry = 2});
    scheduler.start();
    // The post hook and the history follow each enqueue, so wait for them too rather than race them.
    ASSERT_TRUE(eventually(
        [&] {
            return redis().llen("asynq:{critical}:pending") >= 2 && post_ok >= 2 &&
                   redis().zcard("asynq:scheduler_history:" + entry_id) >= 2;
        },
        20s));
    EXPECT_GE(pre, 2);

    const std::string key = "asynq:schedulers:{" + scheduler.id() + "}";
    ASSERT_TRUE(eventually([&] { return redis().lrange(key).size() == 1; }));
    wire::SchedulerEntry entry;
    ASSERT_TRUE(entry.ParseFromString(redis().lrange(key)[0]));
    EXPECT_EQ(entry.id(), entry_id);
    EXPECT_EQ(entry.spec(), "@every 1s");
    EXPECT_EQ(entry.task_type(), "cron:tick");
    EXPECT_EQ(entry.task_payload(), "p");
    EXPECT_EQ(std::vector<std::string>(entry.enqueue_options().begin(), entry.enqueue_options().end()),
              (std::vector<std::string>{"Queue(\"critical\")", "MaxRetry(2)"}));
    EXPECT_GT(entry.next_enqueue_time().seconds(), 0);
    EXPECT_EQ(redis().zrange_withscores("asynq:schedulers").at(0).first, key);

    const auto history = redis().zrange_withscores("asynq:scheduler_history:" + entry_id);
    ASSERT_GE(history.size(), 2u);
    wire::SchedulerEnqueueEvent event;
    ASSERT_TRUE(event.ParseFromString(history.back().first));
    EXPECT_TRUE(redis().exists("asynq:{critical}:t:" + event.task_id())) << event.task_id();

    scheduler.shutdown();
    EXPECT_FALSE(redis().exists(key));
    EXPECT_FALSE(redis().exists("asynq:scheduler_history:" + entry_id));
    EXPECT_EQ(redis().zcard("asynq:schedulers"), 0);
}

TEST_F(SchedulerTest, UnregisteredEntriesStopFiring) {
    Scheduler scheduler(server().options(), quiet());
    const std::string id = scheduler.register_task("@every 1s", Task("gone"));
    scheduler.unregister_task(id);
    const std::string kept = scheduler.register_task("@every 1s", Task("kept"));
    scheduler.start();
    ASSERT_TRUE(eventually([&] { return redis().llen("asynq:{default}:pending") >= 2; }, 20s));
    for (const auto& task_id : redis().lrange("asynq:{default}:pending")) {
        wire::TaskMessage message;
        ASSERT_TRUE(message.ParseFromString(redis().hget("asynq:{default}:t:" + task_id, "msg").value_or("")));
        EXPECT_EQ(message.type(), "kept");
    }
    try {
        scheduler.unregister_task(id);
        FAIL() << "unregistering twice must fail";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::kNotFound);
    }
}

std::int64_t unix_seconds_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

TEST_F(SchedulerTest, TwoSchedulersRunningTheSameEntryEnqueueEachOccurrenceOnce) {
    Scheduler a(server().options(), quiet());
    Scheduler b(server().options(), quiet());
    const EnqueueOptions options{.queue = "shared", .max_retry = 3};
    a.register_task("@every 1s", Task("tick", "p"), options);
    b.register_task("@every 1s", Task("tick", "p"), options);
    const auto first_window = unix_seconds_now();
    a.start();
    b.start();
    ASSERT_TRUE(eventually([&] { return redis().llen("asynq:{shared}:pending") >= 4; }, 30s));
    a.shutdown();
    b.shutdown();
    const auto last_window = unix_seconds_now();

    // Both fire once a second; apart they would enqueue about two tasks per second, together at most one.
    const auto tasks = redis().llen("asynq:{shared}:pending");
    EXPECT_LE(tasks, last_window - first_window + 1) << "windows " << first_window << ".." << last_window;
    // One claim per task, each held by one of the two schedulers.
    int claims = 0;
    for (const auto& key : redis().keys()) {
        if (key.rfind("asynq:{shared}:scheduler_occurrence:", 0) != 0) continue;
        ++claims;
        const auto holder = redis().get(key);
        EXPECT_TRUE(holder == a.id() || holder == b.id()) << key;
        EXPECT_GT(redis().pttl(key), 0) << key;
    }
    EXPECT_EQ(claims, tasks);
}

TEST_F(SchedulerTest, WithoutSharingEachSchedulerEnqueuesEveryOccurrenceAsGoDoes) {
    Scheduler a(server().options(), quiet({.one_enqueue_per_occurrence = false}));
    Scheduler b(server().options(), quiet({.one_enqueue_per_occurrence = false}));
    const std::string entry_a = a.register_task("@every 1s", Task("tick"));
    const std::string entry_b = b.register_task("@every 1s", Task("tick"));
    a.start();
    b.start();
    ASSERT_TRUE(eventually(
        [&] {
            return redis().zcard("asynq:scheduler_history:" + entry_a) >= 2 &&
                   redis().zcard("asynq:scheduler_history:" + entry_b) >= 2;
        },
        30s));
    for (const auto& key : redis().keys()) EXPECT_EQ(key.find("scheduler_occurrence"), std::string::npos) << key;
}

TEST_F(SchedulerTest, BadSpecsOptionsAndLocationsAreRefusedClearly) {
    Scheduler scheduler(server().options(), quiet());
    try {
        scheduler.register_task("61 * * * *", Task("t"));
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
        EXPECT_NE(std::string(e.what()).find("minute"), std::string::npos) << e.what();
    }
    EXPECT_THROW(scheduler.register_task("* * * * *", Task("t"), {.max_retry = -1}), Error);
    try {
        Scheduler elsewhere(server().options(), quiet({.location = "Mars/Olympus"}));
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("Mars/Olympus"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace asynq
