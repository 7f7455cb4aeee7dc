// Our server-side operations on state written by Go asynq v0.24.1 (../shared/fixtures).
#include <gtest/gtest.h>

#include "broker/processing_test_base.h"
#include "support/fixtures.h"

namespace asynq::broker {
namespace {

using namespace std::chrono_literals;

constexpr const char* kLiveTask1 = "e0974140-bfc1-4c48-97f1-8f411844717a";  // slow-1
constexpr const char* kLiveTask2 = "80a5fba3-0cdc-4bd3-9f99-482ef010d258";  // slow-2
constexpr std::int64_t kLiveLeaseExpiry = 1795574708;

class GoFixtureOpsTest : public ProcessingTest {
protected:
    testing::Dump load(const std::string& scenario) {
        auto dump = testing::load_fixture(scenario);
        testing::write_dump(redis(), dump);
        return dump;
    }
};

TEST_F(GoFixtureOpsTest, ActiveGoTaskIsFinishedWithDone) {
    load("live_server");
    clock().set(util::from_unix_seconds(1795574690));  // while Go's leases were valid
    auto m = stored_message("default", kLiveTask1);
    EXPECT_EQ(m.type(), "slow:job");
    EXPECT_EQ(m.payload(), "slow-1");
    EXPECT_EQ(m.timeout(), 120);

    ASSERT_TRUE(broker().done(m));
    EXPECT_FALSE(redis().exists(keys::task_key("default", kLiveTask1)));
    EXPECT_EQ(redis().lrange("asynq:{default}:active"), Strings{kLiveTask2});
    EXPECT_EQ(zmembers("asynq:{default}:lease"), Strings{kLiveTask2});
    EXPECT_EQ(redis().get("asynq:{default}:processed"), "1");
    EXPECT_EQ(redis().get("asynq:{default}:processed:2026-11-25"), "1");
}

TEST_F(GoFixtureOpsTest, GoLeasesExpireAndAreExtendedByUs) {
    load("live_server");
    std::vector<BadTask> bad;
    EXPECT_TRUE(broker().list_lease_expired("default", util::from_unix_seconds(kLiveLeaseExpiry - 1), bad).empty());
    auto expired = broker().list_lease_expired("default", util::from_unix_seconds(kLiveLeaseExpiry), bad);
    ASSERT_EQ(expired.size(), 2u);
    EXPECT_TRUE(bad.empty());
    for (const auto& m : expired) EXPECT_EQ(m.type(), "slow:job");

    const Strings ids = {kLiveTask1, kLiveTask2};
    broker().extend_leases("default", ids, util::from_unix_seconds(kLiveLeaseExpiry + 5));
    EXPECT_EQ(score("asynq:{default}:lease", kLiveTask1), kLiveLeaseExpiry + 5);
    EXPECT_EQ(score("asynq:{default}:lease", kLiveTask2), kLiveLeaseExpiry + 5);

    // The recoverer's path: a lease-expired Go task goes to retry with Go's error text.
    clock().set(util::from_unix_seconds(kLiveLeaseExpiry + 60));
    ASSERT_TRUE(broker().retry(expired[0], clock().now() + 30s, "asynq: task lease expired", true));
    EXPECT_EQ(redis().hget(keys::task_key("default", expired[0].id()), "state"), "retry");
}

TEST_F(GoFixtureOpsTest, GoTasksInEveryStateMoveThroughOurOperations) {
    load("all_states");
    clock().set(util::from_unix_seconds(1795574724));  // just after the dump

    // The pending Go task: dequeued, completed with retention.
    auto result = take("mixed");
    ASSERT_TRUE(result.task);
    EXPECT_EQ(result.task->message.type(), "s:pending");
    EXPECT_TRUE(result.bad_tasks.empty());
    ASSERT_TRUE(broker().done(result.task->message));
    EXPECT_EQ(redis().get("asynq:{mixed}:processed"), "4");  // Go counted 3
    EXPECT_EQ(redis().get("asynq:{mixed}:processed:2026-11-25"), "4");
    EXPECT_EQ(redis().get("asynq:{mixed}:failed"), "2");

    // An hour later the retry and scheduled tasks are due; the aggregating one stays in its group.
    clock().set(util::from_unix_seconds(1795578323));
    EXPECT_EQ(broker().forward_due_tasks("mixed"), 2);
    EXPECT_FALSE(redis().exists("asynq:{mixed}:retry"));
    EXPECT_FALSE(redis().exists("asynq:{mixed}:scheduled"));
    EXPECT_EQ(redis().llen("asynq:{mixed}:pending"), 2);
    EXPECT_EQ(redis().zcard("asynq:{mixed}:g:grp"), 1);

    // Go's retried task (MaxRetry 5, failed once) fails again under us, then the scheduled one completes.
    result = take("mixed");
    ASSERT_TRUE(result.task);
    EXPECT_EQ(result.task->message.type(), "s:scheduled");  // forwarded first (scheduled before retry)
    auto scheduled = result.task->message;
    scheduled.set_retention(3600);
    ASSERT_TRUE(broker().mark_as_complete(scheduled));

    result = take("mixed");
    ASSERT_TRUE(result.task);
    EXPECT_EQ(result.task->message.type(), "s:retry");
    EXPECT_EQ(result.task->message.retried(), 1);
    EXPECT_EQ(result.task->message.error_msg(), "failed on purpose");
    ASSERT_TRUE(broker().archive(result.task->message, "failed again"));
    EXPECT_EQ(redis().zcard("asynq:{mixed}:archived"), 2);  // Go's archived task is kept
    EXPECT_EQ(stored_message("mixed", result.task->message.id()).retried(), 1);

    // Go's completed task expired at 1795578322: the janitor deletes it, not ours (kept until +1h).
    EXPECT_EQ(broker().delete_expired_completed("mixed", 100), 1);
    EXPECT_EQ(zmembers("asynq:{mixed}:completed"), Strings{scheduled.id()});
}

}  // namespace
}  // namespace asynq::broker
