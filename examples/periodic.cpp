// Periodic tasks that can change while the program runs: a PeriodicTaskManager asks a provider for them every
// sync interval and registers, unregisters or keeps each one. Here the provider is a small in-memory list that
// main() edits; a real one would read a database table or a file (asynq::YamlFileConfigProvider reads a YAML
// file, as `asynq scheduler --config FILE` does).
//
// Usage: example_periodic [redis://host:port] — runs for about ten seconds, then shuts down.
#include <asynq/asynq.h>

#include <chrono>
#include <iostream>
#include <mutex>
#include <thread>

namespace {

// The periodic tasks, editable from any thread. get_configs() is called from the manager's sync thread.
class InMemoryProvider : public asynq::PeriodicTaskConfigProvider {
public:
    void set(std::vector<asynq::PeriodicTaskConfig> configs) {
        std::lock_guard lock(mu_);
        configs_ = std::move(configs);
    }

    std::vector<asynq::PeriodicTaskConfig> get_configs() override {
        std::lock_guard lock(mu_);
        return configs_;  // throw instead when the source is unavailable: the manager keeps its entries
    }

private:
    std::mutex mu_;
    std::vector<asynq::PeriodicTaskConfig> configs_;
};

}  // namespace

int main(int argc, char** argv) {
    using namespace std::chrono_literals;
    auto redis = asynq::RedisOptions::from_uri(argc > 1 ? argv[1] : "redis://127.0.0.1:6379");

    auto provider = std::make_shared<InMemoryProvider>();
    const asynq::PeriodicTaskConfig heartbeat{.cronspec = "@every 2s", .task = asynq::Task("monitor:heartbeat")};
    provider->set({heartbeat,
                   {.cronspec = "0 3 * * *",  // 03:00 every day, in the scheduler's location
                    .task = asynq::Task("report:daily", R"({"format":"pdf"})"),
                    .options = {.queue = "reports", .max_retry = 3, .timeout = 10min}}});

    try {
        asynq::PeriodicTaskManager manager(
            redis, {.provider = provider,
                    .scheduler = {.location = "Europe/Paris"},
                    .sync_interval = 1s,  // Go's default is 3 min; a provider should be cheap to ask this often
                    .on_sync = [](const asynq::PeriodicTaskSyncResult& result) {
                        for (const auto& entry : result.added)
                            std::cout << "added " << entry.config.task.type() << " (" << entry.entry_id << ")\n";
                        for (const auto& entry : result.removed)
                            std::cout << "removed " << entry.config.task.type() << "\n";
                    }});
        manager.start();  // throws if the provider fails, a config is invalid or Redis is unreachable
        std::cout << "started with " << manager.entries().size() << " periodic tasks\n";

        std::this_thread::sleep_for(5s);
        provider->set({heartbeat});  // the daily report goes at the next sync; the heartbeat entry stays as it is
        std::this_thread::sleep_for(5s);

        manager.shutdown();  // also removes the scheduler's entries from Redis
    } catch (const asynq::Error& e) {
        std::cerr << "periodic task manager: " << e.what() << "\n";
        return 1;
    }
}
