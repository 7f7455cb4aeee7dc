// Outcome counters and the run-time histogram, per queue and task type.
#include "server/metrics_recorder.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace asynq::server {
namespace {

using namespace std::chrono_literals;

std::size_t bound_index(double seconds) {
    const auto& bounds = processing_duration_bounds();
    return static_cast<std::size_t>(std::find(bounds.begin(), bounds.end(), seconds) - bounds.begin());
}

TEST(MetricsRecorderTest, CountsOutcomesAndRunTimesPerQueueAndType) {
    MetricsRecorder recorder;
    recorder.record("critical", "email", AttemptOutcome::kSucceeded, 3ms);
    recorder.record("critical", "email", AttemptOutcome::kSucceeded, 200ms);
    recorder.record("critical", "email", AttemptOutcome::kRetried, 2s);
    recorder.record("critical", "email", AttemptOutcome::kArchived, 2h);  // beyond the last bound
    recorder.record("default", "email", AttemptOutcome::kRevoked, 0ms);
    recorder.record("critical", "resize", AttemptOutcome::kRequeued, 10s);

    const auto all = recorder.snapshot();
    ASSERT_EQ(all.size(), 3U);
    EXPECT_EQ(all[0].queue, "critical");
    EXPECT_EQ(all[0].task_type, "email");
    EXPECT_EQ(all[1].task_type, "resize");
    EXPECT_EQ(all[2].queue, "default");

    const auto& email = all[0];
    EXPECT_EQ(email.succeeded, 2);
    EXPECT_EQ(email.retried, 1);
    EXPECT_EQ(email.archived, 1);
    EXPECT_EQ(email.revoked, 0);
    EXPECT_EQ(email.duration_count, 4);
    EXPECT_NEAR(email.duration_sum_seconds, 0.003 + 0.2 + 2 + 7200, 1e-9);
    ASSERT_EQ(email.duration_buckets.size(), processing_duration_bounds().size());
    // Cumulative: each bucket counts the attempts at or under its bound.
    EXPECT_EQ(email.duration_buckets[bound_index(0.005)], 1);
    EXPECT_EQ(email.duration_buckets[bound_index(0.1)], 1);
    EXPECT_EQ(email.duration_buckets[bound_index(0.25)], 2);
    EXPECT_EQ(email.duration_buckets[bound_index(2.5)], 3);
    EXPECT_EQ(email.duration_buckets.back(), 3) << "the two-hour attempt is only in the count";

    EXPECT_EQ(all[1].requeued, 1);
    EXPECT_EQ(all[2].revoked, 1);
    EXPECT_EQ(all[2].duration_buckets.front(), 1) << "0 s is within the first bound";
}

TEST(MetricsRecorderTest, TaskTypesBeyondTheCapAreCountedAsOther) {
    MetricsRecorder recorder;
    for (std::size_t i = 0; i < MetricsRecorder::kMaxTaskTypes; ++i) {
        recorder.record("q", "type-" + std::to_string(i), AttemptOutcome::kSucceeded, 1ms);
    }
    recorder.record("q", "new-1", AttemptOutcome::kSucceeded, 1ms);
    recorder.record("q", "new-2", AttemptOutcome::kRetried, 1ms);
    recorder.record("q", "type-7", AttemptOutcome::kSucceeded, 1ms);  // known pairs keep their own line

    const auto all = recorder.snapshot();
    ASSERT_EQ(all.size(), MetricsRecorder::kMaxTaskTypes + 1);
    const auto other = std::find_if(all.begin(), all.end(), [](const auto& m) { return m.task_type == "other"; });
    ASSERT_NE(other, all.end());
    EXPECT_EQ(other->succeeded, 1);
    EXPECT_EQ(other->retried, 1);
    const auto seven = std::find_if(all.begin(), all.end(), [](const auto& m) { return m.task_type == "type-7"; });
    ASSERT_NE(seven, all.end());
    EXPECT_EQ(seven->succeeded, 2);
}

}  // namespace
}  // namespace asynq::server
