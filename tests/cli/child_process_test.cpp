// run_command against real /bin/sh processes: output capture, limits, signals, process groups, inheritance.

#include "cli/child_process.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <sstream>
#include <string>
#include <thread>

#include "process_test_support.h"
#include "support/eventually.h"

namespace asynq::cli {
namespace {

using namespace std::chrono_literals;
using asynq::testing::complete_first_line;
using asynq::testing::eventually;
using asynq::testing::path_variable;
using asynq::testing::process_is_dead;
using asynq::testing::TempDir;

class ChildProcessTest : public ::testing::Test {
protected:
    // run_command's documented precondition, as the worker sets it up.
    static void SetUpTestSuite() { ::signal(SIGPIPE, SIG_IGN); }

    static CommandSpec spec(std::string command) {
        CommandSpec spec;
        spec.command = std::move(command);
        spec.environment = {path_variable()};
        return spec;
    }

    // The children run_command started are all reaped: none is left, zombie or not.
    static void expect_no_children() {
        errno = 0;
        EXPECT_EQ(::waitpid(-1, nullptr, WNOHANG), -1);
        EXPECT_EQ(errno, ECHILD);
    }

    // Runs spec on another thread, waits until `ready_file` holds a pid, stops the command and returns the
    // outcome with that pid.
    static std::pair<CommandOutcome, pid_t> run_and_stop(const CommandSpec& spec, const std::string& ready_file) {
        std::stop_source stop;
        CommandOutcome outcome;
        std::exception_ptr error;
        std::jthread runner([&] {
            try {
                outcome = run_command(spec, stop.get_token());
            } catch (...) {
                error = std::current_exception();
            }
        });
        std::optional<std::string> pid;
        EXPECT_TRUE(eventually([&] { return (pid = complete_first_line(ready_file)).has_value(); }));
        stop.request_stop();
        runner.join();
        if (error) std::rethrow_exception(error);
        return {outcome, pid ? static_cast<pid_t>(std::stol(*pid)) : -1};
    }
};

TEST_F(ChildProcessTest, CollectsStdoutAndStderrOfASuccessfulCommand) {
    const CommandOutcome outcome = run_command(spec("printf out; printf err >&2"), {});
    EXPECT_TRUE(outcome.succeeded());
    EXPECT_EQ(outcome.ending, CommandOutcome::Ending::kExited);
    EXPECT_EQ(outcome.status, 0);
    EXPECT_EQ(outcome.out, "out");
    EXPECT_EQ(outcome.err_tail, "err");
    EXPECT_EQ(outcome.out_dropped, 0u);
    EXPECT_EQ(outcome.err_dropped, 0u);
    EXPECT_FALSE(outcome.stopped);
    expect_no_children();
}

TEST_F(ChildProcessTest, ReportsExitStatusAndKillingSignal) {
    const CommandOutcome exited = run_command(spec("exit 3"), {});
    EXPECT_FALSE(exited.succeeded());
    EXPECT_EQ(exited.ending, CommandOutcome::Ending::kExited);
    EXPECT_EQ(exited.status, 3);

    const CommandOutcome killed = run_command(spec("kill -KILL $$"), {});
    EXPECT_FALSE(killed.succeeded());
    EXPECT_EQ(killed.ending, CommandOutcome::Ending::kKilledBySignal);
    EXPECT_EQ(killed.status, SIGKILL);
    EXPECT_FALSE(killed.stopped);

    const CommandOutcome missing = run_command(spec("asynq-no-such-command-here"), {});
    EXPECT_EQ(missing.status, 127);
    EXPECT_NE(missing.err_tail.find("not found"), std::string::npos) << missing.err_tail;
    expect_no_children();
}

// More than a pipe holds in both directions at once: writing stdin and reading stdout must interleave.
TEST_F(ChildProcessTest, FeedsStdinByteForByteWhileReadingStdout) {
    std::string input;
    for (int round = 0; round < 4096; ++round) {
        for (int byte = 0; byte < 256; ++byte) input += static_cast<char>(byte);
    }
    CommandSpec cat = spec("cat");
    cat.input = input;
    cat.stdout_limit = 2 * input.size();

    const CommandOutcome outcome = run_command(cat, {});
    EXPECT_TRUE(outcome.succeeded()) << outcome.err_tail;
    EXPECT_EQ(outcome.out.size(), input.size());
    EXPECT_TRUE(outcome.out == input);
}

TEST_F(ChildProcessTest, InputTheCommandNeverReadsDoesNotBlockIt) {
    const std::string input(4 << 20, 'x');
    CommandSpec ignores_stdin = spec("printf done");
    ignores_stdin.input = input;

    const CommandOutcome outcome = run_command(ignores_stdin, {});
    EXPECT_TRUE(outcome.succeeded()) << outcome.err_tail;
    EXPECT_EQ(outcome.out, "done");
}

TEST_F(ChildProcessTest, StdoutBeyondTheLimitIsReadAndDropped) {
    CommandSpec big = spec("head -c 3000000 /dev/zero; printf end >&2");
    big.stdout_limit = 1 << 20;

    const CommandOutcome outcome = run_command(big, {});
    EXPECT_TRUE(outcome.succeeded()) << outcome.err_tail;  // not blocked on a full pipe
    EXPECT_EQ(outcome.out, std::string(1 << 20, '\0'));
    EXPECT_EQ(outcome.out_dropped, 3000000u - (1u << 20));
    EXPECT_EQ(outcome.err_tail, "end");
}

TEST_F(ChildProcessTest, StderrKeepsOnlyItsEnd) {
    std::string expected;
    for (int i = 1; i <= 100000; ++i) expected += std::to_string(i) + "\n";
    CommandSpec chatty = spec("seq 1 100000 >&2");
    chatty.stderr_limit = 2048;

    const CommandOutcome outcome = run_command(chatty, {});
    EXPECT_TRUE(outcome.succeeded());
    EXPECT_EQ(outcome.err_tail, expected.substr(expected.size() - 2048));
    EXPECT_EQ(outcome.err_dropped, expected.size() - 2048);
    EXPECT_EQ(outcome.out, "");
}

TEST_F(ChildProcessTest, EnvironmentIsExactlyTheGivenOne) {
    CommandSpec env = spec(R"(printf '%s|%s' "$GREETING" "${HOME-unset}")");
    env.environment.push_back("GREETING=hello there");

    const CommandOutcome outcome = run_command(env, {});
    EXPECT_EQ(outcome.out, "hello there|unset");
}

// Server::run blocks SIGTERM, SIGINT and SIGTSTP in every worker thread and the worker ignores SIGPIPE; a
// command must start with none of that, or SIGTERM could not stop it.
TEST_F(ChildProcessTest, CommandStartsWithNoBlockedOrIgnoredSignals) {
    sigset_t blocked;
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGTERM);
    sigaddset(&blocked, SIGINT);
    sigaddset(&blocked, SIGTSTP);
    sigset_t previous;
    ASSERT_EQ(::pthread_sigmask(SIG_BLOCK, &blocked, &previous), 0);
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    struct sigaction previous_usr1 {};
    ::sigaction(SIGUSR1, &ignore, &previous_usr1);

