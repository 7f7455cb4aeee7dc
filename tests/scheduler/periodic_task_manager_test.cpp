// PeriodicTaskManager on a real Redis: the entries it registers are those its provider returns, a sync changes
// only what changed, and a provider that fails or returns something invalid changes nothing.
#include "asynq/periodic_task_manager.h"

#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>

#include "asynq/errors.h"
#include "broker/proto/asynq.pb.h"
#include "support/eventually.h"
#include "support/test_redis.h"

namespace asynq {
namespace {

using namespace std::chrono_literals;
using testing::eventually;

// C++20 has no std::string::contains.
bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

// Returns what the test last gave it, or throws what the test told it to.
class FakeProvider : public PeriodicTaskConfigProvider {
public:
    explicit FakeProvider(std::vector<PeriodicTaskConfig> configs = {}) : configs_(std::move(configs)) {}

    void set(std::vector<PeriodicTaskConfig> configs) {
        std::lock_guard lock(mu_);
        configs_ = std::move(configs);
        error_.reset();
    }
    void fail_with(std::string message) {
        std::lock_guard lock(mu_);
        error_ = std::move(message);
    }
    int calls() const {
        std::lock_guard lock(mu_);
        return calls_;
    }

    std::vector<PeriodicTaskConfig> get_configs() override {
        std::lock_guard lock(mu_);
        ++calls_;
        if (error_) throw std::runtime_error(*error_);
        return configs_;
    }

private:
    mutable std::mutex mu_;
    std::vector<PeriodicTaskConfig> configs_;
    std::optional<std::string> error_;
    int calls_ = 0;
};

PeriodicTaskConfig config(std::string cronspec, Task task, EnqueueOptions options = {}) {
    return {.cronspec = std::move(cronspec), .task = std::move(task), .options = std::move(options)};
}

const PeriodicTaskConfig kA = config("@every 1h", Task("a", "pa"), {.queue = "critical", .max_retry = 2});
const PeriodicTaskConfig kB = config("*/5 * * * *", Task("b"));
const PeriodicTaskConfig kC = config("@daily", Task("c", "pc"), {.timeout = std::chrono::minutes(2)});

std::vector<std::string> ids(const std::vector<PeriodicTaskEntry>& entries) {
    std::vector<std::string> out;
    for (const auto& entry : entries) out.push_back(entry.entry_id);
    return out;
}

std::vector<std::string> types(const std::vector<PeriodicTaskEntry>& entries) {
    std::vector<std::string> out;
    for (const auto& entry : entries) out.push_back(entry.config.task.type());
    return out;
}

class PeriodicTaskManagerTest : public testing::RedisTest {
protected:
    // A manager whose scheduler writes its entries to Redis every 100 ms, logging into log_lines(). With the
    // default hour-long interval, only sync_now() syncs after start().
    std::unique_ptr<PeriodicTaskManager> make(std::shared_ptr<PeriodicTaskConfigProvider> provider,
                                              std::chrono::milliseconds sync_interval = 1h,
                                              std::function<void(const PeriodicTaskSyncResult&)> on_sync = {}) {
        return std::make_unique<PeriodicTaskManager>(
            server().options(),
            PeriodicTaskManagerOptions{.provider = std::move(provider),
                                       .scheduler = {.heartbeat_interval = 100ms,
                                                     .logger =
                                                         [this](LogLevel, std::string_view message) {
                                                             std::lock_guard lock(log_mu_);
                                                             log_.emplace_back(message);
                                                         }},
                                       .sync_interval = sync_interval,
                                       .on_sync = std::move(on_sync)});
    }

    // How many logged lines contain `text`.
    int logged(std::string_view text) {
        std::lock_guard lock(log_mu_);
        return static_cast<int>(
            std::count_if(log_.begin(), log_.end(), [&](const std::string& line) { return contains(line, text); }));
    }

    // The entries the manager's scheduler last wrote where `asynq cron ls` reads them, by id.
    std::map<std::string, wire::SchedulerEntry> entries_in_redis(const PeriodicTaskManager& manager) {
        std::map<std::string, wire::SchedulerEntry> out;
        for (const std::string& bytes : redis().lrange("asynq:schedulers:{" + manager.scheduler_id() + "}")) {
            wire::SchedulerEntry entry;
            if (!entry.ParseFromString(bytes)) throw std::runtime_error("undecodable scheduler entry");
            out.emplace(entry.id(), entry);
        }
        return out;
    }

