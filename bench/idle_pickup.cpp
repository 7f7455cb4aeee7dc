// Measures what an idle server costs Redis and how fast it picks up a new task (issue 4: beyond Go, which
// sleeps about a second when every queue is empty). Usage: bench_idle_pickup <redis-port> [samples]
// Prints the idle command rate (commands/s Redis processed while the server had nothing to do) and the
// enqueue-to-handler-start latency of tasks enqueued one at a time into an idle server.
#include <hiredis/hiredis.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "asynq/asynq.h"

namespace {

using Clock = std::chrono::steady_clock;

std::string info(int port, const char* section) {
    redisContext* c = redisConnect("127.0.0.1", port);
    auto* reply = static_cast<redisReply*>(redisCommand(c, "INFO %s", section));
    std::string text(reply->str, reply->len);
    freeReplyObject(reply);
    redisFree(c);
    return text;
}

long long field(const std::string& text, const std::string& name) {
    auto at = text.find(name);
    return at == std::string::npos ? 0 : std::stoll(text.substr(at + name.size()));
}

/// Commands Redis ran, counting those run inside scripts, and requests clients sent (scripts count once).
struct Counts {
    long long commands = 0;
    long long requests = 0;
};

Counts counts(int port) {
    Counts c;
    c.commands = field(info(port, "stats"), "total_commands_processed:");
    // Requests: every command type a client sends to asynq-cpp's server; script-internal ones are not listed
    // separately from client ones in commandstats, so count the client-level commands asynq sends.
    const std::string stats = info(port, "commandstats");
    for (const char* name : {"evalsha", "eval", "blmove", "zadd", "ping", "subscribe", "info", "publish"}) {
        c.requests += field(stats, std::string("cmdstat_") + name + ":calls=");
    }
    return c;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_idle_pickup <redis-port> [samples]\n");
        return 2;
    }
    const int port = std::atoi(argv[1]);
    const int samples = argc > 2 ? std::atoi(argv[2]) : 200;
    asynq::RedisOptions redis;
    redis.port = port;

    std::mutex mu;
    std::condition_variable picked_up;
    long long last_latency_us = -1;
    asynq::Server server(redis, {.concurrency = 10,
                                 .queues = {{"critical", 6}, {"default", 3}, {"low", 1}},
                                 .log_level = asynq::LogLevel::kWarn});
    server.start([&](asynq::TaskContext&, const asynq::Task& task) {
        auto enqueued = Clock::time_point(Clock::duration(std::stoll(task.payload())));
        std::lock_guard lock(mu);
        last_latency_us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - enqueued).count();
        picked_up.notify_all();
    });
    asynq::Client client(redis);
    client.ping();

    std::printf("settling 3 s...\n");
    std::this_thread::sleep_for(std::chrono::seconds(3));
    const auto window = std::chrono::seconds(10);
    std::printf("measuring the idle command rate over %lld s (3 queues, concurrency 10)...\n",
                static_cast<long long>(window.count()));
    const Counts before = counts(port);
    std::this_thread::sleep_for(window);
    const Counts after = counts(port);
    const double seconds = static_cast<double>(window.count());
    // Our own INFO calls count as commands (two per measurement).
    const double command_rate = static_cast<double>(after.commands - before.commands - 2) / seconds;
    // ZADD also runs inside scripts, but none runs while idle except the heartbeat's top-level ones.
    const double request_rate = static_cast<double>(after.requests - before.requests - 2) / seconds;

    std::printf("measuring pickup latency over %d tasks enqueued one at a time...\n", samples);
    std::mt19937 rng(42);
    std::vector<long long> latencies;
    const char* queues[] = {"critical", "default", "low"};
    for (int i = 0; i < samples; ++i) {
        // Let the server go idle again: its workers are parked and its watchers blocked in Redis.
        std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(20, 80)(rng)));
        {
            std::lock_guard lock(mu);
            last_latency_us = -1;
        }
        client.enqueue(asynq::Task("ping", std::to_string(Clock::now().time_since_epoch().count())),
                       {.queue = queues[i % 3]});
        std::unique_lock lock(mu);
        if (!picked_up.wait_for(lock, std::chrono::seconds(10), [&] { return last_latency_us >= 0; })) {
            std::fprintf(stderr, "task %d not picked up within 10 s\n", i);
            return 1;
        }
        latencies.push_back(last_latency_us);
        if ((i + 1) % 50 == 0) std::printf("  %d/%d\n", i + 1, samples);
    }
    server.shutdown();

    std::sort(latencies.begin(), latencies.end());
    auto pct = [&](double p) {
        return latencies[std::min(latencies.size() - 1, static_cast<size_t>(p * latencies.size()))];
    };
    std::printf("\nidle server: %.1f requests/s (%.1f commands/s counting those inside scripts)\n", request_rate,
                command_rate);
    std::printf("pickup latency (enqueue call start -> handler start), %d samples:\n", samples);
    std::printf("  p50 %.2f ms   p90 %.2f ms   p99 %.2f ms   max %.2f ms\n", pct(0.50) / 1000.0, pct(0.90) / 1000.0,
                pct(0.99) / 1000.0, latencies.back() / 1000.0);
    return 0;
}
