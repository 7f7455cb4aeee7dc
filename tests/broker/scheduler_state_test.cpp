// Scheduler heartbeat state and enqueue history (spec §5.2, §5.3), compared with what Go asynq's Scheduler wrote
// (../shared/fixtures/scheduler.json).
#include <gtest/gtest.h>

#include "broker/broker_test_base.h"
#include "broker/keys.h"
#include "support/fixtures.h"

namespace asynq::broker {
namespace {

using namespace std::chrono_literals;

class SchedulerStateTest : public BrokerTest {
protected:
    // Real time: key TTLs and the zset score are checked against Redis's own clock.
    void SetUp() override {
        BrokerTest::SetUp();
        clock().set(std::chrono::system_clock::now());
    }
    std::int64_t now_s() { return util::unix_seconds(clock().now()); }
};

TEST_F(SchedulerStateTest, EntriesAreWrittenInTheLayoutGoWrote) {
    const auto fixture = testing::load_fixture("scheduler");
    const testing::DumpedKey* go_list = nullptr;
    for (const auto& key : fixture.keys) {
        if (key.key.starts_with("asynq:schedulers:")) go_list = &key;
    }
    ASSERT_NE(go_list, nullptr);
    ASSERT_EQ(go_list->list_value.size(), 2u);
    // Go's entries, decoded; given to us in reverse LRANGE order, they must come back in Go's LRANGE order.
    std::vector<wire::SchedulerEntry> entries(2);
    ASSERT_TRUE(entries[0].ParseFromString(go_list->list_value[1]));
    ASSERT_TRUE(entries[1].ParseFromString(go_list->list_value[0]));
    EXPECT_EQ(entries[1].spec(), "* * * * *");
    EXPECT_EQ(entries[1].enqueue_options(0), "Queue(\"critical\")");

    const std::string id = "vm:6523:09b20cb3-752f-4ee0-9622-41dd7e0c4f4c";
    broker().write_scheduler_entries(id, entries, 20s);
    const std::string key = keys::scheduler_entries_key(id);
    EXPECT_EQ(key, go_list->key);
    EXPECT_EQ(redis().lrange(key), go_list->list_value);  // byte for byte, same order
    EXPECT_GT(redis().pttl(key), 18'000);
    EXPECT_LE(redis().pttl(key), 20'000);
    EXPECT_EQ(redis().zrange_withscores("asynq:schedulers"),
              (std::vector<std::pair<std::string, double>>{{key, static_cast<double>(now_s() + 20)}}));

    // The next heartbeat replaces the list.
    broker().write_scheduler_entries(id, std::span(entries).first(1), 20s);
    EXPECT_EQ(redis().lrange(key), (std::vector<std::string>{go_list->list_value[1]}));
}

TEST_F(SchedulerStateTest, HistoryKeepsTheNewestThousandEvents) {
    const std::string entry_id = "33231f4e-19e5-4129-afc2-ee3a02d00de7";
    for (int i = 0; i < 1005; ++i) {
        wire::SchedulerEnqueueEvent event;
        event.set_task_id("task-" + std::to_string(i));
        event.mutable_enqueue_time()->set_seconds(1795574700 + i);
        broker().record_scheduler_enqueue(entry_id, event);
    }
    const auto history = redis().zrange_withscores(keys::scheduler_history_key(entry_id));
    ASSERT_EQ(history.size(), 1000u);
    EXPECT_EQ(history.front().second, 1795574700 + 5);
    EXPECT_EQ(history.back().second, 1795574700 + 1004);
    wire::SchedulerEnqueueEvent newest;
    ASSERT_TRUE(newest.ParseFromString(history.back().first));
    EXPECT_EQ(newest.task_id(), "task-1004");
    EXPECT_EQ(redis().pttl(keys::scheduler_history_key(entry_id)), -1);  // Go sets no expiry on history
}

TEST_F(SchedulerStateTest, GoHistoryEventsDecodeAndOursEncodeTheSame) {
    const auto fixture = testing::load_fixture("scheduler");
    for (const auto& key : fixture.keys) {
        if (!key.key.starts_with("asynq:scheduler_history:")) continue;
        for (const auto& [member, score] : key.zset_value) {
            wire::SchedulerEnqueueEvent event;
            ASSERT_TRUE(event.ParseFromString(member)) << key.key;
            EXPECT_EQ(event.enqueue_time().seconds(), static_cast<std::int64_t>(score));
            redis().command({"DEL", "replay"});
            broker().record_scheduler_enqueue("replay", event);
            EXPECT_EQ(redis().zrange_withscores(keys::scheduler_history_key("replay")),
                      (std::vector<std::pair<std::string, double>>{{member, score}}));
            redis().command({"DEL", keys::scheduler_history_key("replay")});
        }
    }
}

TEST_F(SchedulerStateTest, ClearRemovesTheSchedulerItsEntriesAndTheirHistory) {
    wire::SchedulerEntry entry;
    entry.set_id("e1");
    entry.set_spec("@every 20s");
    broker().write_scheduler_entries("s1", std::span(&entry, 1), 20s);
    wire::SchedulerEnqueueEvent event;
    event.set_task_id("t1");
    event.mutable_enqueue_time()->set_seconds(1795574700);
    broker().record_scheduler_enqueue("e1", event);
    broker().write_scheduler_entries("s2", std::span(&entry, 1), 20s);  // another scheduler stays

    const std::vector<std::string> entry_ids = {"e1"};
    broker().clear_scheduler_state("s1", entry_ids);
    EXPECT_FALSE(redis().exists(keys::scheduler_entries_key("s1")));
    EXPECT_FALSE(redis().exists(keys::scheduler_history_key("e1")));
    EXPECT_TRUE(redis().exists(keys::scheduler_entries_key("s2")));
    ASSERT_EQ(redis().zrange_withscores("asynq:schedulers").size(), 1u);
    EXPECT_EQ(redis().zrange_withscores("asynq:schedulers")[0].first, keys::scheduler_entries_key("s2"));
}

}  // namespace
}  // namespace asynq::broker
