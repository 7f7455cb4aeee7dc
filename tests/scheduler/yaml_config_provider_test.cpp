// YamlFileConfigProvider: every key of an entry lands in the right field, and every kind of mistake is refused
// with the file, the entry, the key and the line.
#include "asynq/yaml_config_provider.h"

#include <gtest/gtest.h>

#include <string>

#include "asynq/errors.h"
#include "support/temp_dir.h"
#include "util/time_format.h"

namespace asynq {
namespace {

using namespace std::chrono_literals;

class YamlConfigProviderTest : public ::testing::Test {
protected:
    // The configs of a file with this content.
    std::vector<PeriodicTaskConfig> load(const std::string& content) {
        testing::replace_file(path_, content);
        return YamlFileConfigProvider(path_).get_configs();
    }

    // The message of the Error(kInvalidArgument) that loading this content must throw.
    std::string error(const std::string& content) {
        try {
            load(content);
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument) << e.what();
            return e.what();
        }
        ADD_FAILURE() << "no error for:\n" << content;
        return {};
    }

    testing::TempDir dir_;
    const std::string path_ = dir_.file("tasks.yaml");
};

// Asserts that `message` contains each of `parts`.
void expect_mentions(const std::string& message, std::initializer_list<std::string_view> parts) {
    for (std::string_view part : parts) EXPECT_NE(message.find(part), std::string::npos) << part << " in: " << message;
}

TEST_F(YamlConfigProviderTest, EveryKeyMapsToItsOption) {
    const auto configs = load(R"(tasks:
  - cron: "*/5 * * * *"
    type: email:digest
    payload: '{"user":42}'
    queue: critical
    max-retry: 3
    timeout: 2m
    unique: 1h
    retention: 24h
    group: g1
    deadline: 2026-12-01T00:00:00Z
    process-in: 10m
    id: fixed-id
    headers: {k: v, trace: "0042"}
  - cron: "@every 1s"
    type: report
    process-at: 2026-11-25T12:00:00+02:00
)");
    ASSERT_EQ(configs.size(), 2u);
    const PeriodicTaskConfig& full = configs[0];
    EXPECT_EQ(full.cronspec, "*/5 * * * *");
    EXPECT_EQ(full.task.type(), "email:digest");
    EXPECT_TRUE(full.task.has_payload());
    EXPECT_EQ(full.task.payload(), R"({"user":42})");
    EXPECT_EQ(full.task.headers(), (Headers{{"k", "v"}, {"trace", "0042"}}));
    EXPECT_EQ(full.options.queue, "critical");
    EXPECT_EQ(full.options.max_retry, 3);
    EXPECT_EQ(full.options.timeout, std::chrono::nanoseconds(2min));
    EXPECT_EQ(full.options.unique_ttl, std::chrono::nanoseconds(1h));
    EXPECT_EQ(full.options.retention, 24h);
    EXPECT_EQ(full.options.group, "g1");
    EXPECT_EQ(full.options.deadline, util::parse_rfc3339("2026-12-01T00:00:00Z"));
    EXPECT_EQ(full.options.process_in, std::chrono::nanoseconds(10min));
    EXPECT_FALSE(full.options.process_at.has_value());
    EXPECT_EQ(full.options.task_id, "fixed-id");

    const PeriodicTaskConfig& at = configs[1];
    EXPECT_EQ(at.options.process_at, util::parse_rfc3339("2026-11-25T10:00:00Z"));
    EXPECT_FALSE(at.options.process_in.has_value());
}

TEST_F(YamlConfigProviderTest, UnsetKeysKeepGoDefaultsAndNoPayloadIsNil) {
    const auto configs = load("tasks:\n  - {cron: '@hourly', type: t}\n  - {cron: '@hourly', type: t, payload: ''}\n");
    ASSERT_EQ(configs.size(), 2u);
    const EnqueueOptions defaults;
    const EnqueueOptions& options = configs[0].options;
    EXPECT_EQ(options.queue, defaults.queue);
    EXPECT_EQ(options.max_retry, defaults.max_retry);
    EXPECT_FALSE(options.timeout || options.deadline || options.unique_ttl || options.process_at ||
                 options.process_in || options.task_id || options.group);
    EXPECT_EQ(options.retention, 0ns);
    EXPECT_FALSE(configs[0].task.has_payload());  // like `asynq task enqueue` without --payload
    EXPECT_TRUE(configs[0].task.headers().empty());
    EXPECT_TRUE(configs[1].task.has_payload());  // an empty payload is a payload (its unique key differs)
    EXPECT_EQ(configs[1].task.payload(), "");
}

TEST_F(YamlConfigProviderTest, EmptyTasksMeansNoPeriodicTasks) {
    EXPECT_TRUE(load("tasks: []\n").empty());
    EXPECT_TRUE(load("# every task removed\ntasks:\n").empty());
}

TEST_F(YamlConfigProviderTest, TheFileIsReadAgainOnEveryCall) {
    YamlFileConfigProvider provider(path_);
    testing::replace_file(path_, "tasks: [{cron: '@hourly', type: first}]\n");
    ASSERT_EQ(provider.get_configs().at(0).task.type(), "first");
    testing::replace_file(path_, "tasks: [{cron: '@hourly', type: second}]\n");
    EXPECT_EQ(provider.get_configs().at(0).task.type(), "second");
}

TEST_F(YamlConfigProviderTest, UnknownKeyNamesTheKeyTheEntryTheLineAndTheFile) {
    const std::string message = error(R"(tasks:
  - cron: "@hourly"
    type: ok
  - cron: "@hourly"
    type: t
    colour: red
)");
    expect_mentions(message, {path_, "tasks[1] (line 6)", "unknown key \"colour\"", "max-retry"});
    // The flag's spelling, not the C++ field's.
    expect_mentions(error("tasks:\n  - {cron: '@hourly', type: t, max_retry: 3}\n"),
                    {"tasks[0] (line 2)", "unknown key \"max_retry\""});
}

TEST_F(YamlConfigProviderTest, MissingCronOrTypeIsAnError) {
    expect_mentions(error("tasks:\n  - type: t\n"), {path_, "tasks[0] (line 2)", "missing \"cron\""});
    expect_mentions(error("tasks:\n  - {cron: '@hourly', type: a}\n  - cron: '@hourly'\n"),
                    {"tasks[1] (line 3)", "missing \"type\""});
    expect_mentions(error("tasks:\n  - {cron: '@hourly', type: ''}\n"),
                    {"tasks[0] (line 2): type: task type must not be empty"});
}

TEST_F(YamlConfigProviderTest, BadValuesNameTheEntryAndTheKey) {
    const std::string header = "tasks:\n  - cron: '@hourly'\n    type: t\n";
    expect_mentions(error(header + "    timeout: 5x\n"),
                    {path_, "tasks[0] (line 4)", R"(timeout: invalid duration "5x": unknown unit "x")"});
    expect_mentions(error(header + "    deadline: tomorrow\n"), {"tasks[0] (line 4)", "deadline: invalid time"});
    expect_mentions(error(header + "    max-retry: -1\n"), {"tasks[0] (line 4)", "max-retry: must be an integer >= 0"});
    expect_mentions(error(header + "    max-retry: lots\n"), {"tasks[0] (line 4)", "max-retry"});
    // The Client's range and combination checks, told in the file's words.
    expect_mentions(error(header + "    unique: 500ms\n"),
                    {"tasks[0] (line 4): unique: unique TTL cannot be less than 1s (got 500ms)"});
    expect_mentions(error(header + "    timeout: 10ms\n"), {"tasks[0] (line 4): timeout: must be at least 1s"});
    expect_mentions(error(header + "    process-in: 1m\n    process-at: 2026-11-25T10:00:00Z\n"),
                    {"tasks[0] (line 5): process-at: process_at and process_in are mutually exclusive"});
    expect_mentions(error(header + "    queue: ' '\n"), {"tasks[0] (line 4): queue: queue name must contain"});
    expect_mentions(error(header + "    queue:\n"), {"tasks[0] (line 4)", "queue: has no value"});
    expect_mentions(error(header + "    queue: [a, b]\n"), {"tasks[0] (line 4)", "queue: must be a single value"});
    expect_mentions(error(header + "    payload: {user: 42}\n"), {"tasks[0] (line 4)", "payload: must be a string"});
    expect_mentions(error(header + "    headers: [a]\n"), {"tasks[0] (line 4)", "headers: must be a mapping"});
    expect_mentions(error(header + "    headers: {k: [v]}\n"), {"tasks[0] (line 4)", "headers: k"});
    expect_mentions(error(header + "    queue: a\n    queue: b\n"), {"tasks[0] (line 5)", "duplicate key \"queue\""});
}

TEST_F(YamlConfigProviderTest, BadCronSpecNamesTheEntry) {
    expect_mentions(error("tasks:\n  - {cron: '@hourly', type: a}\n  - {cron: '61 * * * *', type: b}\n"),
                    {path_, "tasks[1] (line 3)", "cron:", "61 * * * *"});
}

TEST_F(YamlConfigProviderTest, BadFileShapesAreErrors) {
    expect_mentions(error("tasks:\n  - just a string\n"), {path_, "tasks[0] (line 2)", "must be a mapping"});
    expect_mentions(error(""), {path_, "is empty"});
    expect_mentions(error("# nothing\n"), {path_, "is empty"});
    expect_mentions(error("- cron: x\n"), {path_, "must be a mapping with a \"tasks\" list"});
    expect_mentions(error("task:\n  - {cron: '@hourly', type: t}\n"),
                    {path_, "line 1", "unknown top-level key \"task\""});
    expect_mentions(error("other: 1\n"), {path_, "unknown top-level key \"other\""});
    expect_mentions(error("tasks: {cron: x}\n"), {path_, "\"tasks\" must be a list"});
    expect_mentions(error("tasks:\n  - cron: '@hourly'\n    type: [unclosed\n"), {path_, "line ", "invalid YAML"});
}

TEST_F(YamlConfigProviderTest, UnreadableFileNamesThePath) {
    const std::string missing = dir_.file("missing.yaml");
    try {
        YamlFileConfigProvider(missing).get_configs();
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
        expect_mentions(e.what(), {missing, "cannot read", "No such file"});
    }
}

}  // namespace
}  // namespace asynq
