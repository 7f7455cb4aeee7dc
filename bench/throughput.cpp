// Enqueue and processing throughput, with CPU per task on both sides and Redis round trips per task.
#include <atomic>
#include <map>
#include <span>
#include <thread>
#include <vector>

#include "asynq/asynq.h"
#include "measurements.h"

namespace bench {
namespace {

asynq::RedisOptions options_for(int port) {
    asynq::RedisOptions options;
    options.port = port;
    return options;
}

void enqueue_in_batches(asynq::Client& client, std::vector<asynq::BatchItem>& items) {
    for (std::size_t begin = 0; begin < items.size(); begin += 10000) {
        const std::size_t end = std::min(items.size(), begin + 10000);
        for (auto& result : client.enqueue_batch(std::span(items).subspan(begin, end - begin))) {
            if (!result.ok()) throw std::runtime_error("pre-fill failed: " + result.error_message());
        }
    }
}

}  // namespace

Row measure_enqueue(int port, int threads, int tasks) {
    const std::string name = "enqueue, " + std::to_string(threads) + " thread" + (threads > 1 ? "s" : "");
    progress(name);
    asynq::Client client(options_for(port));
    client.ping();
    RedisProbe redis(port);
    redis.command("FLUSHALL");
    CostMeter meter(redis);
    const auto start = Clock::now();
    {
        std::vector<std::jthread> workers;
        for (int t = 0; t < threads; ++t) {
            workers.emplace_back([&, t] {
                for (int i = t; i < tasks; i += threads) client.enqueue(asynq::Task("bench", std::to_string(i)));
            });
        }
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return {.name = name, .value = tasks / seconds, .unit = "tasks/s", .is_rate = true, .costs = meter.finish(tasks)};
}

Row measure_enqueue_batch(int port, int tasks) {
    progress("enqueue_batch");
    asynq::Client client(options_for(port));
    client.ping();
    RedisProbe redis(port);
    redis.command("FLUSHALL");
    std::vector<asynq::BatchItem> items;
    items.reserve(tasks);
    for (int i = 0; i < tasks; ++i) items.push_back({asynq::Task("bench", std::to_string(i)), {}});
    CostMeter meter(redis);
    const auto start = Clock::now();
    enqueue_in_batches(client, items);
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return {.name = "enqueue_batch (10,000 per call)",
            .value = tasks / seconds,
            .unit = "tasks/s",
            .is_rate = true,
            .costs = meter.finish(tasks)};
}

Row measure_processing(int port, int concurrency, int queues, int tasks) {
    const std::string name = "process, concurrency " + std::to_string(concurrency) + ", " + std::to_string(queues) +
                             " queue" + (queues > 1 ? "s" : "");
    progress(name);
    RedisProbe redis(port);
    redis.command("FLUSHALL");
    const std::vector<std::string> names = {"default", "critical", "low"};
    {
        asynq::Client client(options_for(port));
        std::vector<asynq::BatchItem> items;
        for (int i = 0; i < tasks; ++i) {
            items.push_back({asynq::Task("bench", std::to_string(i)), {.queue = names[i % queues]}});
        }
        enqueue_in_batches(client, items);
    }
    std::map<std::string, int> priorities;
    for (int q = 0; q < queues; ++q) priorities[names[q]] = q + 1;
    std::atomic<int> done = 0;
    asynq::Server server(options_for(port),
                         {.concurrency = concurrency, .queues = priorities, .log_level = asynq::LogLevel::kError});
    CostMeter meter(redis);
    const auto start = Clock::now();
    server.start([&](asynq::TaskContext&, const asynq::Task&) { done.fetch_add(1, std::memory_order_relaxed); });
    while (done < tasks) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    Row row{.name = name, .value = tasks / seconds, .unit = "tasks/s", .is_rate = true, .costs = meter.finish(tasks)};
    server.shutdown();
    return row;
}

}  // namespace bench
