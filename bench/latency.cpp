// End-to-end latency: from the start of Client::enqueue to the start of the handler, idle and under load.
#include <atomic>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "asynq/asynq.h"
#include "measurements.h"

namespace bench {
namespace {

constexpr int kIdleSamples = 300;
constexpr double kLoadedSeconds = 4.0;
constexpr int kProducers = 4;

std::string now_text() { return std::to_string(Clock::now().time_since_epoch().count()); }

double ms_since(const std::string& stamp) {
    const auto sent = Clock::time_point(Clock::duration(std::stoll(stamp)));
    return std::chrono::duration<double, std::milli>(Clock::now() - sent).count();
}

void add_rows(std::vector<double>& ms, const std::string& label, std::vector<Row>& rows) {
    rows.push_back({.name = "latency p50, " + label, .value = percentile(ms, 50), .unit = "ms"});
    rows.push_back({.name = "latency p99, " + label, .value = percentile(ms, 99), .unit = "ms"});
    rows.push_back({.name = "latency p99.9, " + label, .value = percentile(ms, 99.9), .unit = "ms"});
}

}  // namespace

void measure_latency(int port, double offered_per_second, const std::string& label, std::vector<Row>& rows) {
    progress("latency, " + label);
    RedisProbe redis(port);
    redis.command("FLUSHALL");
    asynq::RedisOptions options;
    options.port = port;
    asynq::Client client(options);

    std::mutex mu;
    std::vector<double> samples;
    std::atomic<int> handled = 0;
    asynq::Server server(options, {.concurrency = 10, .log_level = asynq::LogLevel::kError});
    server.start([&](asynq::TaskContext&, const asynq::Task& task) {
        const double ms = ms_since(task.payload());
        {
            std::lock_guard lock(mu);
            samples.push_back(ms);
        }
        handled.fetch_add(1, std::memory_order_release);
    });
    const auto wait_for = [&](int count) {
        const auto give_up = Clock::now() + std::chrono::seconds(60);
        while (handled.load(std::memory_order_acquire) < count) {
            if (Clock::now() > give_up) throw std::runtime_error("latency: tasks were not processed within 60 s");
            std::this_thread::sleep_for(std::chrono::microseconds(200));
        }
    };

    if (offered_per_second <= 0) {
        // Idle: one task at a time, each into a server that has had 2-10 ms to go idle.
        std::mt19937 rng(7);
        for (int i = 0; i < kIdleSamples; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(2 + rng() % 9));
            client.enqueue(asynq::Task("latency", now_text()));
            wait_for(i + 1);
        }
    } else {
        // Loaded: producers pace themselves to the offered rate; the first second is warm-up.
        const int total = static_cast<int>(offered_per_second * kLoadedSeconds);
        {
            std::vector<std::jthread> producers;
            const auto start = Clock::now();
            for (int p = 0; p < kProducers; ++p) {
                producers.emplace_back([&, p] {
                    const double interval_s = kProducers / offered_per_second;
                    for (int i = p; i < total; i += kProducers) {
                        const auto due = start + std::chrono::duration_cast<Clock::duration>(
                                                     std::chrono::duration<double>(interval_s * (i / kProducers)));
                        std::this_thread::sleep_until(due);
                        client.enqueue(asynq::Task("latency", now_text()));
                    }
                });
            }
        }
        wait_for(total);
        std::lock_guard lock(mu);
        samples.erase(samples.begin(), samples.begin() + static_cast<long>(samples.size() / kLoadedSeconds));
    }
    server.shutdown();
    std::lock_guard lock(mu);
    add_rows(samples, label, rows);
}

}  // namespace bench
