// The command handler with a hand-made TaskContext: what goes into the command and what comes out of it.

#include "cli/command_handler.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <string>
#include <thread>
#include <vector>

#include "asynq/task_errors.h"
#include "process_test_support.h"
#include "support/eventually.h"

namespace asynq::cli {
namespace {

using asynq::testing::complete_first_line;
using asynq::testing::eventually;
using asynq::testing::path_variable;
using asynq::testing::process_is_dead;
using asynq::testing::TempDir;

class CommandHandlerTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { ::signal(SIGPIPE, SIG_IGN); }

    TaskContext context() {
        return TaskContext(
            {.task_id = "id-1",
             .queue = "critical",
             .retry_count = 2,
             .max_retry = 5,
             .deadline = std::chrono::system_clock::now() + std::chrono::hours(1)},
            stop_.get_token(), [this] { return reason_.load(); }, ResultWriter("id-1", [this](std::string_view data) {
                results_.emplace_back(data);
                return data.size();
            }));
    }

    static HandlerFunc handler(std::string command, std::vector<std::string> extra_environment = {}) {
        CommandHandlerOptions options;
        options.command = std::move(command);
        options.environment = {path_variable()};
        for (auto& entry : extra_environment) options.environment.push_back(std::move(entry));
        return make_command_handler(std::move(options));
    }

    // Runs the handler and returns what it threw, or "" if it returned normally.
    std::string failure(const HandlerFunc& handler, const Task& task) {
        TaskContext ctx = context();
        try {
            handler(ctx, task);
        } catch (const std::exception& e) {
            return e.what();
        }
        return "";
    }

    std::stop_source stop_;
    std::atomic<StopReason> reason_{StopReason::kNone};
    std::vector<std::string> results_;
};

TEST_F(CommandHandlerTest, PayloadGoesInOnStdinAndStdoutBecomesTheResult) {
    EXPECT_EQ(failure(handler("cat; printf '!'"), Task("t", "payload")), "");
    EXPECT_EQ(results_, std::vector<std::string>{"payload!"});
}

TEST_F(CommandHandlerTest, EmptyStdoutWritesNoResult) {
    EXPECT_EQ(failure(handler("cat > /dev/null"), Task("t", "payload")), "");
    EXPECT_TRUE(results_.empty());
}

TEST_F(CommandHandlerTest, TaskDetailsAreInTheEnvironment) {
    const HandlerFunc env =
        handler(R"(printf '%s|%s|%s|%s|%s|%s' "$ASYNQ_TASK_ID" "$ASYNQ_TASK_TYPE" "$ASYNQ_QUEUE" "$ASYNQ_RETRY_COUNT" )"
                R"("$ASYNQ_MAX_RETRY" "$INHERITED")",
                {"INHERITED=yes"});
    EXPECT_EQ(failure(env, Task("email:send")), "");
    EXPECT_EQ(results_, std::vector<std::string>{"id-1|email:send|critical|2|5|yes"});
}

TEST_F(CommandHandlerTest, NonZeroExitFailsWithTheStatusAndTheEndOfStderr) {
    EXPECT_EQ(failure(handler("echo partial result; echo first >&2; echo 'second line' >&2; exit 3"), Task("t")),
              "exit status 3: first\nsecond line");
    EXPECT_EQ(failure(handler("exit 4"), Task("t")), "command exited with status 4");
    EXPECT_TRUE(results_.empty());
}

TEST_F(CommandHandlerTest, DeathBySignalFailsNamingTheSignal) {
    EXPECT_EQ(failure(handler("kill -KILL $$"), Task("t")), "command killed by signal 9 (SIGKILL)");
    EXPECT_EQ(failure(handler("echo dying >&2; kill -TERM $$"), Task("t")), "killed by signal 15 (SIGTERM): dying");
}

TEST_F(CommandHandlerTest, StopKillsTheCommandAndThrowsTheReasonOnceItIsGone) {
    TempDir dir;
    const HandlerFunc slow = handler("echo $$ > " + dir.file("pid") + "; exec sleep 300");
    std::exception_ptr thrown;
    std::jthread worker([&] {
        TaskContext ctx = context();
        try {
            slow(ctx, Task("t"));
        } catch (...) {
            thrown = std::current_exception();
        }
    });
    std::optional<std::string> pid;
    ASSERT_TRUE(eventually([&] { return (pid = complete_first_line(dir.file("pid"))).has_value(); }));
    reason_ = StopReason::kDeadline;
    stop_.request_stop();
    worker.join();

    ASSERT_TRUE(thrown);
    EXPECT_THROW(std::rethrow_exception(thrown), DeadlineExceeded);
    EXPECT_TRUE(process_is_dead(static_cast<pid_t>(std::stol(*pid))));  // reaped before the handler returned
    EXPECT_TRUE(results_.empty());
}

TEST_F(CommandHandlerTest, EachStopReasonHasItsError) {
    const HandlerFunc slow = handler("sleep 300");
    reason_ = StopReason::kCanceled;
    stop_.request_stop();
    EXPECT_EQ(failure(slow, Task("t")), "context canceled");
    reason_ = StopReason::kLeaseExpired;
    EXPECT_EQ(failure(slow, Task("t")), "asynq: task lease expired");
    reason_ = StopReason::kShutdown;
    EXPECT_EQ(failure(slow, Task("t")), "server shutdown: command stopped");
}

TEST(FailureMessage, KeepsWholeLinesOfATruncatedStderr) {
    CommandOutcome outcome;
    outcome.status = 1;
    outcome.err_tail = "tial line\nlast line\n";
    outcome.err_dropped = 100;
    EXPECT_EQ(failure_message(outcome), "exit status 1: last line");

    outcome.err_tail = "one long line without a break";  // nothing better to show
    EXPECT_EQ(failure_message(outcome), "exit status 1: one long line without a break");

    outcome.err_tail = "partial\n \n";  // cutting at the line would leave nothing
    EXPECT_EQ(failure_message(outcome), "exit status 1: partial");
}

TEST(FailureMessage, TrimsWhitespaceAndReplacesInvalidUtf8) {
    CommandOutcome outcome;
    outcome.status = 2;
    outcome.err_tail = "\n  bad byte \xff here \xc2\xb5s\r\n\n";
    EXPECT_EQ(failure_message(outcome), "exit status 2: bad byte \xef\xbf\xbd here \xc2\xb5s");

    outcome.err_tail = " \n\t";
    EXPECT_EQ(failure_message(outcome), "command exited with status 2");
}

TEST(InheritedEnvironment, DropsStaleTaskVariablesAndKeepsTheRest) {
    ::setenv("ASYNQ_TASK_ID", "stale", 1);
    ::setenv("ASYNQ_CLI_TEST_KEPT", "kept", 1);
    const std::vector<std::string> environment = inherited_environment();
    ::unsetenv("ASYNQ_TASK_ID");
    ::unsetenv("ASYNQ_CLI_TEST_KEPT");

    EXPECT_EQ(std::count(environment.begin(), environment.end(), "ASYNQ_CLI_TEST_KEPT=kept"), 1);
    for (const std::string& entry : environment) EXPECT_NE(entry.rfind("ASYNQ_TASK_ID=", 0), 0u) << entry;
}

}  // namespace
}  // namespace asynq::cli
