// `asynq queue pause|resume` run as the real binary against the test Redis.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli_runner.h"
#include "support/test_redis.h"

namespace asynq::testing {
namespace {

class QueueCommandTest : public RedisTest {
protected:
    CliResult queue(std::vector<std::string> args) {
        args.insert(args.begin(), "queue");
        args.insert(args.end(), {"--uri", server().uri()});
        CliRun run;
        run.args = std::move(args);
        return run_cli(run);
    }
};

TEST_F(QueueCommandTest, PauseAndResumeEachQueueAsGoPrintsIt) {
    auto paused = queue({"pause", "mailer", "reports"});
    EXPECT_EQ(paused.exit_status, 0) << paused.err;
    EXPECT_EQ(paused.out, "Successfully paused queue \"mailer\"\nSuccessfully paused queue \"reports\"\n");
    EXPECT_TRUE(redis().exists("asynq:{mailer}:paused"));
    EXPECT_TRUE(redis().exists("asynq:{reports}:paused"));

    auto resumed = queue({"unpause", "mailer"});  // Go's alias
    EXPECT_EQ(resumed.exit_status, 0) << resumed.err;
    EXPECT_EQ(resumed.out, "Successfully unpaused queue \"mailer\"\n");
    EXPECT_FALSE(redis().exists("asynq:{mailer}:paused"));
    EXPECT_TRUE(redis().exists("asynq:{reports}:paused"));
}

TEST_F(QueueCommandTest, AFailingQueueIsReportedTheOthersAreDoneAndTheStatusIsNonZero) {
    ASSERT_EQ(queue({"pause", "a"}).exit_status, 0);
    auto result = queue({"pause", "a", "b"});
    EXPECT_EQ(result.exit_status, 1);
    EXPECT_EQ(result.out, "Successfully paused queue \"b\"\n");
    const auto errors = result.err_lines();
    ASSERT_EQ(errors.size(), 2u) << result.err;
    EXPECT_EQ(errors[0], "asynq: queue \"a\" is already paused");
    EXPECT_EQ(errors[1], "asynq: 1 of 2 queues not paused");
    EXPECT_TRUE(redis().exists("asynq:{b}:paused"));

    auto not_paused = queue({"resume", "c"});
    EXPECT_EQ(not_paused.exit_status, 1);
    EXPECT_NE(not_paused.err.find("queue \"c\" is not paused"), std::string::npos) << not_paused.err;
}

TEST_F(QueueCommandTest, MissingQueueNameIsAUsageError) {
    auto result = queue({"pause"});
    EXPECT_EQ(result.exit_status, 2);
    EXPECT_NE(result.err.find("QUEUE"), std::string::npos) << result.err;
}

TEST_F(QueueCommandTest, UnreachableRedisFailsOnceWithStatus3) {
    CliRun run;
    run.args = {"queue", "pause", "a", "b", "--uri", "127.0.0.1:1"};
    auto result = run_cli(run);
    EXPECT_EQ(result.exit_status, 3) << result.err;
    EXPECT_EQ(result.out, "");
    EXPECT_EQ(result.err_lines().size(), 1u) << result.err;
}

}  // namespace
}  // namespace asynq::testing
