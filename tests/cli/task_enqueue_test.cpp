// Runs the real `asynq` binary against the test Redis and checks what it printed and what it wrote.

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "broker/proto/asynq.pb.h"
#include "cli_runner.h"
#include "support/redis_server.h"
#include "support/test_redis.h"

namespace asynq::testing {
namespace {

using Json = nlohmann::json;

constexpr const char* kMd5OfNothing = "d41d8cd98f00b204e9800998ecf8427e";

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// Asserts the shape every failure must have: a non-zero status, nothing on stdout, and one `asynq: ` line.
void expect_one_error_line(const CliResult& result, int status, const std::string& fragment) {
    EXPECT_EQ(result.exit_status, status) << result.err;
    EXPECT_EQ(result.out, "");
    const auto lines = result.err_lines();
    ASSERT_EQ(lines.size(), 1u) << result.err;
    EXPECT_EQ(lines[0].rfind("asynq: ", 0), 0u) << lines[0];
    EXPECT_NE(lines[0].find(fragment), std::string::npos) << "expected \"" << fragment << "\" in: " << lines[0];
}

class TaskEnqueueTest : public RedisTest {
protected:
    // `asynq task enqueue <args> --uri <test redis>`; the global flag goes last on purpose, which also checks that
    // it is accepted after the subcommand.
    CliResult enqueue(std::vector<std::string> args, std::optional<std::string> input = std::nullopt) {
        args.insert(args.begin(), {"task", "enqueue"});
        args.insert(args.end(), {"--uri", server().uri()});
        CliRun run;
        run.args = std::move(args);
        run.input = std::move(input);
        return run_cli(run);
    }

    // Runs enqueue and parses its JSON; throws (failing the test with the CLI's stderr) if it did not succeed.
    Json enqueue_ok(std::vector<std::string> args, std::optional<std::string> input = std::nullopt) {
        CliResult result = enqueue(std::move(args), std::move(input));
        if (result.exit_status != 0 || !result.err.empty()) {
            throw std::runtime_error("enqueue failed with status " + std::to_string(result.exit_status) + ": " +
                                     result.err);
        }
        return Json::parse(result.out);
    }

