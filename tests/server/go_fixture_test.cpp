// Tasks written by Go asynq are processed by our server with their payload and options.
#include <gtest/gtest.h>

#include "server_test_base.h"
#include "support/dump_compare.h"
#include "support/fixtures.h"
#include "util/clock.h"

namespace asynq {
namespace {

using namespace std::chrono_literals;
using testing::eventually;

class GoFixtureTest : public ServerTest {};

TEST_F(GoFixtureTest, GoEnqueuedTasksAreProcessedWithTheirPayloadAndOptions) {
    testing::write_dump(redis(), testing::load_fixture("pending_options"));
    Seen seen;
    auto srv = start(
        [&](TaskContext& context, const Task& task) {
            seen.add(context.queue() + "|" + task.type() + "|" + task.payload() + "|" +
                     std::to_string(context.max_retry()));
        },
        {.queues = {{"default", 1}, {"critical", 1}, {"low", 1}}});
    // The fixture's two Deadline tasks carry an absolute deadline (2026-11-26T02:44:19Z); once it has passed they
    // fail at dispatch instead of reaching the handler, which is also Go's behaviour.
    const bool deadline_passed = std::chrono::system_clock::now() > util::from_unix_seconds(1795661059);
    const std::size_t expected = deadline_passed ? 6 : 8;
    ASSERT_TRUE(eventually([&] { return seen.count() == expected; })) << seen.count();
    std::multiset<std::string> want = {
        R"(default|email:welcome|{"user_id":42}|25)",
        std::string("critical|report:generate|") +
            std::string("\x00\xff\x10\x20"
                        "Beyond",
                        10) +
            "|5",
        "default|audit:record|kept for a while|25",
        R"(default|order:ship|{"order":1001}|3)",
        "critical|cache:warm|k1|25",
        "default|noop:empty||25",
    };
    if (!deadline_passed) {
        want.insert("low|cleanup:tmp||0");
        want.insert(R"(low|image:resize|{"w":64,"h":64}|25)");
    }
    EXPECT_EQ(seen.items(), want);
    // The Go unique task's lock is released on success, as Go's server does.
    ASSERT_TRUE(eventually(
        [&] { return !redis().exists("asynq:{critical}:unique:cache:warm:b637b17af08aced8850c18cccde915da"); }));
}

// The `completed` fixture's steps on our side: successes with retention are kept as completed tasks with their
// result, scored by expiry; the one without retention leaves only the counters.
TEST_F(GoFixtureTest, SuccessesWithRetentionLeaveWhatGoLeaves) {
    const auto fixture = testing::load_fixture("completed");
    client().enqueue(Task("thumbnail:make", "img-1"), {.retention = 24h});
    client().enqueue(Task("mail:send", "m-1"), {.retention = 1h});
    client().enqueue(Task("ephemeral:job", "gone after success"));
    {
        auto srv = start([](TaskContext& context, const Task& task) {
            if (task.type() == "thumbnail:make") context.result_writer().write("result:" + task.payload());
        });
        ASSERT_TRUE(eventually([&] { return redis().get("asynq:{default}:processed") == "3"; }));
    }  // shut down: its own keys (servers, workers) are gone, as after Go's `serve -count 3`
    const auto problems = testing::compare_dumps(fixture, testing::read_dump(redis()));
    for (const auto& problem : problems) ADD_FAILURE() << problem;
}

}  // namespace
}  // namespace asynq
