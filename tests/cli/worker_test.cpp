// Runs the real `asynq worker` against the test Redis, feeds it tasks with the Client, and checks the outcomes in
// Redis: states, results, error messages, counters, and what became of the commands' processes.

#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "asynq/client.h"
#include "broker/proto/asynq.pb.h"
#include "cli_runner.h"
#include "process_test_support.h"
#include "support/eventually.h"
#include "support/redis_server.h"
#include "support/test_redis.h"

namespace asynq::testing {
namespace {

using namespace std::chrono_literals;

class WorkerTest : public RedisTest {
protected:
    // `asynq worker <args> --uri <test redis>` in the background, once its server has started: from then on
    // SIGTERM and SIGINT are the graceful shutdown (Server::run blocks them before it logs "starting").
    std::unique_ptr<CliProcess> start_worker(std::vector<std::string> args,
                                             std::map<std::string, std::string> env = {}) {
        args.insert(args.begin(), "worker");
        args.insert(args.end(), {"--uri", server().uri()});
        CliRun run;
        run.args = std::move(args);
        run.env = std::move(env);
        auto worker = std::make_unique<CliProcess>(run);
        EXPECT_TRUE(eventually([&] { return worker->err().find(" starting: ") != std::string::npos; }))
            << worker->err();
        return worker;
    }

    // SIGTERM; the worker must shut down gracefully, exit 0 and leave no error behind.
    static void stop_worker(CliProcess& worker) {
        worker.send_signal(SIGTERM);
        const CliResult result = worker.wait();
        EXPECT_EQ(result.exit_status, 0) << result.err;
        EXPECT_EQ(result.err.find("asynq: "), std::string::npos) << result.err;
    }

    Client& client() {
        if (!client_) client_ = std::make_unique<Client>(server().options());
        return *client_;
    }

    std::optional<std::string> state(const std::string& id, const std::string& queue = "default") {
        return redis().hget("asynq:{" + queue + "}:t:" + id, "state");
    }

    // Waits until the task reaches `expected` state; on timeout reports the state it is stuck in.
    void expect_state(const std::string& id, const std::string& expected, const std::string& queue = "default") {
        std::optional<std::string> last;
        EXPECT_TRUE(eventually([&] { return (last = state(id, queue)) == expected; }))
            << "task " << id << " is " << last.value_or("<gone>") << ", expected " << expected;
    }

    // The TaskMessage stored in the task hash, decoded with the wire schema itself.
    wire::TaskMessage stored_message(const std::string& id, const std::string& queue = "default") {
        const auto msg = redis().hget("asynq:{" + queue + "}:t:" + id, "msg");
        if (!msg) throw std::runtime_error("no msg field for task " + id);
        wire::TaskMessage message;
        if (!message.ParseFromString(*msg)) throw std::runtime_error("undecodable msg for task " + id);
        return message;
    }

    bool in_zset(const std::string& key, const std::string& member) {
        for (const auto& [name, score] : redis().zrange_withscores(key)) {
            if (name == member) return true;
        }
        return false;
    }