    // The TaskMessage stored in the task hash, decoded with the wire schema itself.
    wire::TaskMessage stored_message(const std::string& queue, const std::string& id) {
        const auto msg = redis().hget("asynq:{" + queue + "}:t:" + id, "msg");
        if (!msg) throw std::runtime_error("no msg field for task " + id);
        wire::TaskMessage message;
        if (!message.ParseFromString(*msg)) throw std::runtime_error("undecodable msg for task " + id);
        return message;
    }
};

TEST_F(TaskEnqueueTest, PrintsTaskInfoAndWritesPendingTask) {
    const Json info = enqueue_ok({"email:send", "--payload", R"({"user_id":42})"});

    const std::string id = info.at("id");
    EXPECT_FALSE(id.empty());
    EXPECT_EQ(info.at("queue"), "default");
    EXPECT_EQ(info.at("type"), "email:send");
    EXPECT_EQ(info.at("payload"), R"({"user_id":42})");
    EXPECT_FALSE(info.contains("payload_encoding"));
    EXPECT_EQ(info.at("headers"), Json::object());
    EXPECT_EQ(info.at("state"), "pending");
    EXPECT_EQ(info.at("max_retry"), 25);
    EXPECT_EQ(info.at("retried"), 0);
    EXPECT_EQ(info.at("timeout_seconds"), 1800);  // Go's default when neither timeout nor deadline is given
    EXPECT_TRUE(info.at("deadline").is_null());
    EXPECT_TRUE(info.at("group").is_null());
    EXPECT_TRUE(info.at("last_error").is_null());
    EXPECT_TRUE(info.at("result").is_null());

    const std::string key = "asynq:{default}:t:" + id;
    EXPECT_EQ(redis().hget(key, "state"), "pending");
    EXPECT_TRUE(redis().hget(key, "msg").has_value());
    EXPECT_EQ(redis().lrange("asynq:{default}:pending"), std::vector<std::string>{id});
    EXPECT_EQ(redis().smembers("asynq:queues"), std::set<std::string>{"default"});
    EXPECT_EQ(stored_message("default", id).payload(), R"({"user_id":42})");
}

TEST_F(TaskEnqueueTest, EveryOptionReachesTheStoredMessage) {
    const Json info = enqueue_ok({"report:build",
                                  "--payload",
                                  "p",
                                  "--queue",
                                  "critical",
                                  "--max-retry",
                                  "3",
                                  "--timeout",
                                  "1m30s",
                                  "--deadline",
                                  "2099-01-01T00:00:00Z",
                                  "--unique",
                                  "1h",
                                  "--id",
                                  "report-1",
                                  "--retention",
                                  "24h",
                                  "--header",
                                  "trace=abc",
                                  "--header",
                                  "empty="});

    EXPECT_EQ(info.at("id"), "report-1");
    EXPECT_EQ(info.at("queue"), "critical");
    EXPECT_EQ(info.at("state"), "pending");
    EXPECT_EQ(info.at("max_retry"), 3);
    EXPECT_EQ(info.at("timeout_seconds"), 90);
    EXPECT_EQ(info.at("deadline"), "2099-01-01T00:00:00Z");
    EXPECT_EQ(info.at("retention_seconds"), 86400);
    EXPECT_EQ(info.at("headers"), (Json{{"trace", "abc"}, {"empty", ""}}));

    EXPECT_EQ(redis().hget("asynq:{critical}:t:report-1", "state"), "pending");
    EXPECT_EQ(redis().lrange("asynq:{critical}:pending"), std::vector<std::string>{"report-1"});
    EXPECT_EQ(redis().smembers("asynq:queues"), std::set<std::string>{"critical"});

    const wire::TaskMessage message = stored_message("critical", "report-1");
    EXPECT_EQ(message.type(), "report:build");
    EXPECT_EQ(message.queue(), "critical");
    EXPECT_EQ(message.retry(), 3);
    EXPECT_EQ(message.timeout(), 90);
    EXPECT_EQ(message.deadline(), 4070908800);  // date -u -d 2099-01-01T00:00:00Z +%s
    EXPECT_EQ(message.retention(), 86400);
    EXPECT_EQ(message.headers().at("trace"), "abc");
    EXPECT_EQ(message.headers().at("empty"), "");

    // md5("p") = 83878c91171338902e0fe0fb97a8c47a
    const std::string lock = "asynq:{critical}:unique:report:build:83878c91171338902e0fe0fb97a8c47a";
    EXPECT_EQ(message.unique_key(), lock);
    EXPECT_EQ(redis().get(lock), "report-1");
    const long long ttl_ms = redis().pttl(lock);
    EXPECT_GT(ttl_ms, 0);
    EXPECT_LE(ttl_ms, 3'600'000);
}

TEST_F(TaskEnqueueTest, ProcessInSchedulesTheTask) {
    const std::int64_t before = unix_now();
    const Json info = enqueue_ok({"t", "--process-in", "1h"});
    const std::int64_t after = unix_now();

    const std::string id = info.at("id");
    EXPECT_EQ(info.at("state"), "scheduled");
    EXPECT_TRUE(info.at("next_process_at").is_string());
    EXPECT_EQ(redis().hget("asynq:{default}:t:" + id, "state"), "scheduled");
    EXPECT_EQ(redis().llen("asynq:{default}:pending"), 0);
    const auto scheduled = redis().zrange_withscores("asynq:{default}:scheduled");
    ASSERT_EQ(scheduled.size(), 1u);
    EXPECT_EQ(scheduled[0].first, id);
    EXPECT_GE(scheduled[0].second, static_cast<double>(before + 3600));
    EXPECT_LE(scheduled[0].second, static_cast<double>(after + 3600));
}

TEST_F(TaskEnqueueTest, ProcessAtSchedulesAtThatTimeWithOffsetApplied) {
    const Json info = enqueue_ok({"t", "--process-at", "2099-06-01T12:00:00+02:00", "--id", "later"});

    EXPECT_EQ(info.at("state"), "scheduled");
    EXPECT_EQ(info.at("next_process_at"), "2099-06-01T10:00:00Z");
    EXPECT_EQ(redis().hget("asynq:{default}:t:later", "state"), "scheduled");
    // date -u -d 2099-06-01T10:00:00Z +%s
    EXPECT_EQ(redis().zrange_withscores("asynq:{default}:scheduled"),
              (std::vector<std::pair<std::string, double>>{{"later", 4083991200.0}}));
}

TEST_F(TaskEnqueueTest, GroupAddsTheTaskToItsGroup) {
    const Json info = enqueue_ok({"t", "--payload", "x", "--group", "batch", "--id", "g1"});

    EXPECT_EQ(info.at("state"), "aggregating");
    EXPECT_EQ(info.at("group"), "batch");
    EXPECT_EQ(redis().hget("asynq:{default}:t:g1", "state"), "aggregating");
    EXPECT_EQ(redis().hget("asynq:{default}:t:g1", "group"), "batch");
    const auto members = redis().zrange_withscores("asynq:{default}:g:batch");
    ASSERT_EQ(members.size(), 1u);
    EXPECT_EQ(members[0].first, "g1");
    EXPECT_EQ(redis().smembers("asynq:{default}:groups"), std::set<std::string>{"batch"});
    EXPECT_EQ(redis().llen("asynq:{default}:pending"), 0);
}

TEST_F(TaskEnqueueTest, PayloadFileIsReadByteForByte) {
    const std::string bytes(
        "\xff\x00\x01"
        "binary",
        9);
    const std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("asynq-cli-payload-" + std::to_string(::getpid()) + ".bin");
    std::ofstream(path, std::ios::binary) << bytes;

    const Json info = enqueue_ok({"t", "--payload-file", path.string(), "--id", "f1"});
    std::filesystem::remove(path);

    // Not UTF-8, so the JSON carries base64: base64 of ff 00 01 "binary".
    EXPECT_EQ(info.at("payload"), "/wABYmluYXJ5");
    EXPECT_EQ(info.at("payload_encoding"), "base64");
    EXPECT_EQ(stored_message("default", "f1").payload(), bytes);
}

TEST_F(TaskEnqueueTest, PayloadFileDashReadsStandardInput) {
    const std::string text = "line one\nline two\n";
    const Json info = enqueue_ok({"t", "--payload-file", "-", "--id", "s1"}, text);

    EXPECT_EQ(info.at("payload"), text);
    EXPECT_EQ(stored_message("default", "s1").payload(), text);
}

// Go tells a nil payload from an empty one only through the unique lock key (spec §1.3); both CLI forms must
// produce Go's key, or a C++ CLI and a Go client would not see each other's locks.
TEST_F(TaskEnqueueTest, NoPayloadAndEmptyPayloadTakeDifferentUniqueLocks) {
    const Json nil_payload = enqueue_ok({"t", "--unique", "1h"});
    const Json empty_payload = enqueue_ok({"t", "--unique", "1h", "--payload", ""});

    const std::string nil_lock = "asynq:{default}:unique:t:";
    const std::string empty_lock = std::string("asynq:{default}:unique:t:") + kMd5OfNothing;
    EXPECT_EQ(redis().get(nil_lock), nil_payload.at("id").get<std::string>());
    EXPECT_EQ(redis().get(empty_lock), empty_payload.at("id").get<std::string>());
    EXPECT_GT(redis().pttl(nil_lock), 0);
    EXPECT_GT(redis().pttl(empty_lock), 0);
    EXPECT_EQ(stored_message("default", nil_payload.at("id").get<std::string>()).unique_key(), nil_lock);
    EXPECT_EQ(stored_message("default", empty_payload.at("id").get<std::string>()).unique_key(), empty_lock);
}

struct UsageErrorCase {
    std::vector<std::string> args;  // after `task enqueue`
    std::string fragment;           // what the error line must mention, usually the flag
};

// Each of these must be refused before anything reaches Redis, naming what to fix, with exit status 2.
TEST_F(TaskEnqueueTest, BadFlagsAreUsageErrors) {
    const UsageErrorCase cases[] = {
        {{"t", "--timeout", "5x"}, R"(--timeout: invalid duration "5x": unknown unit "x")"},
        {{"t", "--unique", "1d"}, "--unique"},
        {{"t", "--process-in", "soon"}, "--process-in"},
        {{"t", "--retention", "12"}, "--retention"},
        {{"t", "--deadline", "tomorrow"}, R"(--deadline: invalid time "tomorrow": expected RFC 3339)"},
        {{"t", "--process-at", "2026-13-01T00:00:00Z"}, "--process-at"},
        {{"t", "--max-retry", "-1"}, "max-retry"},
        {{"t", "--max-retry=-1"}, "max-retry"},
        {{"t", "--max-retry", "many"}, "--max-retry"},
        {{"t", "--bogus"}, "--bogus"},
        {{"t", "--payload", "a", "--payload-file", "f"}, "--payload"},
        {{"t", "--process-in", "1h", "--process-at", "2099-01-01T00:00:00Z"}, "--process-"},
        {{"t", "--header", "novalue"}, "--header"},
        {{"t", "--header", "=v"}, "--header"},
        {{"t", "--payload-file", "/nonexistent/asynq-cli-test"}, "--payload-file"},
        {{"t", "--queue", "a", "--queue", "b"}, "--queue"},
        {{"--payload", "x"}, "TYPE"},
        {{"t", "--db", "-1"}, "--db"},
    };
    for (const UsageErrorCase& c : cases) {
        SCOPED_TRACE(::testing::PrintToString(c.args));
        expect_one_error_line(enqueue(c.args), 2, c.fragment);
    }
    EXPECT_EQ(redis().keys(), std::vector<std::string>{});
}

// Options the Client refuses (spec §4.0 validation) are usage errors too.
TEST_F(TaskEnqueueTest, OptionsTheClientRefusesAreUsageErrors) {
    expect_one_error_line(enqueue({"t", "--unique", "500ms"}), 2, "");
    expect_one_error_line(enqueue({"t", "--queue", " "}), 2, "");
    expect_one_error_line(enqueue({"t", "--id", ""}), 2, "");
    EXPECT_EQ(redis().keys(), std::vector<std::string>{});
}

TEST_F(TaskEnqueueTest, DuplicateUniqueTaskExitsWithStatus4) {
    enqueue_ok({"t", "--payload", "same", "--unique", "1h"});
    expect_one_error_line(enqueue({"t", "--payload", "same", "--unique", "1h"}), 4, "already exists");
    EXPECT_EQ(redis().llen("asynq:{default}:pending"), 1);
}

TEST_F(TaskEnqueueTest, ReusedTaskIdExitsWithStatus4) {
    enqueue_ok({"t", "--payload", "first", "--id", "dup"});
    expect_one_error_line(enqueue({"t", "--payload", "second", "--id", "dup"}), 4, "");
    EXPECT_EQ(redis().lrange("asynq:{default}:pending"), std::vector<std::string>{"dup"});
    EXPECT_EQ(stored_message("default", "dup").payload(), "first");
}

TEST_F(TaskEnqueueTest, UnreachableRedisExitsWithStatus3NamingTheAddress) {
    const std::string address = "127.0.0.1:" + std::to_string(free_port());
    const CliResult result = run_cli({"--uri", "redis://" + address, "task", "enqueue", "t"});
    expect_one_error_line(result, 3, address);
}

TEST_F(TaskEnqueueTest, TlsUriIsRefused) {
    const CliResult result = run_cli({"--uri", "rediss://127.0.0.1:6380", "task", "enqueue", "t"});
    expect_one_error_line(result, 2, "TLS is not supported yet");
}

TEST_F(TaskEnqueueTest, DbFlagOverridesTheUri) {
    const CliResult result =
        run_cli({"--uri", server().uri() + "/0", "--db", "3", "task", "enqueue", "t", "--id", "in-db-3"});
    ASSERT_EQ(result.exit_status, 0) << result.err;

    EXPECT_FALSE(redis().exists("asynq:{default}:t:in-db-3"));
    redis().command({"SELECT", "3"});
    EXPECT_EQ(redis().hget("asynq:{default}:t:in-db-3", "state"), "pending");
}

TEST_F(TaskEnqueueTest, UriComesFromTheEnvironmentWhenNotGiven) {
    CliRun run;
    run.args = {"task", "enqueue", "t", "--id", "from-env"};
    run.env = {{"ASYNQ_URI", server().uri()}};
    const CliResult result = run_cli(run);
    ASSERT_EQ(result.exit_status, 0) << result.err;
    EXPECT_EQ(redis().hget("asynq:{default}:t:from-env", "state"), "pending");
}

TEST(CliTest, VersionFlagPrintsTheVersion) {
    const CliResult result = run_cli({"--version"});
    EXPECT_EQ(result.exit_status, 0);
    EXPECT_EQ(result.out, "asynq version 0.1.0\n");
    EXPECT_EQ(result.err, "");
}

TEST(CliTest, HelpIsPrintedByCli11AndExitsZero) {
    const CliResult result = run_cli({"task", "enqueue", "--help"});
    EXPECT_EQ(result.exit_status, 0);
    EXPECT_NE(result.out.find("--process-at"), std::string::npos) << result.out;
    EXPECT_EQ(result.err, "");
}

TEST(CliTest, MissingSubcommandIsAUsageError) {
    expect_one_error_line(run_cli(std::vector<std::string>{}), 2, "subcommand");
    expect_one_error_line(run_cli({"task"}), 2, "subcommand");
}

}  // namespace
}  // namespace asynq::testing