    // Waits until Redis lists exactly the manager's current entries.
    void expect_redis_matches(const PeriodicTaskManager& manager) {
        std::vector<std::string> expected = ids(manager.entries());
        std::sort(expected.begin(), expected.end());
        std::vector<std::string> listed;
        EXPECT_TRUE(eventually([&] {
            listed.clear();
            for (const auto& [id, entry] : entries_in_redis(manager)) listed.push_back(id);
            return listed == expected;
        })) << "Redis lists "
            << ::testing::PrintToString(listed) << ", expected " << ::testing::PrintToString(expected);
    }

    // The Error that f must throw.
    template <typename F>
    static Error error_of(F&& f) {
        try {
            f();
        } catch (const Error& e) {
            return e;
        }
        ADD_FAILURE() << "did not throw";
        return Error(ErrorCode::kInternal, "did not throw");
    }

private:
    std::mutex log_mu_;
    std::vector<std::string> log_;
};

TEST_F(PeriodicTaskManagerTest, StartRegistersEveryConfigWhereGoListsThem) {
    auto manager = make(std::make_shared<FakeProvider>(std::vector{kA, kB}));
    manager->start();

    const auto entries = manager->entries();
    ASSERT_EQ(types(entries), (std::vector<std::string>{"a", "b"}));
    expect_redis_matches(*manager);
    const wire::SchedulerEntry a = entries_in_redis(*manager).at(entries[0].entry_id);
    EXPECT_EQ(a.spec(), "@every 1h");
    EXPECT_EQ(a.task_type(), "a");
    EXPECT_EQ(a.task_payload(), "pa");
    EXPECT_EQ(std::vector<std::string>(a.enqueue_options().begin(), a.enqueue_options().end()),
              (std::vector<std::string>{"Queue(\"critical\")", "MaxRetry(2)"}));
    EXPECT_EQ(entries_in_redis(*manager).at(entries[1].entry_id).spec(), "*/5 * * * *");

    manager->shutdown();
    EXPECT_FALSE(redis().exists("asynq:schedulers:{" + manager->scheduler_id() + "}"));
}

TEST_F(PeriodicTaskManagerTest, SyncAddsAndRemovesOnlyWhatChanged) {
    auto provider = std::make_shared<FakeProvider>(std::vector{kA, kB, kC});
    auto manager = make(provider);
    manager->start();
    const auto before = manager->entries();
    expect_redis_matches(*manager);

    PeriodicTaskConfig c_elsewhere = kC;
    c_elsewhere.options.queue = "elsewhere";
    const PeriodicTaskConfig d = config("@every 2h", Task("d"));
    provider->set({kB, c_elsewhere, d});
    const PeriodicTaskSyncResult result = manager->sync_now();

    EXPECT_EQ(result.unchanged, 1u);
    EXPECT_EQ(types(result.added), (std::vector<std::string>{"c", "d"}));
    EXPECT_EQ(result.added[0].config.options.queue, "elsewhere");
    EXPECT_EQ(ids(result.removed), (std::vector<std::string>{before[0].entry_id, before[2].entry_id}));
    const auto after = manager->entries();
    ASSERT_EQ(types(after), (std::vector<std::string>{"b", "c", "d"}));
    EXPECT_EQ(after[0].entry_id, before[1].entry_id);  // b untouched: same entry, same id
    EXPECT_EQ(after[1].entry_id, result.added[0].entry_id);
    EXPECT_EQ(after[2].entry_id, result.added[1].entry_id);
    expect_redis_matches(*manager);
    EXPECT_EQ(entries_in_redis(*manager).at(after[1].entry_id).enqueue_options(0), "Queue(\"elsewhere\")");

    // Nothing changed: nothing happens.
    const PeriodicTaskSyncResult again = manager->sync_now();
    EXPECT_FALSE(again.changed());
    EXPECT_EQ(again.unchanged, 3u);
    EXPECT_EQ(ids(manager->entries()), ids(after));
}

TEST_F(PeriodicTaskManagerTest, EverythingThatIsEnqueuedIsPartOfAConfigsIdentity) {
    const PeriodicTaskConfig base = config("@every 1h", Task("t", "p", {{"k", "v"}}), {.queue = "q"});
    auto provider = std::make_shared<FakeProvider>(std::vector{base});
    auto manager = make(provider);
    manager->start();

    std::map<std::string, PeriodicTaskConfig> variants;
    variants.emplace("cron spec", config("@every 2h", base.task, base.options));
    variants.emplace("type", config(base.cronspec, Task("u", "p", {{"k", "v"}}), base.options));
    variants.emplace("payload", config(base.cronspec, Task("t", "q", {{"k", "v"}}), base.options));
    variants.emplace("nil payload", config(base.cronspec, Task::without_payload("t", {{"k", "v"}}), base.options));
    variants.emplace("header", config(base.cronspec, Task("t", "p", {{"k", "w"}}), base.options));
    variants.emplace("option", config(base.cronspec, base.task, {.queue = "q", .max_retry = 1}));
    // Go's hash concatenates the fields: "t"+"p" would equal "tp"+"".
    variants.emplace("field boundary", config(base.cronspec, Task("tp", "", {{"k", "v"}}), base.options));
    for (const auto& [what, variant] : variants) {
        const std::string old_id = manager->entries().at(0).entry_id;
        provider->set({variant});
        const PeriodicTaskSyncResult result = manager->sync_now();
        EXPECT_EQ(result.added.size(), 1u) << what;
        EXPECT_EQ(ids(result.removed), std::vector<std::string>{old_id}) << what;
        provider->set({base});
        EXPECT_EQ(manager->sync_now().added.size(), 1u) << what;
    }
    // The same config built anew is the same entry: an option set to its default counts as unset.
    const std::string id = manager->entries().at(0).entry_id;
    provider->set({config("@every 1h", Task("t", "p", {{"k", "v"}}), {.queue = "q", .max_retry = 25})});
    EXPECT_FALSE(manager->sync_now().changed());
    EXPECT_EQ(manager->entries().at(0).entry_id, id);
}

TEST_F(PeriodicTaskManagerTest, AConfigListedTwiceIsRegisteredTwice) {
    auto provider = std::make_shared<FakeProvider>(std::vector{kA, kA});
    auto manager = make(provider);
    manager->start();
    const auto twice = manager->entries();
    ASSERT_EQ(twice.size(), 2u);
    EXPECT_NE(twice[0].entry_id, twice[1].entry_id);

    provider->set({kA});
    const PeriodicTaskSyncResult result = manager->sync_now();
    EXPECT_EQ(result.unchanged, 1u);
    EXPECT_EQ(result.removed.size(), 1u);
    EXPECT_EQ(ids(manager->entries()), std::vector<std::string>{twice[0].entry_id});
    expect_redis_matches(*manager);
}

TEST_F(PeriodicTaskManagerTest, AFailingProviderChangesNothing) {
    auto provider = std::make_shared<FakeProvider>(std::vector{kA, kB});
    auto manager = make(provider);
    manager->start();
    const auto before = ids(manager->entries());

    provider->fail_with("database down");
    const Error error = error_of([&] { manager->sync_now(); });
    EXPECT_EQ(error.code(), ErrorCode::kUnavailable);
    EXPECT_STREQ(error.what(), "periodic task manager: get_configs: database down");
    EXPECT_EQ(ids(manager->entries()), before);
    expect_redis_matches(*manager);
}

TEST_F(PeriodicTaskManagerTest, AnInvalidConfigChangesNothingAndIsNamed) {
    auto provider = std::make_shared<FakeProvider>(std::vector{kA, kB});
    auto manager = make(provider);
    manager->start();
    const auto before = ids(manager->entries());

    const std::vector<std::pair<PeriodicTaskConfig, std::string>> bad = {
        {config("61 * * * *", Task("x")), R"(config 1 (cron "61 * * * *", type "x"): )"},
        {config("", Task("x")), R"(config 1 (cron "", type "x"): cron spec must not be empty)"},
        {config("@hourly", Task("")), R"(config 1 (cron "@hourly", type ""): )"},
        {config("@hourly", Task("x"), {.max_retry = -1}), "max_retry"},
        {config("CRON_TZ=Mars/Olympus @hourly", Task("x")), "Mars/Olympus"},
    };
    for (const auto& [invalid, expected] : bad) {
        // kC is new and valid: a sync that is all or nothing must not register it either.
        provider->set({kC, invalid});
        const Error error = error_of([&] { manager->sync_now(); });
        EXPECT_EQ(error.code(), ErrorCode::kInvalidArgument);
        EXPECT_TRUE(contains(error.what(), expected)) << error.what();
        EXPECT_EQ(ids(manager->entries()), before);
    }
    expect_redis_matches(*manager);
}

TEST_F(PeriodicTaskManagerTest, StartFailsClearlyAndRegistersNothing) {
    auto provider = std::make_shared<FakeProvider>();
    provider->fail_with("config service unreachable");
    auto manager = make(provider);
    const Error unreachable = error_of([&] { manager->start(); });
    EXPECT_EQ(unreachable.code(), ErrorCode::kUnavailable);
    EXPECT_STREQ(unreachable.what(), "periodic task manager: get_configs: config service unreachable");
    EXPECT_TRUE(manager->entries().empty());

    provider->set({kA, config("@every 1x", Task("bad"))});
    const Error invalid = error_of([&] { manager->start(); });
    EXPECT_EQ(invalid.code(), ErrorCode::kInvalidArgument);
    EXPECT_TRUE(contains(invalid.what(), R"(config 1 (cron "@every 1x", type "bad"))")) << invalid.what();
    EXPECT_TRUE(manager->entries().empty());
    EXPECT_EQ(redis().zcard("asynq:schedulers"), 0);

    // Fixed, it starts.
    provider->set({kA});
    manager->start();
    EXPECT_EQ(types(manager->entries()), std::vector<std::string>{"a"});
}

TEST_F(PeriodicTaskManagerTest, TheSyncThreadAppliesChangesLogsAFailureOnceAndRecovers) {
    auto provider = std::make_shared<FakeProvider>(std::vector{config("@every 1s", Task("old"), {.queue = "old"})});
    std::mutex synced_mu;
    std::vector<PeriodicTaskSyncResult> synced;
    auto manager = make(provider, 20ms, [&](const PeriodicTaskSyncResult& result) {
        std::lock_guard lock(synced_mu);
        synced.push_back(result);
    });
    manager->start();
    ASSERT_TRUE(eventually([&] { return redis().llen("asynq:{old}:pending") >= 1; }));

    provider->fail_with("database down");
    const int calls = provider->calls();
    ASSERT_TRUE(eventually([&] { return provider->calls() >= calls + 5; }));  // failed several times...
    EXPECT_EQ(logged("sync failed, entries unchanged (1 registered): get_configs: database down"), 1)
        << "reported once";
    EXPECT_EQ(types(manager->entries()), std::vector<std::string>{"old"});

    provider->set({config("@every 1s", Task("new"), {.queue = "new"})});
    ASSERT_TRUE(eventually([&] { return types(manager->entries()) == std::vector<std::string>{"new"}; }));
    EXPECT_TRUE(eventually([&] { return logged("sync succeeded again") == 1; }));
    // on_sync runs once the sync is over, a moment after entries() shows its outcome.
    ASSERT_TRUE(eventually([&] {
        std::lock_guard lock(synced_mu);
        return !synced.empty();
    }));
    {
        std::lock_guard lock(synced_mu);
        ASSERT_EQ(synced.size(), 1u);
        EXPECT_EQ(types(synced[0].added), std::vector<std::string>{"new"});
        EXPECT_EQ(types(synced[0].removed), std::vector<std::string>{"old"});
    }
    EXPECT_TRUE(eventually([&] { return redis().llen("asynq:{new}:pending") >= 1; }));
    expect_redis_matches(*manager);
}

TEST_F(PeriodicTaskManagerTest, ShutdownDoesNotWaitOutTheIntervalAndIsFinal) {
    auto manager = make(std::make_shared<FakeProvider>(std::vector{kA}), 1h);
    manager->start();
    EXPECT_EQ(error_of([&] { manager->start(); }).code(), ErrorCode::kFailedPrecondition);
    expect_redis_matches(*manager);

    const auto began = std::chrono::steady_clock::now();
    manager->shutdown();
    // Generous: only a loop that sleeps out its hour-long interval gets anywhere near it.
    EXPECT_LT(std::chrono::steady_clock::now() - began, 30s);
    EXPECT_EQ(redis().zcard("asynq:schedulers"), 0);
    EXPECT_EQ(error_of([&] { manager->sync_now(); }).code(), ErrorCode::kFailedPrecondition);
    EXPECT_EQ(error_of([&] { manager->start(); }).code(), ErrorCode::kFailedPrecondition);
    manager->shutdown();  // idempotent
}

TEST_F(PeriodicTaskManagerTest, ANullProviderIsRefused) {
    const Error error = error_of([&] { PeriodicTaskManager(server().options(), {}); });
    EXPECT_EQ(error.code(), ErrorCode::kInvalidArgument);
    EXPECT_TRUE(contains(error.what(), "provider")) << error.what();
}

}  // namespace
}  // namespace asynq