    // The pid a command wrote to `path` once it is there.
    static pid_t wait_for_pid(const std::string& path) {
        std::optional<std::string> line;
        EXPECT_TRUE(eventually([&] { return (line = complete_first_line(path)).has_value(); })) << path;
        return line ? static_cast<pid_t>(std::stol(*line)) : -1;
    }

private:
    std::unique_ptr<Client> client_;
};

TEST_F(WorkerTest, SuccessStoresStdoutAsTheResult) {
    auto worker = start_worker({"--handler", "greet=printf 'hello, '; cat"});

    client().enqueue(Task("greet", "world"), {.task_id = "kept", .retention = 1h});
    client().enqueue(Task("greet", "again"), {.task_id = "dropped"});

    expect_state("kept", "completed");
    EXPECT_EQ(redis().hget("asynq:{default}:t:kept", "result"), "hello, world");
    EXPECT_TRUE(in_zset("asynq:{default}:completed", "kept"));
    // Without retention a completed task is deleted at once.
    EXPECT_TRUE(eventually([&] { return !redis().exists("asynq:{default}:t:dropped"); }));
    EXPECT_TRUE(eventually([&] { return redis().get("asynq:{default}:processed") == "2"; }))
        << redis().get("asynq:{default}:processed").value_or("<none>");
    EXPECT_FALSE(redis().exists("asynq:{default}:failed"));
    stop_worker(*worker);
}

TEST_F(WorkerTest, FailureRecordsTheExitStatusAndTheEndOfStderr) {
    auto worker = start_worker({"--handler", "fail=echo 'step 1 ok' >&2; echo 'disk full' >&2; exit 3", "--handler",
                                "quiet=exit 7", "--handler", "crash=echo output; kill -KILL $$"});

    client().enqueue(Task("fail", "x"), {.max_retry = 1, .task_id = "retried"});
    client().enqueue(Task("fail", "x"), {.max_retry = 0, .task_id = "archived"});
    client().enqueue(Task("quiet"), {.max_retry = 0, .task_id = "quiet"});
    client().enqueue(Task("crash"), {.max_retry = 0, .task_id = "crash"});

    expect_state("retried", "retry");
    EXPECT_TRUE(in_zset("asynq:{default}:retry", "retried"));
    EXPECT_EQ(stored_message("retried").error_msg(), "exit status 3: step 1 ok\ndisk full");
    EXPECT_EQ(stored_message("retried").retried(), 1);

    expect_state("archived", "archived");
    EXPECT_TRUE(in_zset("asynq:{default}:archived", "archived"));
    EXPECT_EQ(stored_message("archived").error_msg(), "exit status 3: step 1 ok\ndisk full");

    expect_state("quiet", "archived");
    EXPECT_EQ(stored_message("quiet").error_msg(), "command exited with status 7");
    expect_state("crash", "archived");
    EXPECT_EQ(stored_message("crash").error_msg(), "command killed by signal 9 (SIGKILL)");
    EXPECT_FALSE(redis().hget("asynq:{default}:t:crash", "result").has_value());  // no result from a failure
    stop_worker(*worker);
}

TEST_F(WorkerTest, DeadlineKillsTheCommandsWholeProcessGroup) {
    TempDir dir;
    // The shell waits on a background sleep: only a signal to the group reaches both.
    auto worker = start_worker({"--handler", "slow=sleep 300 & echo $! > " + dir.file("pid") + "; wait"});

    client().enqueue(Task("slow"), {.max_retry = 0, .timeout = 1s, .task_id = "slow"});

    const pid_t sleeper = wait_for_pid(dir.file("pid"));
    expect_state("slow", "archived");
    EXPECT_EQ(stored_message("slow").error_msg(), "context deadline exceeded");
    EXPECT_TRUE(eventually([&] { return process_is_dead(sleeper); })) << "sleep " << sleeper << " survived";
    stop_worker(*worker);
}

TEST_F(WorkerTest, KillGraceEndsInSigkillForACommandIgnoringSigterm) {
    TempDir dir;
    auto worker = start_worker({"--kill-grace", "500ms", "--handler",
                                "stubborn=trap '' TERM; echo $$ > " + dir.file("pid") + "; while :; do sleep 1; done"});

    client().enqueue(Task("stubborn"), {.max_retry = 0, .timeout = 1s, .task_id = "stubborn"});

    const pid_t shell = wait_for_pid(dir.file("pid"));
    expect_state("stubborn", "archived");
    EXPECT_TRUE(eventually([&] { return process_is_dead(shell); })) << "sh " << shell << " survived SIGKILL";
    stop_worker(*worker);
}

TEST_F(WorkerTest, CancellationKillsTheCommand) {
    TempDir dir;
    auto worker = start_worker({"--handler", "slow=echo $$ > " + dir.file("pid") + "; exec sleep 300"});

    client().enqueue(Task("slow"), {.max_retry = 0, .task_id = "doomed"});
    const pid_t sleeper = wait_for_pid(dir.file("pid"));
    // Published until it lands: the worker subscribes on its own thread and may not be listening yet.
    EXPECT_TRUE(eventually(
        [&] {
            redis().command({"PUBLISH", "asynq:cancel", "doomed"});
            return state("doomed") == "archived";
        },
        30s, 100ms));
    EXPECT_EQ(stored_message("doomed").error_msg(), "context canceled");
    EXPECT_TRUE(eventually([&] { return process_is_dead(sleeper); })) << "sleep " << sleeper << " survived";
    stop_worker(*worker);
}

TEST_F(WorkerTest, BinaryPayloadRoundTripsThroughTheCommand) {
    std::string payload;
    for (int byte = 0; byte < 256; ++byte) payload += static_cast<char>(byte);
    auto worker = start_worker({"--handler", "echo=cat"});

    client().enqueue(Task("echo", payload), {.task_id = "bytes", .retention = 1h});

    expect_state("bytes", "completed");
    const auto result = redis().hget("asynq:{default}:t:bytes", "result");
    ASSERT_TRUE(result.has_value());
    EXPECT_EQ(result->size(), 256u);
    EXPECT_TRUE(*result == payload);
    stop_worker(*worker);
}

TEST_F(WorkerTest, TaskDetailsAndTheWorkersEnvironmentReachTheCommand) {
    auto worker =
        start_worker({"--queue", "critical", "--handler",
                      R"(env:show=printf '%s|%s|%s|%s|%s|%s' "$ASYNQ_TASK_ID" "$ASYNQ_TASK_TYPE" "$ASYNQ_QUEUE" )"
                      R"("$ASYNQ_RETRY_COUNT" "$ASYNQ_MAX_RETRY" "$FROM_PARENT")",
                      "--handler", "signals=grep -E '^Sig(Blk|Ign):' /proc/self/status"},
                     {{"FROM_PARENT", "inherited"}});

    client().enqueue(Task("env:show"), {.queue = "critical", .max_retry = 5, .task_id = "env", .retention = 1h});
    client().enqueue(Task("signals"), {.queue = "critical", .task_id = "signals", .retention = 1h});

    expect_state("env", "completed", "critical");
    EXPECT_EQ(redis().hget("asynq:{critical}:t:env", "result"), "env|env:show|critical|0|5|inherited");

    // Worker threads block SIGTERM and SIGINT (Server::run) and the worker ignores SIGPIPE: none of it may reach
    // a command. glibc's posix_spawn leaves its internal signals 32 and 33 ignored; anything else must not be.
    expect_state("signals", "completed", "critical");
    const std::string signals = redis().hget("asynq:{critical}:t:signals", "result").value_or("");
    EXPECT_TRUE(signals == "SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n" ||
                signals == "SigBlk:\t0000000000000000\nSigIgn:\t0000000180000000\n")
        << signals;
    stop_worker(*worker);
}

TEST_F(WorkerTest, HandlersRouteByExactTypeThenLongestPrefix) {
    auto worker = start_worker({"--handler", "email:=printf email-prefix", "--handler", "email:w=printf longer-prefix",
                                "--handler", "email:welcome=printf exact", "--handler", "image=printf image"});

    const std::map<std::string, std::string> expected{{"email:welcome", "exact"},
                                                      {"email:weekly", "longer-prefix"},
                                                      {"email:digest", "email-prefix"},
                                                      {"images:resize", "image"}};  // plain prefix, as Go's
    for (const auto& [type, result] : expected) client().enqueue(Task(type), {.task_id = type, .retention = 1h});
    client().enqueue(Task("other"), {.max_retry = 0, .task_id = "other"});

    for (const auto& [type, result] : expected) {
        expect_state(type, "completed");
        EXPECT_EQ(redis().hget("asynq:{default}:t:" + type, "result"), result) << type;
    }
    expect_state("other", "archived");
    EXPECT_EQ(stored_message("other").error_msg(), "handler not found for task \"other\"");
    stop_worker(*worker);
}

TEST_F(WorkerTest, SigtermWaitsForTheRunningTaskToFinish) {
    TempDir dir;
    auto worker = start_worker({"--shutdown-timeout", "5m", "--handler",
                                "wait=touch " + dir.file("started") + "; while [ ! -e " + dir.file("release") +
                                    " ]; do sleep 0.05; done; printf finished"});
    client().enqueue(Task("wait"), {.task_id = "running", .retention = 1h});
    ASSERT_TRUE(eventually([&] { return std::filesystem::exists(dir.path() / "started"); }));

    worker->send_signal(SIGTERM);
    // Only once the worker is shutting down may the task finish: the shutdown must wait for it.
    ASSERT_TRUE(eventually([&] { return worker->err().find("shutting down") != std::string::npos; })) << worker->err();
    EXPECT_EQ(state("running"), "active");
    std::ofstream(dir.path() / "release").close();

    const CliResult result = worker->wait();
    EXPECT_EQ(result.exit_status, 0) << result.err;
    EXPECT_EQ(state("running"), "completed");
    EXPECT_EQ(redis().hget("asynq:{default}:t:running", "result"), "finished");
}

TEST_F(WorkerTest, SigtermRequeuesATaskStillRunningAtTheShutdownTimeout) {
    TempDir dir;
    auto worker = start_worker(
        {"--shutdown-timeout", "1s", "--handler", "long=echo $$ > " + dir.file("pid") + "; exec sleep 300"});
    client().enqueue(Task("long"), {.task_id = "long"});
    const pid_t sleeper = wait_for_pid(dir.file("pid"));

    worker->send_signal(SIGTERM);
    const CliResult result = worker->wait();

    EXPECT_EQ(result.exit_status, 0) << result.err;
    EXPECT_EQ(state("long"), "pending");
    EXPECT_EQ(redis().lrange("asynq:{default}:pending"), std::vector<std::string>{"long"});
    EXPECT_EQ(stored_message("long").retried(), 0);  // a requeue charges no retry
    // The handler returned only after its command was gone: nothing outlives the worker.
    EXPECT_TRUE(process_is_dead(sleeper)) << "sleep " << sleeper << " outlived the worker";
}

TEST_F(WorkerTest, SigintShutsAnIdleWorkerDownGracefully) {
    auto worker = start_worker({"--handler", "t=cat"});
    EXPECT_NE(worker->err().find(R"(asynq worker: serving queues default=1 (weighted priority))"), std::string::npos)
        << worker->err();
    EXPECT_NE(worker->err().find(R"(handlers: "t" -> "cat")"), std::string::npos) << worker->err();

    worker->send_signal(SIGINT);
    const CliResult result = worker->wait();
    EXPECT_EQ(result.exit_status, 0) << result.err;
    EXPECT_NE(result.err.find("stopped"), std::string::npos) << result.err;
}

struct UsageErrorCase {
    std::vector<std::string> args;  // after `worker`
    std::string fragment;           // what the error line must mention, usually the flag
};

// Each of these must be refused before anything reaches Redis, naming what to fix, with exit status 2.
TEST_F(WorkerTest, BadFlagsAreUsageErrors) {
    const UsageErrorCase cases[] = {
        {{}, "--handler"},
        {{"--queue", "critical"}, "--handler"},
        {{"--handler", "email"}, R"(--handler: expected PATTERN=COMMAND, got "email")"},
        {{"--handler", "=cat"}, R"(--handler: empty pattern in "=cat")"},
        {{"--handler", "email="}, R"(--handler: empty command for pattern "email")"},
        {{"--handler", "t=cat", "--handler", "t=tac"}, R"(--handler: pattern "t" given twice)"},
        {{"--handler", "t=cat", "--queue", "x=0"}, R"(--queue: weight must be a positive integer, got "0")"},
        {{"--handler", "t=cat", "--queue", "x=abc"}, "--queue: weight"},
        {{"--handler", "t=cat", "--queue", "=2"}, "--queue: empty queue name"},
        {{"--handler", "t=cat", "--queue", "a", "--queue", "a=2"}, R"(--queue: queue "a" given twice)"},
        {{"--handler", "t=cat", "--concurrency", "0"}, "--concurrency: must be > 0, got 0"},
        {{"--handler", "t=cat", "--concurrency", "-3"}, "--concurrency: must be > 0, got -3"},
        {{"--handler", "t=cat", "--concurrency", "many"}, "--concurrency"},
        {{"--handler", "t=cat", "--shutdown-timeout", "soon"}, "--shutdown-timeout"},
        {{"--handler", "t=cat", "--shutdown-timeout", "0s"}, "--shutdown-timeout: must be at least 1ms"},
        {{"--handler", "t=cat", "--kill-grace=-1s"}, "--kill-grace: must not be negative"},
        {{"--handler", "t=cat", "--kill-grace", "5"}, "--kill-grace"},
        {{"--handler", "t=cat", "--log-level", "loud"}, R"(--log-level: expected debug, info, warn or error)"},
        {{"--handler", "t=cat", "--bogus"}, "--bogus"},
    };
    for (const UsageErrorCase& c : cases) {
        SCOPED_TRACE(::testing::PrintToString(c.args));
        std::vector<std::string> args{"worker"};
        args.insert(args.end(), c.args.begin(), c.args.end());
        args.insert(args.end(), {"--uri", server().uri()});
        const CliResult result = run_cli(args);
        EXPECT_EQ(result.exit_status, 2) << result.err;
        EXPECT_EQ(result.out, "");
        const auto lines = result.err_lines();
        ASSERT_EQ(lines.size(), 1u) << result.err;
        EXPECT_EQ(lines[0].rfind("asynq: ", 0), 0u) << lines[0];
        EXPECT_NE(lines[0].find(c.fragment), std::string::npos) << "expected \"" << c.fragment << "\" in: " << lines[0];
    }
    EXPECT_EQ(redis().keys(), std::vector<std::string>{});
}

TEST_F(WorkerTest, UnreachableRedisExitsWithStatus3NamingTheAddress) {
    const std::string address = "127.0.0.1:" + std::to_string(free_port());
    const CliResult result = run_cli({"worker", "--handler", "t=cat", "--uri", "redis://" + address});
    EXPECT_EQ(result.exit_status, 3) << result.err;
    const auto lines = result.err_lines();
    ASSERT_FALSE(lines.empty());
    EXPECT_EQ(lines.back().rfind("asynq: ", 0), 0u) << result.err;
    EXPECT_NE(lines.back().find(address), std::string::npos) << result.err;
}

}  // namespace
}  // namespace asynq::testing
