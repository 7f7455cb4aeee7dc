#include "server/attempt.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace asynq::server {
namespace {

using namespace std::chrono_literals;

const util::Clock::TimePoint kNow = util::from_unix_seconds(1795574660) + 400ms;

wire::TaskMessage message(std::int64_t timeout, std::int64_t deadline) {
    wire::TaskMessage m;
    m.set_id("t");
    m.set_timeout(timeout);
    m.set_deadline(deadline);
    return m;
}

// Spec §6.5.
TEST(ComputeDeadline, FollowsGoRules) {
    EXPECT_EQ(compute_deadline(message(0, 0), kNow), kNow + 30min);
    EXPECT_EQ(compute_deadline(message(90, 0), kNow), kNow + 90s);  // sub-second part of now kept
    EXPECT_EQ(compute_deadline(message(0, 1795600000), kNow), util::from_unix_seconds(1795600000));
    // Both: the earlier, in whole seconds.
    EXPECT_EQ(compute_deadline(message(90, 1795600000), kNow), util::from_unix_seconds(1795574660 + 90));
    EXPECT_EQ(compute_deadline(message(90, 1795574700), kNow), util::from_unix_seconds(1795574700));
}

TEST(Attempt, ExactlyOneClaimsTheOutcome) {
    Attempt attempt(message(0, 0), kNow, kNow + 1s, kNow + 30s);
    std::atomic<int> winners = 0;
    {
        std::vector<std::jthread> racers;
        for (int i = 0; i < 8; ++i) racers.emplace_back([&] { winners += attempt.claim_outcome() ? 1 : 0; });
    }
    EXPECT_EQ(winners, 1);
}

TEST(Attempt, KeepsTheFirstStopReason) {
    Attempt attempt(message(0, 0), kNow, kNow + 1s, kNow + 30s);
    EXPECT_FALSE(attempt.stop_token().stop_requested());
    attempt.request_stop(StopReason::kCanceled);
    attempt.request_stop(StopReason::kDeadline);
    EXPECT_TRUE(attempt.stop_token().stop_requested());
    EXPECT_EQ(attempt.stop_reason(), StopReason::kCanceled);
}

TEST(Attempt, LeaseOnlyMovesForward) {
    Attempt attempt(message(0, 0), kNow, kNow + 1s, kNow + 30s);
    EXPECT_TRUE(attempt.lease_valid(kNow + 29s));
    EXPECT_FALSE(attempt.lease_valid(kNow + 30s));
    attempt.extend_lease(kNow + 60s);
    EXPECT_TRUE(attempt.lease_valid(kNow + 59s));
    attempt.extend_lease(kNow + 10s);  // a late, older renewal does not shorten it
    EXPECT_TRUE(attempt.lease_valid(kNow + 59s));
}

}  // namespace
}  // namespace asynq::server
