// Scheduler entries carry their options as Go's Option.String() forms (spec §5.4), parsed back by Go's Inspector.
#include "scheduler/enqueue_option_strings.h"

#include <gtest/gtest.h>

#include "broker/proto/asynq.pb.h"
#include "support/fixtures.h"

namespace asynq::scheduler {
namespace {

using namespace std::chrono_literals;
using Strings = std::vector<std::string>;

std::chrono::system_clock::time_point unix_s(std::int64_t s) {
    return std::chrono::system_clock::time_point(std::chrono::seconds(s));
}

TEST(EnqueueOptionStrings, MatchWhatGoWroteInTheSchedulerFixture) {
    // Go: Register("* * * * *", task, Queue("critical"), MaxRetry(2)) and Register("@every 20s", task, Timeout(30s)).
    const auto fixture = testing::load_fixture("scheduler");
    std::vector<Strings> go_options;
    for (const auto& key : fixture.keys) {
        if (!key.key.starts_with("asynq:schedulers:")) continue;
        for (const auto& bytes : key.list_value) {
            wire::SchedulerEntry entry;
            ASSERT_TRUE(entry.ParseFromString(bytes));
            go_options.emplace_back(entry.enqueue_options().begin(), entry.enqueue_options().end());
        }
    }
    ASSERT_EQ(go_options.size(), 2u);
    EXPECT_EQ(go_options[0], enqueue_option_strings({.queue = "critical", .max_retry = 2}));
    EXPECT_EQ(go_options[1], enqueue_option_strings({.timeout = 30s}));
}

TEST(EnqueueOptionStrings, EveryOptionInGoForm) {
    const EnqueueOptions options{.queue = "re\"ports",
                                 .max_retry = 0,
                                 .timeout = 90s,
                                 .deadline = unix_s(1795661059),  // Thu Nov 26 02:44:19 UTC 2026
                                 .unique_ttl = 1h,
                                 .process_at = unix_s(1136214245),  // Mon Jan  2 15:04:05 UTC 2006
                                 .process_in = 10min,
                                 .task_id = "id-1",
                                 .retention = 24h,
                                 .group = "g"};
    EXPECT_EQ(enqueue_option_strings(options), (Strings{"Queue(\"re\\\"ports\")", "MaxRetry(0)", "TaskID(\"id-1\")",
                                                        "Timeout(1m30s)", "Deadline(Thu Nov 26 02:44:19 UTC 2026)",
                                                        "Unique(1h0m0s)", "ProcessAt(Mon Jan  2 15:04:05 UTC 2006)",
                                                        "ProcessIn(10m0s)", "Retention(24h0m0s)", "Group(\"g\")"}));
    EXPECT_TRUE(enqueue_option_strings({}).empty());  // defaults are not listed
}

TEST(EnqueueOptionStrings, QuotesLikeGo) {
    EXPECT_EQ(go_quote("plain"), "\"plain\"");
    EXPECT_EQ(go_quote("a\\b\n\t\x01"), "\"a\\\\b\\n\\t\\x01\"");
    EXPECT_EQ(go_quote("caf\xc3\xa9"), "\"caf\xc3\xa9\"");  // printable UTF-8 stays
    EXPECT_EQ(go_quote("\xff"), "\"\\xff\"");               // not UTF-8: escaped byte
}

}  // namespace
}  // namespace asynq::scheduler