    const CommandOutcome outcome = run_command(spec("grep -E '^Sig(Blk|Ign):' /proc/self/status"), {});

    ::sigaction(SIGUSR1, &previous_usr1, nullptr);
    ::pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    std::istringstream lines(outcome.out);
    std::string blocked_line, ignored_line;
    ASSERT_TRUE(std::getline(lines, blocked_line) && std::getline(lines, ignored_line)) << outcome.out;
    EXPECT_EQ(blocked_line, "SigBlk:\t0000000000000000");
    ASSERT_EQ(ignored_line.rfind("SigIgn:\t", 0), 0u) << ignored_line;
    // glibc's posix_spawn leaves its two internal signals (32 and 33, below SIGRTMIN) ignored in every child it
    // starts; nothing outside glibc's threading uses them. Every other signal must be at its default.
    const unsigned long long ignored = std::stoull(ignored_line.substr(8), nullptr, 16);
    const unsigned long long glibc_internal = (1ull << (32 - 1)) | (1ull << (33 - 1));
    EXPECT_EQ(ignored & ~glibc_internal, 0u) << ignored_line;
}

TEST_F(ChildProcessTest, CommandLeadsItsOwnProcessGroup) {
    // Field 5 of /proc/PID/stat is the process group; sh's comm has no spaces.
    const CommandOutcome outcome = run_command(spec("echo $$ $(cut -d' ' -f5 /proc/$$/stat)"), {});
    std::istringstream fields(outcome.out);
    pid_t pid = 0;
    pid_t group = 0;
    ASSERT_TRUE(fields >> pid >> group) << outcome.out << outcome.err_tail;
    EXPECT_EQ(group, pid);
    EXPECT_NE(group, ::getpgrp());
}

TEST_F(ChildProcessTest, CommandInheritsNoDescriptorsBeyondTheStandardOnes) {
    const int leaky = ::open("/dev/null", O_RDONLY);  // no O_CLOEXEC, as some libraries do
    ASSERT_GE(leaky, 3);
    const std::string path = "/proc/$$/fd/" + std::to_string(leaky);
    const CommandOutcome outcome =
        run_command(spec("if [ -e " + path + " ]; then echo inherited; else echo closed; fi"), {});
    ::close(leaky);
    EXPECT_EQ(outcome.out, "closed\n");
}

TEST_F(ChildProcessTest, StopTerminatesTheWholeProcessGroup) {
    TempDir dir;
    const auto [outcome, sleeper] =
        run_and_stop(spec("sleep 300 & echo $! > " + dir.file("pid") + "; wait"), dir.file("pid"));

    EXPECT_TRUE(outcome.stopped);
    EXPECT_EQ(outcome.ending, CommandOutcome::Ending::kKilledBySignal);
    EXPECT_EQ(outcome.status, SIGTERM);
    ASSERT_GT(sleeper, 0);
    EXPECT_TRUE(eventually([&] { return process_is_dead(sleeper); })) << "sleep " << sleeper << " survived";
    expect_no_children();
}

TEST_F(ChildProcessTest, StopEscalatesToSigkillAfterTheGrace) {
    TempDir dir;
    CommandSpec stubborn = spec("trap '' TERM; echo $$ > " + dir.file("pid") + "; while :; do sleep 1; done");
    stubborn.kill_grace = 200ms;

    const CommandOutcome outcome = run_and_stop(stubborn, dir.file("pid")).first;
    EXPECT_TRUE(outcome.stopped);
    EXPECT_EQ(outcome.ending, CommandOutcome::Ending::kKilledBySignal);
    EXPECT_EQ(outcome.status, SIGKILL);
    expect_no_children();
}

// `sh -c` dies at once on SIGTERM while the program it runs may still be cleaning up: that program gets the
// grace too, and what it writes meanwhile is kept.
TEST_F(ChildProcessTest, StopGivesTheRestOfTheGroupItsGraceAfterTheShellExits) {
    TempDir dir;
    CommandSpec nested = spec("sh -c 'trap \"echo cleaned up >&2; exit 0\" TERM; echo $$ > " + dir.file("pid") +
                              "; while :; do sleep 0.1; done'; echo unreachable");
    nested.kill_grace = 60s;  // only reached if the cleanup never comes

    const CommandOutcome outcome = run_and_stop(nested, dir.file("pid")).first;
    EXPECT_TRUE(outcome.stopped);
    EXPECT_EQ(outcome.ending, CommandOutcome::Ending::kKilledBySignal);
    EXPECT_EQ(outcome.status, SIGTERM);
    // Before it, sh may report its `sleep` "Terminated", depending on where the signal found it.
    EXPECT_TRUE(outcome.err_tail.ends_with("cleaned up\n")) << outcome.err_tail;
    EXPECT_EQ(outcome.out, "");
    expect_no_children();
}

TEST_F(ChildProcessTest, StopRequestedBeforeTheStartStopsTheCommandAtOnce) {
    std::stop_source stop;
    stop.request_stop();
    const CommandOutcome outcome = run_command(spec("sleep 300"), stop.get_token());
    EXPECT_TRUE(outcome.stopped);
    EXPECT_EQ(outcome.ending, CommandOutcome::Ending::kKilledBySignal);
    EXPECT_EQ(outcome.status, SIGTERM);
    expect_no_children();
}

// The command is over when its process exits, even if something it left in the background holds its stdout.
TEST_F(ChildProcessTest, BackgroundProcessHoldingStdoutDoesNotDelayTheEnd) {
    const CommandOutcome outcome = run_command(spec("sleep 300 & echo $!"), {});
    ASSERT_TRUE(outcome.succeeded()) << outcome.err_tail;
    const pid_t sleeper = static_cast<pid_t>(std::stol(outcome.out));
    EXPECT_FALSE(process_is_dead(sleeper));  // left alone
    ::kill(sleeper, SIGKILL);
    expect_no_children();  // it was the shell's child, not ours
}

}  // namespace
}  // namespace asynq::cli
