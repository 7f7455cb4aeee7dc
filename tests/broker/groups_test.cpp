// Aggregation of grouped tasks (spec §4.16–§4.19): aggregation_check, read/delete_aggregation_set and
// reclaim_stale_aggregation_sets, on our own writes and on Go's (groups.json).
#include <gtest/gtest.h>

#include "broker/processing_test_base.h"
#include "support/fixtures.h"

namespace asynq::broker {
namespace {

using namespace std::chrono_literals;

class GroupsTest : public ProcessingTest {
protected:
    /// Adds a task to a group as the client does (AddToGroup), joined at the clock's now.
    void add(const std::string& queue, const std::string& group, const std::string& id) {
        auto m = message(queue, id);
        m.set_group_key(group);
        ASSERT_EQ(broker().enqueue(request(m, EnqueuePath::kAggregating)), EnqueueOutcome::kEnqueued);
    }
    static AggregationRules rules(std::chrono::seconds grace, std::chrono::seconds max_delay = 0s, int max_size = 0) {
        return {.grace_period = grace, .max_delay = max_delay, .max_size = max_size, .set_timeout = 120s};
    }
    std::optional<std::string> check(const std::string& queue, const std::string& group, const AggregationRules& r) {
        return broker().aggregation_check(queue, group, r);
    }
    Strings set_members(const std::string& queue, const std::string& group, const std::string& set_id) {
        return zmembers(keys::aggregation_set_key(queue, group, set_id));
    }
    std::set<std::string> groups(const std::string& queue) { return redis().smembers(keys::all_groups_key(queue)); }
};

TEST_F(GroupsTest, EmptyOrUnknownGroupIsNeverReady) {
    EXPECT_EQ(check("default", "nothing", rules(1s, 1s, 1)), std::nullopt);
    EXPECT_TRUE(redis().keys().empty());  // no set, no registration
}

TEST_F(GroupsTest, SizeRuleTakesTheOldestMaxSizeTasksAndKeepsTheRest) {
    for (int i = 0; i < 5; ++i) {
        add("default", "g", "t" + std::to_string(i));
        clock().advance(1s);
    }
    auto set = check("default", "g", rules(1h, 0s, 3));
    ASSERT_TRUE(set);
    EXPECT_EQ(set->size(), 36u);  // a UUID v4
    EXPECT_EQ(set_members("default", "g", *set), (Strings{"t0", "t1", "t2"}));
    EXPECT_EQ(score(keys::aggregation_set_key("default", "g", *set), "t1"), kStartUnixS + 1);  // scores kept
    EXPECT_EQ(zmembers("asynq:{default}:g:g"), (Strings{"t3", "t4"}));
    EXPECT_EQ(groups("default"), std::set<std::string>{"g"});  // the group is not empty
    EXPECT_EQ(score("asynq:{default}:aggregation_sets", keys::aggregation_set_key("default", "g", *set)),
              now_s() + 120);
    EXPECT_EQ(redis().hget("asynq:{default}:t:t0", "state"), "aggregating");  // hashes untouched
    // Two left, fewer than the max size, and the newest is young: not ready.
    EXPECT_EQ(check("default", "g", rules(1h, 0s, 3)), std::nullopt);
}

TEST_F(GroupsTest, SizeRuleRemovesTheGroupNameWhenItTakesTheWholeGroup) {
    for (const char* id : {"a", "b", "c"}) add("default", "g", id);
    auto set = check("default", "g", rules(1h, 0s, 3));
    ASSERT_TRUE(set);
    EXPECT_EQ(set_members("default", "g", *set), (Strings{"a", "b", "c"}));
    EXPECT_FALSE(redis().exists("asynq:{default}:g:g"));
    EXPECT_TRUE(groups("default").empty());
}

TEST_F(GroupsTest, GraceRuleWaitsForTheNewestTaskToBeGracePeriodOld) {
    add("default", "g", "old");
    clock().advance(50s);
    add("default", "g", "new");
    clock().advance(59s);  // the oldest is 109 s old, but the newest only 59 s
    EXPECT_EQ(check("default", "g", rules(60s, 0s, 3)), std::nullopt);
    clock().advance(1s);
    auto set = check("default", "g", rules(60s, 0s, 3));
    ASSERT_TRUE(set);
    EXPECT_EQ(set_members("default", "g", *set), (Strings{"old", "new"}));
    EXPECT_TRUE(groups("default").empty());  // size <= max size: the group is now empty
}

TEST_F(GroupsTest, MaxDelayRuleFiresWhileTasksKeepComing) {
    // A task every 10 s keeps the grace period (20 s) from ever passing; the max delay (30 s) ends the wait.
    for (int i = 0; i < 3; ++i) {
        add("default", "g", "t" + std::to_string(i));
        EXPECT_EQ(check("default", "g", rules(20s, 30s)), std::nullopt) << i;
        clock().advance(10s);
    }
    add("default", "g", "t3");  // the oldest is now 30 s old
    auto set = check("default", "g", rules(20s, 30s));
    ASSERT_TRUE(set);
    EXPECT_EQ(set_members("default", "g", *set), (Strings{"t0", "t1", "t2", "t3"}));  // no max size: all of them
    EXPECT_TRUE(groups("default").empty());
}

TEST_F(GroupsTest, NoRuleMatchesBeforeItsTime) {
    add("default", "g", "a");
    EXPECT_EQ(check("default", "g", rules(1s, 2s, 2)), std::nullopt);  // 0 s old, 1 task of 2
    EXPECT_EQ(redis().zcard("asynq:{default}:aggregation_sets"), 0);
    EXPECT_EQ(zmembers("asynq:{default}:g:g"), Strings{"a"});
    EXPECT_EQ(groups("default"), std::set<std::string>{"g"});
}

TEST_F(GroupsTest, GroupsAreListedPerQueue) {
    add("default", "a", "1");
    add("default", "b:c", "2");
    add("low", "z", "3");
    auto names = broker().list_groups("default");
    EXPECT_EQ(std::set<std::string>(names.begin(), names.end()), (std::set<std::string>{"a", "b:c"}));
    EXPECT_TRUE(broker().list_groups("other").empty());
}

TEST_F(GroupsTest, ReadGivesMessagesOldestFirstAndTheDeadline) {
    add("default", "g", "z-first");
    clock().advance(1s);
    add("default", "g", "a-second");
    clock().advance(1s);
    auto set_id = check("default", "g", rules(1s));
    ASSERT_TRUE(set_id);
    auto set = broker().read_aggregation_set("default", "g", *set_id);
    EXPECT_EQ(set.id, *set_id);
    EXPECT_EQ(set.task_ids, (Strings{"z-first", "a-second"}));  // by score, not by id
    ASSERT_EQ(set.messages.size(), 2u);
    EXPECT_EQ(set.messages[0].payload(), "p-z-first");
    EXPECT_EQ(set.messages[1].group_key(), "g");
    ASSERT_TRUE(set.deadline);
    EXPECT_EQ(util::unix_seconds(*set.deadline), now_s() + 120);
    EXPECT_TRUE(set.missing_ids.empty());
    EXPECT_TRUE(set.undecodable.empty());
}

TEST_F(GroupsTest, ReadReportsDeletedAndUndecodableTasksWithoutTouchingThem) {
    for (const char* id : {"good", "gone", "garbage"}) add("default", "g", id);
    clock().advance(1s);
    auto set_id = check("default", "g", rules(1s));
    ASSERT_TRUE(set_id);
    redis().command({"DEL", "asynq:{default}:t:gone"});
    redis().command({"HSET", "asynq:{default}:t:garbage", "msg", "\xff\x01\x02"});
    auto set = broker().read_aggregation_set("default", "g", *set_id);
    EXPECT_EQ(set.task_ids, Strings{"good"});
    EXPECT_EQ(set.missing_ids, Strings{"gone"});
    ASSERT_EQ(set.undecodable.size(), 1u);
    EXPECT_EQ(set.undecodable[0].id, "garbage");
    EXPECT_NE(set.undecodable[0].problem.find("not a valid TaskMessage"), std::string::npos);
    EXPECT_EQ(redis().hget("asynq:{default}:t:garbage", "msg"), std::string("\xff\x01\x02"));
    EXPECT_EQ(set_members("default", "g", *set_id).size(), 3u);
}

TEST_F(GroupsTest, ReadOfASetNoLongerRegisteredHasNoDeadline) {
    add("default", "g", "a");
    clock().advance(1s);
    auto set_id = check("default", "g", rules(1s));
    ASSERT_TRUE(set_id);
    clock().advance(121s);
    ASSERT_EQ(broker().reclaim_stale_aggregation_sets("default"), 1);
    auto set = broker().read_aggregation_set("default", "g", *set_id);
    EXPECT_FALSE(set.deadline);
    EXPECT_TRUE(set.messages.empty());
}

TEST_F(GroupsTest, DeleteRemovesTheTasksTheSetAndItsRegistrationButNotUniqueLocks) {
    auto unique = message("default", "u");
    unique.set_group_key("g");
    ASSERT_EQ(broker().enqueue(unique_request(unique, 1h, EnqueuePath::kAggregating)), EnqueueOutcome::kEnqueued);
    add("default", "g", "plain");
    add("default", "other", "bystander");
    clock().advance(1s);
    auto set_id = check("default", "g", rules(1s));
    ASSERT_TRUE(set_id);
    auto set = broker().read_aggregation_set("default", "g", *set_id);
    EXPECT_EQ(broker().delete_aggregation_set(set), 2);
    EXPECT_FALSE(redis().exists("asynq:{default}:t:u"));
    EXPECT_FALSE(redis().exists("asynq:{default}:t:plain"));
    EXPECT_FALSE(redis().exists(keys::aggregation_set_key("default", "g", *set_id)));
    EXPECT_EQ(redis().zcard("asynq:{default}:aggregation_sets"), 0);
    EXPECT_TRUE(redis().exists(keys::unique_key("default", "t", std::string_view("p-u"))));  // Go quirk §7.9.2
    EXPECT_EQ(redis().hget("asynq:{default}:t:bystander", "state"), "aggregating");
}

TEST_F(GroupsTest, DeleteAfterTheSetWasReclaimedKeepsTheTasks) {
    add("default", "g", "a");
    add("default", "g", "b");
    clock().advance(1s);
    auto set_id = check("default", "g", rules(1s));
    ASSERT_TRUE(set_id);
    auto set = broker().read_aggregation_set("default", "g", *set_id);
    clock().advance(2min);  // the aggregation took too long: another server reclaims the set
    ASSERT_EQ(broker().reclaim_stale_aggregation_sets("default"), 1);
    EXPECT_EQ(broker().delete_aggregation_set(set), 0);
    EXPECT_EQ(zmembers("asynq:{default}:g:g"), (Strings{"a", "b"}));
    EXPECT_EQ(redis().hget("asynq:{default}:t:a", "state"), "aggregating");
}

TEST_F(GroupsTest, ReclaimPutsStaleSetsBackWithTheirScoresAndReaddsTheGroupName) {
    add("default", "g", "a");
    clock().advance(1s);
    add("default", "g", "b");
    clock().advance(1s);
    auto stale = check("default", "g", rules(1s));
    ASSERT_TRUE(stale);
    ASSERT_TRUE(groups("default").empty());  // the check took the whole group
    clock().advance(60s);
    add("default", "g", "c");
    clock().advance(1s);
    auto fresh = check("default", "g", rules(1s));
    ASSERT_TRUE(fresh);

    clock().advance(58s);  // the first set was made at +2.5 s: its deadline is +122 s, now is +121.5 s
    EXPECT_EQ(broker().reclaim_stale_aggregation_sets("default"), 0);
    clock().advance(1s);  // at the deadline (whole seconds)
    EXPECT_EQ(broker().reclaim_stale_aggregation_sets("default"), 1);
    auto group = redis().zrange_withscores("asynq:{default}:g:g");
    ASSERT_EQ(group.size(), 2u);
    EXPECT_EQ(group[0], (std::pair<std::string, double>{"a", kStartUnixS}));
    EXPECT_EQ(group[1], (std::pair<std::string, double>{"b", kStartUnixS + 1}));
    EXPECT_FALSE(redis().exists(keys::aggregation_set_key("default", "g", *stale)));
    // Deviation from Go (§7.9.5): the name is back, so the next check takes the tasks up again.
    EXPECT_EQ(groups("default"), std::set<std::string>{"g"});
    EXPECT_EQ(zmembers("asynq:{default}:aggregation_sets"), Strings{keys::aggregation_set_key("default", "g", *fresh)});
    EXPECT_EQ(set_members("default", "g", *fresh), Strings{"c"});
    auto again = check("default", "g", rules(1s));
    ASSERT_TRUE(again);
    EXPECT_EQ(set_members("default", "g", *again), (Strings{"a", "b"}));
}

TEST_F(GroupsTest, GroupNamesMayContainColons) {
    const std::string group = "digest:eu:2026-11-25";
    add("default", group, "a");
    add("default", group, "b");
    clock().advance(1s);
    auto set_id = check("default", group, rules(1s));
    ASSERT_TRUE(set_id);
    EXPECT_TRUE(redis().exists("asynq:{default}:g:digest:eu:2026-11-25:" + *set_id));
    EXPECT_EQ(broker().read_aggregation_set("default", group, *set_id).task_ids, (Strings{"a", "b"}));
    clock().advance(2min);
    EXPECT_EQ(broker().reclaim_stale_aggregation_sets("default"), 1);
    EXPECT_EQ(zmembers("asynq:{default}:g:digest:eu:2026-11-25"), (Strings{"a", "b"}));
    EXPECT_EQ(groups("default"), std::set<std::string>{group});
}

TEST_F(GroupsTest, ReclaimHandlesMoreSetsThanOneScriptCallTakes) {
    for (int i = 0; i < 250; ++i) {
        add("default", "g" + std::to_string(i), "t" + std::to_string(i));
    }
    clock().advance(1s);
    for (int i = 0; i < 250; ++i) ASSERT_TRUE(check("default", "g" + std::to_string(i), rules(1s)));
    EXPECT_TRUE(groups("default").empty());
    clock().advance(2min);
    EXPECT_EQ(broker().reclaim_stale_aggregation_sets("default"), 250);
    EXPECT_EQ(groups("default").size(), 250u);
    EXPECT_EQ(redis().zcard("asynq:{default}:aggregation_sets"), 0);
    EXPECT_EQ(zmembers("asynq:{default}:g:g249"), Strings{"t249"});
}

// Go wrote these groups (groups.json): three digest:item tasks and a unique one with an explicit id in
// "daily-digest" of queue default, one batch:row in "weekly" of queue low, all joined in the same second.
TEST_F(GroupsTest, AggregatesGroupsGoWrote) {
    testing::write_dump(redis(), testing::load_fixture("groups"));
    const std::int64_t joined = 1795574666;
    clock().set(util::from_unix_seconds(joined + 59));
    EXPECT_EQ(check("default", "daily-digest", rules(60s)), std::nullopt);
    clock().set(util::from_unix_seconds(joined + 60));
    auto names = broker().list_groups("default");
    ASSERT_EQ(names, Strings{"daily-digest"});
    auto set_id = check("default", "daily-digest", rules(60s));
    ASSERT_TRUE(set_id);
    EXPECT_FALSE(redis().exists("asynq:{default}:g:daily-digest"));
    EXPECT_TRUE(groups("default").empty());

    auto set = broker().read_aggregation_set("default", "daily-digest", *set_id);
    EXPECT_TRUE(set.undecodable.empty());
    ASSERT_EQ(set.messages.size(), 4u);
    // Equal scores: ordered by id, as Redis orders ties.
    EXPECT_EQ(set.task_ids, (Strings{"13d1a690-8c35-44a6-a6f1-fab685f80c69", "5dec2e9b-a451-47fc-b4a2-8697a3bf9ee3",
                                     "76230c2c-e390-4a8e-b616-ed529c350ebe", "digest-unique"}));
    Strings payloads;
    for (const auto& m : set.messages) {
        EXPECT_EQ(m.type(), "digest:item");
        EXPECT_EQ(m.group_key(), "daily-digest");
        EXPECT_EQ(m.queue(), "default");
        payloads.push_back(m.payload());
    }
    EXPECT_EQ(payloads, (Strings{"c", "a", "b", "u"}));
    EXPECT_EQ(set.messages[3].unique_key(), "asynq:{default}:unique:digest:item:7b774effe4a349c6dd82ad4f4f21d34c");

    EXPECT_EQ(broker().delete_aggregation_set(set), 4);
    for (const auto& id : set.task_ids) EXPECT_FALSE(redis().exists(keys::task_key("default", id))) << id;
    EXPECT_TRUE(redis().exists("asynq:{default}:unique:digest:item:7b774effe4a349c6dd82ad4f4f21d34c"));

    // Queue low's group is untouched by default's check, and is ready on its own.
    EXPECT_EQ(zmembers("asynq:{low}:g:weekly"), Strings{"2db0834f-029b-4420-912a-a355eef06971"});
    auto weekly = check("low", "weekly", rules(60s));
    ASSERT_TRUE(weekly);
    auto low = broker().read_aggregation_set("low", "weekly", *weekly);
    ASSERT_EQ(low.messages.size(), 1u);
    EXPECT_EQ(low.messages[0].type(), "batch:row");
    EXPECT_EQ(low.messages[0].payload(), "r1");
    EXPECT_EQ(low.messages[0].retry(), 2);
}

}  // namespace
}  // namespace asynq::broker
