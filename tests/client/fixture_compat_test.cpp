// The enqueue side of every Go asynq fixture scenario (../shared/fixtures): our Client, given the same inputs as
// the Go program that wrote the fixture, must write the same keys, types, fields, TTLs, scores and messages.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include "asynq/client.h"
#include "asynq/inspector.h"
#include "support/dump_compare.h"
#include "support/fixtures.h"
#include "support/test_redis.h"

namespace asynq {
namespace {

using namespace std::chrono_literals;
using testing::compare_dumps;
using testing::Dump;
using testing::DumpComparison;

// Times the fixtures' Go program was given as absolute unix seconds (fixtures README), which we turn into the
// same distance from "now" for our replay.
constexpr std::int64_t kFixtureDeadline = 1795661059;   // T0 + 86400
constexpr std::int64_t kFixtureProcessAt = 1795581859;  // T0 + 7200

class FixtureCompatTest : public testing::RedisTest {
protected:
    void SetUp() override {
        RedisTest::SetUp();
        client_ = std::make_unique<Client>(server().options());
    }

    /// An absolute time of a fixture scenario, moved to the same distance from now.
    std::chrono::system_clock::time_point shifted(const Dump& fixture, std::int64_t unix_s) {
        auto offset = std::chrono::milliseconds(unix_s * 1000 - fixture.taken_at_ms);
        return std::chrono::system_clock::now() + offset;
    }

    void expect_same(const Dump& fixture, DumpComparison how = {}) {
        auto problems = compare_dumps(fixture, testing::read_dump(redis()), how);
        EXPECT_TRUE(problems.empty()) << fmt::format("{}", fmt::join(problems, "\n"));
    }

