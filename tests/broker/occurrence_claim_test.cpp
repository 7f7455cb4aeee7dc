// The occurrence guard that several schedulers share (src/broker/lua/prelude/once_per_occurrence.lua), over each
// of the six enqueue scripts.
#include <gtest/gtest.h>

#include "broker/broker_test_base.h"

namespace asynq::broker {
namespace {

using namespace std::chrono_literals;

struct PathCase {
    const char* name;
    EnqueuePath path;
    bool unique;
};

class OccurrenceClaimTest : public BrokerTest, public ::testing::WithParamInterface<PathCase> {
protected:
    const std::string claim_key = keys::scheduler_occurrence_key("default", "digest", "1795574700");

    // An enqueue of a fresh task (its own id and payload, so neither id nor unique lock collide) under the claim.
    EnqueueRequest claimed_request(const std::string& id, const std::string& holder) {
        auto m = message("default", id);
        if (GetParam().path == EnqueuePath::kAggregating) m.set_group_key("g");
        auto r = GetParam().unique ? unique_request(std::move(m), 3600s, GetParam().path)
                                   : request(std::move(m), GetParam().path);
        r.process_at = clock().now() + 60s;
        r.claim = OccurrenceClaim{.key = claim_key, .holder = holder, .ttl = 90s};
        return r;
    }
};

TEST_P(OccurrenceClaimTest, FirstClaimEnqueuesAndLaterOnesWriteNothing) {
    EXPECT_EQ(broker().enqueue(claimed_request("first", "scheduler-a")), EnqueueOutcome::kEnqueued);
    EXPECT_EQ(redis().get(claim_key), "scheduler-a");
    EXPECT_GT(redis().pttl(claim_key), 80'000);
    EXPECT_LE(redis().pttl(claim_key), 90'000);
    EXPECT_TRUE(redis().exists("asynq:{default}:t:first"));

    EXPECT_EQ(broker().enqueue(claimed_request("second", "scheduler-b")), EnqueueOutcome::kClaimedElsewhere);
    EXPECT_FALSE(redis().exists("asynq:{default}:t:second"));
    EXPECT_EQ(redis().get(claim_key), "scheduler-a");  // the claim keeps its first holder
    if (GetParam().unique) {
        auto second = claimed_request("second", "scheduler-b");
        EXPECT_FALSE(redis().exists(second.message.unique_key()));  // no lock taken for the skipped occurrence
    }
}

TEST_P(OccurrenceClaimTest, AnotherOccurrenceIsClaimedOnItsOwn) {
    EXPECT_EQ(broker().enqueue(claimed_request("first", "a")), EnqueueOutcome::kEnqueued);
    auto next = claimed_request("second", "b");
    next.claim->key = keys::scheduler_occurrence_key("default", "digest", "1795574760");
    EXPECT_EQ(broker().enqueue(next), EnqueueOutcome::kEnqueued);
    EXPECT_TRUE(redis().exists("asynq:{default}:t:second"));
}

TEST_P(OccurrenceClaimTest, EnqueueWithoutClaimIsUnchanged) {
    auto r = claimed_request("plain", "a");
    r.claim.reset();
    EXPECT_EQ(broker().enqueue(r), EnqueueOutcome::kEnqueued);
    EXPECT_FALSE(redis().exists(claim_key));
}

INSTANTIATE_TEST_SUITE_P(AllEnqueueScripts, OccurrenceClaimTest,
                         ::testing::Values(PathCase{"Pending", EnqueuePath::kPending, false},
                                           PathCase{"PendingUnique", EnqueuePath::kPending, true},
                                           PathCase{"Scheduled", EnqueuePath::kScheduled, false},
                                           PathCase{"ScheduledUnique", EnqueuePath::kScheduled, true},
                                           PathCase{"Group", EnqueuePath::kAggregating, false},
                                           PathCase{"GroupUnique", EnqueuePath::kAggregating, true}),
                         [](const ::testing::TestParamInfo<PathCase>& info) { return info.param.name; });

TEST_F(BrokerTest, ClaimKeysShareTheQueueSlot) {
    EXPECT_EQ(keys::scheduler_occurrence_key("critical", "abc", "every:42"),
              "asynq:{critical}:scheduler_occurrence:abc:every:42");
}

}  // namespace
}  // namespace asynq::broker
