// `asynq task archive|delete|run|cancel|archiveall|deleteall|runall` and `asynq queue remove`, run as the real
// binary against the test Redis: Go's messages on stdout, the effect in Redis, one error line and the documented
// status otherwise.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "asynq/client.h"
#include "cli_runner.h"
#include "support/test_redis.h"

namespace asynq::testing {
namespace {

using namespace std::chrono_literals;

class TaskActionsCommandTest : public RedisTest {
protected:
    void SetUp() override {
        RedisTest::SetUp();
        client_ = std::make_unique<Client>(server().options());
    }

    CliResult asynq(std::vector<std::string> args) {
        args.insert(args.end(), {"--uri", server().uri()});
        CliRun run;
        run.args = std::move(args);
        return run_cli(run);
    }

    std::string state_of(const std::string& queue, const std::string& id) {
        return redis().hget("asynq:{" + queue + "}:t:" + id, "state").value_or("<gone>");
    }

    Client& client() { return *client_; }

private:
    std::unique_ptr<Client> client_;
};

void expect_error(const CliResult& result, int status, const std::string& line) {
    EXPECT_EQ(result.exit_status, status) << result.err;
    EXPECT_EQ(result.out, "");
    ASSERT_EQ(result.err_lines().size(), 1u) << result.err;
    EXPECT_EQ(result.err_lines()[0], line);
}

TEST_F(TaskActionsCommandTest, ArchiveRunAndDeleteOneTask) {
    client().enqueue(Task("t", "p"), {.task_id = "job-1"});

    auto archived = asynq({"task", "archive", "--queue", "default", "--id", "job-1"});
    EXPECT_EQ(archived.exit_status, 0) << archived.err;
    EXPECT_EQ(archived.out, "task archived\n");
    EXPECT_EQ(state_of("default", "job-1"), "archived");

    auto ran = asynq({"task", "run", "-q", "default", "-i", "job-1"});
    EXPECT_EQ(ran.out, "task is now pending\n");
    EXPECT_EQ(state_of("default", "job-1"), "pending");

    auto deleted = asynq({"task", "rm", "-q", "default", "-i", "job-1"});  // Go's alias
    EXPECT_EQ(deleted.out, "task deleted\n");
    EXPECT_EQ(state_of("default", "job-1"), "<gone>");
    EXPECT_EQ(redis().llen("asynq:{default}:pending"), 0);
}

TEST_F(TaskActionsCommandTest, BulkActionsPrintHowManyTasksTheyMoved) {
    for (int i = 0; i < 3; ++i) client().enqueue(Task("t", std::to_string(i)), {.process_in = 1h});
    client().enqueue(Task("t", "g1"), {.group = "digest"});
    client().enqueue(Task("t", "g2"), {.group = "digest"});

    EXPECT_EQ(asynq({"task", "archiveall", "-q", "default", "-s", "scheduled"}).out, "3 tasks archived\n");
    EXPECT_EQ(redis().zcard("asynq:{default}:archived"), 3);
    EXPECT_EQ(asynq({"task", "runall", "-q", "default", "-s", "archived"}).out, "3 tasks are now pending\n");
    EXPECT_EQ(redis().llen("asynq:{default}:pending"), 3);
    EXPECT_EQ(asynq({"task", "deleteall", "-q", "default", "-s", "pending"}).out, "3 tasks deleted\n");
    EXPECT_EQ(redis().llen("asynq:{default}:pending"), 0);
    EXPECT_EQ(asynq({"task", "runall", "-q", "default", "-s", "aggregating", "-g", "digest"}).out,
              "2 tasks are now pending\n");
    EXPECT_EQ(asynq({"task", "deleteall", "-q", "default", "-s", "retry"}).out, "0 tasks deleted\n");
}

TEST_F(TaskActionsCommandTest, BadStatesAndMissingGroupsAreUsageErrors) {
    client().enqueue(Task("t"));
    auto wrong_state = asynq({"task", "runall", "-q", "default", "-s", "pending"});  // pending is not runnable
    EXPECT_EQ(wrong_state.exit_status, 2);
    EXPECT_NE(wrong_state.err.find("--state"), std::string::npos) << wrong_state.err;
    expect_error(asynq({"task", "archiveall", "-q", "default", "-s", "aggregating"}), 2,
                 "asynq: --group is required with --state aggregating");
    EXPECT_EQ(redis().llen("asynq:{default}:pending"), 1);
}

TEST_F(TaskActionsCommandTest, UnknownQueueOrTaskIsStatus5AndAForbiddenStateStatus1) {
    client().enqueue(Task("t"), {.task_id = "pending-1"});
    expect_error(asynq({"task", "delete", "-q", "nowhere", "-i", "x"}), 5, "asynq: queue \"nowhere\" does not exist");
    expect_error(asynq({"task", "archive", "-q", "default", "-i", "nope"}), 5,
                 "asynq: cannot find task with id=nope in queue \"default\"");
    expect_error(asynq({"task", "run", "-q", "default", "-i", "pending-1"}), 1,
                 "asynq: task is already in pending state");
}

TEST_F(TaskActionsCommandTest, CancelSendsOneSignalPerTask) {
    auto result = asynq({"task", "cancel", "a", "b"});
    EXPECT_EQ(result.exit_status, 0) << result.err;
    EXPECT_EQ(result.out, "Sent cancelation signal for task a\nSent cancelation signal for task b\n");
}

TEST_F(TaskActionsCommandTest, QueueRemoveRefusesANonEmptyQueueUnlessForced) {
    client().enqueue(Task("t"), {.queue = "full"});
    client().enqueue(Task("t"), {.queue = "empty"});
    asynq({"task", "deleteall", "-q", "empty", "-s", "pending"});

    auto refused = asynq({"queue", "remove", "full", "empty"});
    EXPECT_EQ(refused.exit_status, 1);
    EXPECT_EQ(refused.out, "Successfully removed queue \"empty\"\n");
    const auto errors = refused.err_lines();
    ASSERT_EQ(errors.size(), 3u) << refused.err;
    EXPECT_EQ(errors[0], "asynq: queue \"full\" is not empty");
    EXPECT_EQ(errors[1], "asynq: to remove it with its tasks: asynq queue remove --force full");
    EXPECT_EQ(errors[2], "asynq: 1 of 2 queues not removed");
    EXPECT_EQ(redis().smembers("asynq:queues"), std::set<std::string>{"full"});

    auto forced = asynq({"queue", "rm", "--force", "full"});
    EXPECT_EQ(forced.exit_status, 0) << forced.err;
    EXPECT_EQ(forced.out, "Successfully removed queue \"full\"\n");
    EXPECT_TRUE(redis().smembers("asynq:queues").empty());
    EXPECT_FALSE(redis().exists("asynq:{full}:pending"));

    auto unknown = asynq({"queue", "remove", "full"});
    EXPECT_EQ(unknown.exit_status, 5);
    EXPECT_NE(unknown.err.find("queue \"full\" does not exist"), std::string::npos) << unknown.err;
}

}  // namespace
}  // namespace asynq::testing
