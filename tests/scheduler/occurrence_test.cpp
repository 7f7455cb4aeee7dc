#include "scheduler/occurrence.h"

#include <gtest/gtest.h>

#include "scheduler/entry_identity.h"

namespace asynq::scheduler {
namespace {

using namespace std::chrono_literals;
using TimePoint = std::chrono::system_clock::time_point;

TimePoint at(std::int64_t unix_seconds) { return TimePoint(std::chrono::seconds(unix_seconds)); }

CronSchedule parse(std::string_view spec) { return CronSchedule::parse(spec, cctz::utc_time_zone()); }

TEST(Occurrence, ACronActivationIsNamedByItsTime) {
    const auto schedule = parse("*/5 * * * *");
    const auto occurrence = occurrence_of(schedule, at(1795574700), at(1795575000));
    EXPECT_EQ(occurrence.name, "1795574700");
    EXPECT_EQ(occurrence.claim_ttl, 50min);  // ten periods of 5 min
}

TEST(Occurrence, CronClaimsLastTenPeriodsWithinAMinuteAndAnHour) {
    EXPECT_EQ(occurrence_of(parse("* * * * *"), at(1795574700), at(1795574760)).claim_ttl, 10min);
    EXPECT_EQ(occurrence_of(parse("@daily"), at(1795574700), at(1795660800)).claim_ttl, 1h);
    // No following activation (robfig's zero time): the longest claim.
    EXPECT_EQ(occurrence_of(parse("0 0 30 2 *"), at(1795574700), TimePoint{}).claim_ttl, 1h);
}

// A peer started later fires up to a period after the first claim, still in its window: an `@every 2h` claim taken
// at the start of a window must still hold two hours later.
TEST(Occurrence, EveryClaimsOutlastTheirWindow) {
    EXPECT_EQ(occurrence_of(parse("@every 1s"), at(1795574700), at(1795574701)).claim_ttl, 61s);
    EXPECT_EQ(occurrence_of(parse("@every 30s"), at(1795574700), at(1795574730)).claim_ttl, 90s);
    const auto schedule = parse("@every 2h");
    const auto window_start = (1795574700 / 7200) * 7200;
    const auto first = occurrence_of(schedule, at(window_start + 600), at(window_start + 600 + 7200));
    const auto late_peer_fires_at = window_start + 7200 - 1;
    EXPECT_EQ(occurrence_of(schedule, at(late_peer_fires_at), at(late_peer_fires_at + 7200)).name, first.name);
    EXPECT_GT(std::chrono::seconds(window_start + 600) + first.claim_ttl, std::chrono::seconds(late_peer_fires_at));
}

TEST(Occurrence, EveryActivationsOfDifferentStartsShareEpochAlignedWindows) {
    const auto schedule = parse("@every 30s");
    // Two schedulers started 10 s apart fire at ...:30 and ...:40: one window, one occurrence.
    const auto a = occurrence_of(schedule, at(1795574730), at(1795574760));
    const auto b = occurrence_of(schedule, at(1795574740), at(1795574770));
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.name, "every:" + std::to_string(1795574730 / 30));
    // The next window is another occurrence.
    EXPECT_NE(occurrence_of(schedule, at(1795574760), at(1795574790)).name, a.name);
    EXPECT_NE(occurrence_of(schedule, at(1795574729), at(1795574759)).name, a.name);
}

TEST(EntryIdentity, SameEntrySameIdentityAndEveryPartCounts) {
    const EnqueueOptions options{.queue = "q", .max_retry = 2};
    const auto base = entry_identity("@every 1s", Task("t", "p"), options);
    EXPECT_EQ(base.size(), 64u);
    EXPECT_EQ(base, entry_identity("@every 1s", Task("t", "p"), options));
    EXPECT_NE(base, entry_identity("@every 2s", Task("t", "p"), options));
    EXPECT_NE(base, entry_identity("@every 1s", Task("u", "p"), options));
    EXPECT_NE(base, entry_identity("@every 1s", Task("t", "q"), options));
    EXPECT_NE(base, entry_identity("@every 1s", Task("t", "p"), {.queue = "q"}));
    EXPECT_NE(base, entry_identity("@every 1s", Task("t", "p", {{"k", "v"}}), options));
    // Nil and empty payloads enqueue different unique locks, so they are different entries.
    EXPECT_NE(entry_identity("@every 1s", Task("t"), {}), entry_identity("@every 1s", Task("t", ""), {}));
    // Parts are delimited: moving bytes from the type into the payload is another entry.
    EXPECT_NE(entry_identity("s", Task("ab", "c"), {}), entry_identity("s", Task("a", "bc"), {}));
}

}  // namespace
}  // namespace asynq::scheduler