    Client& client() { return *client_; }

private:
    std::unique_ptr<Client> client_;
};

TEST_F(FixtureCompatTest, PendingOptionsMatchGo) {
    auto fixture = testing::load_fixture("pending_options");
    auto deadline = shifted(fixture, kFixtureDeadline);
    client().enqueue(Task("email:welcome", R"({"user_id":42})"));
    client().enqueue(Task("report:generate", std::string("\x00\xff\x10\x20"
                                                         "Beyond",
                                                         10)),
                     {.queue = "critical", .max_retry = 5, .timeout = 90s});
    client().enqueue(Task("cleanup:tmp"), {.queue = "low", .max_retry = 0, .deadline = deadline});
    client().enqueue(Task("image:resize", R"({"w":64,"h":64})"),
                     {.queue = "low", .timeout = 10min, .deadline = deadline});
    client().enqueue(Task("audit:record", "kept for a while"), {.retention = 2h});
    client().enqueue(Task("order:ship", R"({"order":1001})"), {.max_retry = 3, .task_id = "order-1001"});
    client().enqueue(Task("cache:warm", "k1"), {.queue = "critical", .unique_ttl = 1h});
    client().enqueue(Task("noop:empty"));
    expect_same(fixture);
}

TEST_F(FixtureCompatTest, ScheduledMatchGo) {
    auto fixture = testing::load_fixture("scheduled");
    client().enqueue(Task("reminder:send", R"({"id":7})"), {.process_in = 1h});
    client().enqueue(Task("report:nightly", "nightly"),
                     {.queue = "critical", .max_retry = 3, .process_at = shifted(fixture, kFixtureProcessAt)});
    client().enqueue(Task("digest:build", "u-9"), {.unique_ttl = 2h, .process_in = 30min});
    client().enqueue(Task("invoice:due", "inv-17"), {.timeout = 2min, .process_in = 3h, .task_id = "invoice-17"});
    expect_same(fixture);
}

TEST_F(FixtureCompatTest, UniqueMatchGo) {
    auto fixture = testing::load_fixture("unique");
    client().enqueue(Task("unique:email", R"({"u":1})"), {.unique_ttl = 1h});
    EXPECT_THROW(client().enqueue(Task("unique:email", R"({"u":1})"), {.unique_ttl = 1h}), DuplicateTaskError);
    client().enqueue(Task("unique:email", R"({"u":2})"), {.unique_ttl = 1h});
    client().enqueue(Task("unique:email", R"({"u":1})"), {.queue = "low", .unique_ttl = 1h});
    client().enqueue(Task("unique:nopayload"), {.unique_ttl = 30min});
    client().enqueue(Task("unique:later", "x"), {.unique_ttl = 1h, .process_in = 10min});
    expect_same(fixture);
}

TEST_F(FixtureCompatTest, TaskIdMatchGo) {
    auto fixture = testing::load_fixture("task_id");
    client().enqueue(Task("invoice:send", "inv-2024-0001"), {.task_id = "invoice-2024-0001"});
    EXPECT_THROW(client().enqueue(Task("invoice:send", "different payload"), {.task_id = "invoice-2024-0001"}),
                 TaskIdConflictError);
    client().enqueue(Task("invoice:send", "inv-2024-0001"), {.queue = "low", .task_id = "invoice-2024-0001"});
    client().enqueue(Task("job:with:colons", "c"),
                     {.queue = "critical", .process_in = 1h, .task_id = "id:with:colons"});
    expect_same(fixture);
}

TEST_F(FixtureCompatTest, GroupsMatchGo) {
    auto fixture = testing::load_fixture("groups");
    client().enqueue(Task("digest:item", "a"), {.group = "daily-digest"});
    client().enqueue(Task("digest:item", "b"), {.group = "daily-digest"});
    client().enqueue(Task("digest:item", "c"), {.group = "daily-digest"});
    client().enqueue(Task("batch:row", "r1"), {.queue = "low", .max_retry = 2, .group = "weekly"});
    client().enqueue(Task("digest:item", "u"), {.unique_ttl = 1h, .task_id = "digest-unique", .group = "daily-digest"});
    expect_same(fixture);
}

// Scenarios where a Go server ran afterwards: compare the keys the server left as the client wrote them.
TEST_F(FixtureCompatTest, PausedQueueMatchesGo) {
    auto fixture = testing::load_fixture("paused_queue");
    client().enqueue(Task("mail:bulk", "m1"), {.queue = "mailer"});
    client().enqueue(Task("mail:bulk", "m2"), {.queue = "mailer"});
    client().enqueue(Task("other:work", "o1"));
    Inspector(server().options()).pause_queue("mailer");
    // Go's server ran for 4 s (serve -duration 4s) between these calls and the dump.
    expect_same(fixture, {.go_dump_delay = 4s, .include = [](const std::string& key) {
                              // the default queue's task was processed by Go's server
                              return key == "asynq:queues" || key.starts_with("asynq:{mailer}:");
                          }});
}

TEST_F(FixtureCompatTest, AllStatesEnqueueSideMatchesGo) {
    auto fixture = testing::load_fixture("all_states");
    client().enqueue(Task("s:pending", "p"), {.queue = "mixed"});
    client().enqueue(Task("s:scheduled", "s"), {.queue = "mixed", .process_in = 1h});
    client().enqueue(Task("s:aggregating", "g"), {.queue = "mixed", .group = "grp"});
    expect_same(fixture, {.include = [](const std::string& key) {
                    for (auto* suffix : {":pending", ":scheduled", ":g:grp", ":groups"}) {
                        if (key == std::string("asynq:{mixed}") + suffix) return true;
                    }
                    return key == "asynq:queues" || key.starts_with("asynq:{mixed}:t:s:pending|") ||
                           key.starts_with("asynq:{mixed}:t:s:scheduled|") ||
                           key.starts_with("asynq:{mixed}:t:s:aggregating|");
                }});
}

// The comparison itself must be able to fail: a different option shows up as a difference.
TEST_F(FixtureCompatTest, ComparisonDetectsADifferentOption) {
    auto fixture = testing::load_fixture("groups");
    client().enqueue(Task("digest:item", "a"), {.group = "daily-digest"});
    client().enqueue(Task("digest:item", "b"), {.group = "daily-digest"});
    client().enqueue(Task("digest:item", "c"), {.group = "daily-digest"});
    client().enqueue(Task("batch:row", "r1"), {.queue = "low", .max_retry = 3 /* Go used 2 */, .group = "weekly"});
    client().enqueue(Task("digest:item", "u"), {.unique_ttl = 1h, .task_id = "digest-unique", .group = "daily-digest"});
    auto problems = compare_dumps(fixture, testing::read_dump(redis()));
    ASSERT_EQ(problems.size(), 1u) << fmt::format("{}", fmt::join(problems, "\n"));
    EXPECT_NE(problems[0].find("retry"), std::string::npos) << problems[0];
}

}  // namespace
}  // namespace asynq
