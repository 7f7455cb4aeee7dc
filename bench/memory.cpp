// Memory: peak resident set of a server and of a client, each in a child process of its own (so the figures hold
// only what that role allocates), and Redis's memory per pending task.
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <memory>
#include <span>
#include <thread>
#include <vector>

#include "asynq/asynq.h"
#include "measurements.h"

namespace bench {
namespace {

const std::string kKilobyte(1024, 'x');

asynq::RedisOptions options_for(int port) {
    asynq::RedisOptions options;
    options.port = port;
    return options;
}

void fill(int port, int tasks, const std::string& payload) {
    asynq::Client client(options_for(port));
    std::vector<asynq::BatchItem> items;
    for (int i = 0; i < tasks; ++i) items.push_back({asynq::Task("memory", payload), {}});
    for (std::size_t begin = 0; begin < items.size(); begin += 10000) {
        const std::size_t end = std::min(items.size(), begin + 10000);
        for (auto& result : client.enqueue_batch(std::span(items).subspan(begin, end - begin))) {
            if (!result.ok()) throw std::runtime_error("pre-fill failed: " + result.error_message());
        }
    }
}

/// Runs `self memory-child <role> <port> <tasks>` and reads the peak RSS it prints.
double child_peak_mb(const std::string& self_path, const std::string& role, int port, int tasks) {
    const std::string command =
        self_path + " --memory-child " + role + " --port " + std::to_string(port) + " --tasks " + std::to_string(tasks);
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    long long bytes = 0;
    if (pipe == nullptr || std::fscanf(pipe.get(), "%lld", &bytes) != 1 || bytes <= 0) {
        throw std::runtime_error("memory child '" + role + "' failed");
    }
    return static_cast<double>(bytes) / (1024.0 * 1024.0);
}

}  // namespace

int memory_child(const std::string& role, int port, int tasks) {
    if (role == "server") {
        std::atomic<int> done = 0;
        asynq::Server server(options_for(port), {.concurrency = 200, .log_level = asynq::LogLevel::kError});
        server.start([&](asynq::TaskContext&, const asynq::Task&) { ++done; });
        while (done < tasks) std::this_thread::sleep_for(std::chrono::milliseconds(2));
        server.shutdown();
    } else if (role == "client") {
        asynq::Client client(options_for(port));
        std::vector<std::jthread> threads;
        for (int t = 0; t < 64; ++t) {
            threads.emplace_back([&, t] {
                for (int i = t; i < tasks; i += 64) client.enqueue(asynq::Task("memory", kKilobyte));
            });
        }
    } else {
        std::fprintf(stderr, "unknown memory child role %s\n", role.c_str());
        return 2;
    }
    std::printf("%lld\n", peak_rss_bytes());
    return 0;
}

void measure_memory(int port, const std::string& self_path, int tasks, std::vector<Row>& rows) {
    progress("memory of a server (concurrency 200, 1 KB payloads)");
    RedisProbe redis(port);
    redis.command("FLUSHALL");
    fill(port, tasks, kKilobyte);
    rows.push_back({.name = "server peak RSS, concurrency 200, 1 KB payloads",
                    .value = child_peak_mb(self_path, "server", port, tasks),
                    .unit = "MB"});

    progress("memory of a client (64 threads, 1 KB payloads)");
    redis.command("FLUSHALL");
    rows.push_back({.name = "client peak RSS, 64 threads, 1 KB payloads",
                    .value = child_peak_mb(self_path, "client", port, tasks),
                    .unit = "MB"});

    for (const auto& [label, payload] :
         {std::pair<std::string, std::string>{"32-byte payload", std::string(32, 'x')}, {"1 KB payload", kKilobyte}}) {
        progress("Redis memory per pending task, " + label);
        redis.command("FLUSHALL");
        const long long before = redis.used_memory();
        fill(port, tasks, payload);
        const long long after = redis.used_memory();
        rows.push_back({.name = "Redis memory per pending task, " + label,
                        .value = static_cast<double>(after - before) / tasks,
                        .unit = "bytes"});
    }
}

}  // namespace bench
