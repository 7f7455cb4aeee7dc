// Leases: extend_leases (spec §4.13) and list_lease_expired (spec §4.14).
#include <gtest/gtest.h>

#include <sstream>

#include "broker/processing_test_base.h"

namespace asynq::broker {
namespace {

using namespace std::chrono_literals;

class LeasesTest : public ProcessingTest {
protected:
    long long zadd_calls() {
        std::istringstream info(redis().command({"INFO", "commandstats"}).str);
        for (std::string line; std::getline(info, line);) {
            if (line.starts_with("cmdstat_zadd:calls=")) return std::stoll(line.substr(19));
        }
        return 0;
    }
    std::vector<std::string> ids(const std::vector<wire::TaskMessage>& messages) {
        std::vector<std::string> out;
        for (const auto& m : messages) out.push_back(m.id());
        return out;
    }
};

TEST_F(LeasesTest, ExtendLeasesMovesOnlyIdsStillLeased) {
    make_active("default", "a");
    auto b = make_active("default", "b");
    ASSERT_TRUE(broker().done(b));  // b's lease is gone
    clock().advance(10s);

    const Strings to_extend = {"a", "b"};
    const auto expires = broker().extend_leases("default", to_extend, clock().now() + 30s + 700ms);
    EXPECT_EQ(expires, util::from_unix_seconds(kStartUnixS + 10 + 31));  // 20.5 + 10 + 30.7 = 61.2 -> 61
    EXPECT_EQ(redis().zrange_withscores("asynq:{default}:lease"),
              (std::vector<std::pair<std::string, double>>{{"a", kStartUnixS + 41}}));  // XX: b not re-added
}

TEST_F(LeasesTest, ExtendLeasesWithNoIdsSendsNothing) {
    redis().command({"CONFIG", "RESETSTAT"});
    const auto expires = broker().extend_leases("default", {}, clock().now() + 30s);
    EXPECT_EQ(expires, util::from_unix_seconds(kStartUnixS + 30));
    EXPECT_EQ(zadd_calls(), 0);
}

TEST_F(LeasesTest, ListLeaseExpiredIncludesTheCutoff) {
    for (const char* id : {"early", "at-cutoff", "later"}) make_active("default", id);
    redis().command({"ZADD", "asynq:{default}:lease", std::to_string(kStartUnixS - 10), "early",
                     std::to_string(kStartUnixS), "at-cutoff", std::to_string(kStartUnixS + 1), "later"});
    std::vector<BadTask> bad;
    auto expired = broker().list_lease_expired("default", clock().now(), bad);  // cutoff 20.5 -> 20
    EXPECT_EQ(ids(expired), (Strings{"early", "at-cutoff"}));
    EXPECT_EQ(expired[0].type(), "t");
    EXPECT_EQ(expired[0].payload(), "p-early");
    EXPECT_TRUE(bad.empty());
    EXPECT_EQ(redis().zcard("asynq:{default}:lease"), 3);  // listing changes nothing
    EXPECT_EQ(redis().llen("asynq:{default}:active"), 3);
}

TEST_F(LeasesTest, ListLeaseExpiredSkipsIdsWithoutHash) {
    make_active("default", "real");
    redis().command({"ZADD", "asynq:{default}:lease", "1", "ghost"});
    redis().command({"ZADD", "asynq:{default}:lease", "2", "real"});
    std::vector<BadTask> bad;
    EXPECT_EQ(ids(broker().list_lease_expired("default", clock().now(), bad)), Strings{"real"});
    EXPECT_TRUE(bad.empty());
}

TEST_F(LeasesTest, ListLeaseExpiredMovesUndecodableTasksToArchived) {
    make_active("default", "good");
    const std::string garbage("\x0a\x05\x01", 3);
    redis().command({"HSET", "asynq:{default}:t:bad", "msg", garbage, "state", "active"});
    redis().command({"LPUSH", "asynq:{default}:active", "bad"});
    redis().command({"ZADD", "asynq:{default}:lease", "1", "bad", "2", "good"});

    std::vector<BadTask> bad;
    auto expired = broker().list_lease_expired("default", clock().now(), bad);
    EXPECT_EQ(ids(expired), Strings{"good"});
    ASSERT_EQ(bad.size(), 1u);
    EXPECT_EQ(bad[0].id, "bad");
    EXPECT_EQ(bad[0].queue, "default");
    EXPECT_NE(bad[0].problem.find("moved to archived"), std::string::npos) << bad[0].problem;
    EXPECT_EQ(redis().hget("asynq:{default}:t:bad", "msg"), garbage);
    EXPECT_EQ(redis().hget("asynq:{default}:t:bad", "state"), "archived");
    EXPECT_EQ(redis().zrange_withscores("asynq:{default}:archived"),
              (std::vector<std::pair<std::string, double>>{{"bad", kStartUnixS}}));
    EXPECT_EQ(zmembers("asynq:{default}:lease"), Strings{"good"});
    EXPECT_EQ(redis().lrange("asynq:{default}:active"), Strings{"good"});

    // The next recoverer run sees only the good one.
    bad.clear();
    EXPECT_EQ(ids(broker().list_lease_expired("default", clock().now(), bad)), Strings{"good"});
    EXPECT_TRUE(bad.empty());
}

TEST_F(LeasesTest, RecoveredTaskCanBeRetried) {
    auto m = make_active("default", "t1");
    clock().advance(61s);
    std::vector<BadTask> bad;
    auto expired = broker().list_lease_expired("default", clock().now() - 30s, bad);
    ASSERT_EQ(ids(expired), Strings{"t1"});
    ASSERT_TRUE(broker().retry(expired[0], clock().now() + 15s, "asynq: task lease expired", true));
    EXPECT_EQ(stored_message("default", "t1").error_msg(), "asynq: task lease expired");
    EXPECT_FALSE(broker().done(m));  // the worker's late ack finds the task gone from active
    EXPECT_EQ(redis().hget("asynq:{default}:t:t1", "state"), "retry");
}

}  // namespace
}  // namespace asynq::broker
