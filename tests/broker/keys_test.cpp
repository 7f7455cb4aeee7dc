#include "broker/keys.h"

#include <gtest/gtest.h>

#include "util/clock.h"

namespace asynq::broker::keys {
namespace {

TEST(Keys, PerQueueKeysCarryTheHashTag) {
    EXPECT_EQ(task_key("default", "abc"), "asynq:{default}:t:abc");
    EXPECT_EQ(pending_key("critical"), "asynq:{critical}:pending");
    EXPECT_EQ(scheduled_key("q"), "asynq:{q}:scheduled");
    EXPECT_EQ(group_key("q", "daily:digest"), "asynq:{q}:g:daily:digest");
    EXPECT_EQ(all_groups_key("q"), "asynq:{q}:groups");
    EXPECT_EQ(task_key_prefix("q"), "asynq:{q}:t:");
}

TEST(Keys, AggregationSetKeysAreCutAtTheLastColon) {
    EXPECT_EQ(aggregation_set_key("q", "daily:digest", "s1"), "asynq:{q}:g:daily:digest:s1");
    EXPECT_EQ(aggregation_sets_key("q"), "asynq:{q}:aggregation_sets");
    EXPECT_EQ(group_of_aggregation_set_key("q", "asynq:{q}:g:daily:digest:s1"), "daily:digest");
    EXPECT_EQ(group_of_aggregation_set_key("q", "asynq:{q}:g:weekly:0f6e"), "weekly");
    EXPECT_EQ(group_of_aggregation_set_key("q", "asynq:{q}:g:weekly"), std::nullopt);  // a group key, no set id
    EXPECT_EQ(group_of_aggregation_set_key("q", "asynq:{q}:g::s1"), std::nullopt);     // empty group name
    EXPECT_EQ(group_of_aggregation_set_key("q", "asynq:{other}:g:weekly:s1"), std::nullopt);
}

TEST(Keys, DailyCountersUseTheUtcDate) {
    auto t = util::from_unix_seconds(1795574673);  // 2026-11-25T02:44:33Z (stats_counters fixture)
    EXPECT_EQ(processed_key("default", t), "asynq:{default}:processed:2026-11-25");
    EXPECT_EQ(failed_key("default", t), "asynq:{default}:failed:2026-11-25");
    EXPECT_EQ(utc_date(util::from_unix_seconds(86399)), "1970-01-01");
    EXPECT_EQ(utc_date(util::from_unix_seconds(86400)), "1970-01-02");
}

// Spec §1.3 test vectors.
TEST(Keys, UniqueKeyVectors) {
    EXPECT_EQ(unique_key("default", "email:send", std::string_view(R"({"user_id":42})")),
              "asynq:{default}:unique:email:send:1181f89307fa271072c095747d5813cc");
    EXPECT_EQ(unique_key("default", "email:send", std::nullopt), "asynq:{default}:unique:email:send:");
    EXPECT_EQ(unique_key("default", "email:send", std::string_view("")),
              "asynq:{default}:unique:email:send:d41d8cd98f00b204e9800998ecf8427e");
}

TEST(Keys, UniqueKeyMatchesGoFixtures) {
    // pending_options.json and unique.json lock keys
    EXPECT_EQ(unique_key("critical", "cache:warm", std::string_view("k1")),
              "asynq:{critical}:unique:cache:warm:b637b17af08aced8850c18cccde915da");
    EXPECT_EQ(unique_key("low", "unique:email", std::string_view(R"({"u":1})")),
              "asynq:{low}:unique:unique:email:cfeb4906248f18cb94f202711c2a34cf");
}

}  // namespace
}  // namespace asynq::broker::keys
