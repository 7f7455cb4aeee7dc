// A server counts its attempts by outcome and run time, publishes them with each heartbeat, and the Inspector
// reads them back; a stopped server's metrics go with its other state.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>

#include "asynq/inspector.h"
#include "server_test_base.h"
#include "support/fixture_now.h"
#include "support/fixtures.h"

namespace asynq {
namespace {

using namespace std::chrono_literals;
using testing::eventually;

class ServerMetricsTest : public ServerTest {};

const TaskTypeMetrics* find(const std::vector<TaskTypeMetrics>& all, const std::string& queue,
                            const std::string& type) {
    for (const auto& metrics : all) {
        if (metrics.queue == queue && metrics.task_type == type) return &metrics;
    }
    return nullptr;
}

TEST_F(ServerMetricsTest, OutcomesAndRunTimesArePublishedAndCleared) {
    for (int i = 0; i < 3; ++i) client().enqueue(Task("ok", "x"));
    client().enqueue(Task("fail", "retry me"), {.max_retry = 3});
    client().enqueue(Task("fail", "no retries"), {.max_retry = 0});
    client().enqueue(Task("skip", "x"), {.queue = "low"});
    client().enqueue(Task("revoke", "x"), {.queue = "low"});

    Inspector inspector(server().options());
    {
        auto srv = start(
            [](TaskContext&, const Task& task) {
                if (task.type() == "fail") throw std::runtime_error("boom");
                if (task.type() == "skip") throw SkipRetry("bad input");
                if (task.type() == "revoke") throw RevokeTask("not wanted");
            },
            {.queues = {{"default", 1}, {"low", 1}},
             .retry_delay = [](int, const std::exception&, const Task&) { return std::chrono::nanoseconds(1h); },
             .heartbeat_interval = 100ms});

        std::vector<ServerMetrics> published;
        ASSERT_TRUE(eventually([&] {
            published = inspector.server_metrics();
            if (published.size() != 1) return false;
            const auto* ok = find(published[0].tasks, "default", "ok");
            const auto* skip = find(published[0].tasks, "low", "skip");
            const auto* revoke = find(published[0].tasks, "low", "revoke");
            const auto* fail = find(published[0].tasks, "default", "fail");
            return ok != nullptr && ok->succeeded == 3 && fail != nullptr && fail->retried + fail->archived == 2 &&
                   skip != nullptr && skip->archived == 1 && revoke != nullptr && revoke->revoked == 1;
        })) << "metrics never showed every outcome";

        const ServerMetrics& metrics = published[0];
        EXPECT_EQ(metrics.server_id, srv->id());
        EXPECT_EQ(metrics.pid, static_cast<int>(::getpid()));
        EXPECT_EQ(metrics.duration_bounds, processing_duration_bounds());
        EXPECT_LT(std::chrono::system_clock::now() - metrics.updated, 1min);
        const auto* fail = find(metrics.tasks, "default", "fail");
        EXPECT_EQ(fail->retried, 1);
        EXPECT_EQ(fail->archived, 1);
        EXPECT_EQ(fail->succeeded, 0);
        for (const auto& task : metrics.tasks) {
            const auto outcomes = task.succeeded + task.retried + task.archived + task.revoked + task.requeued;
            EXPECT_EQ(task.duration_count, outcomes) << task.task_type;
            ASSERT_EQ(task.duration_buckets.size(), processing_duration_bounds().size());
            EXPECT_TRUE(std::is_sorted(task.duration_buckets.begin(), task.duration_buckets.end()));
            EXPECT_EQ(task.duration_buckets.back(), task.duration_count) << "every attempt took under an hour";
            EXPECT_GE(task.duration_sum_seconds, 0);
        }
        // The same figures in-process, and a TTL like the server's own key.
        EXPECT_EQ(find(srv->metrics(), "default", "ok")->succeeded, 3);
        const auto key =
            "asynq:server_metrics:{" + metrics.host + ":" + std::to_string(metrics.pid) + ":" + metrics.server_id + "}";
        EXPECT_GT(redis().pttl(key), 0);
        EXPECT_LE(redis().pttl(key), 1000);  // twice the 100 ms heartbeat, rounded up to a second
    }
    EXPECT_TRUE(inspector.server_metrics().empty()) << "a shut-down server's metrics are removed";
    const auto keys = redis().keys();
    EXPECT_TRUE(std::none_of(keys.begin(), keys.end(),
                             [](const std::string& key) { return key.rfind("asynq:server_metrics:", 0) == 0; }));
}

TEST_F(ServerMetricsTest, GoServersWithoutMetricsAreSkipped) {
    testing::write_dump(redis(), testing::fixture_now("live_server"));  // a live Go server's heartbeat keys
    Inspector inspector(server().options());
    ASSERT_FALSE(inspector.servers().empty());
    EXPECT_TRUE(inspector.server_metrics().empty());
}

}  // namespace
}  // namespace asynq
