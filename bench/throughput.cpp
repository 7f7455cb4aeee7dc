// Throughput benchmark (issue 5, first part): Redis's own ceiling (redis-benchmark) and asynq-cpp's enqueue and
// processing throughput, measured in the same run against the same redis-server, so each figure is also given
// as a ratio to SET at pipeline 1. Also Redis CPU time and our CPU time per task.
// Usage: asynq_bench <redis-port> [tasks-per-measurement] [json-output-path]
#include <hiredis/hiredis.h>
#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "asynq/asynq.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Redis {
    explicit Redis(int port) : context(redisConnect("127.0.0.1", port)) {}
    ~Redis() { redisFree(context); }
    std::string info(const char* section) {
        auto* reply = static_cast<redisReply*>(redisCommand(context, "INFO %s", section));
        std::string text(reply->str, reply->len);
        freeReplyObject(reply);
        return text;
    }
    void command(const char* text) { freeReplyObject(redisCommand(context, text)); }
    redisContext* context;
};

double field(const std::string& text, const std::string& name) {
    auto at = text.find(name);
    return at == std::string::npos ? 0 : std::stod(text.substr(at + name.size()));
}

double redis_cpu_seconds(Redis& redis) {
    auto cpu = redis.info("cpu");
    return field(cpu, "used_cpu_sys:") + field(cpu, "used_cpu_user:");
}

double our_cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/// Requests per second redis-benchmark reports for one test (its --csv output).
double redis_benchmark(int port, const std::string& test_args, int pipeline) {
    std::string command = "redis-benchmark -p " + std::to_string(port) + " -c 50 -n 200000 -P " +
                          std::to_string(pipeline) + " --csv " + test_args + " 2>/dev/null";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    std::string output;
    char buffer[512];
    while (fgets(buffer, sizeof buffer, pipe.get()) != nullptr) output += buffer;
    // Last line: "name","rps",...
    auto line_start = output.rfind("\n\"", output.size() - 2);
    std::string line = output.substr(line_start == std::string::npos ? 0 : line_start + 1);
    auto first = line.find("\",\"");
    if (first == std::string::npos) return 0;
    return std::stod(line.substr(first + 3));
}

struct Row {
    std::string name;
    double per_second = 0;
    double redis_cpu_us_per_task = 0;
    double our_cpu_us_per_task = 0;
};

void progress(const std::string& what) { std::fprintf(stderr, "  measuring %s...\n", what.c_str()); }

Row measure_enqueue(int port, int threads, int tasks) {
    progress("enqueue from " + std::to_string(threads) + " threads");
    asynq::RedisOptions options;
    options.port = port;
    asynq::Client client(options);
    client.ping();
    Redis redis(port);
    redis.command("FLUSHALL");
    const double redis_cpu = redis_cpu_seconds(redis), our_cpu = our_cpu_seconds();
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
    return {"enqueue, " + std::to_string(threads) + " thread" + (threads > 1 ? "s" : ""), tasks / seconds,
            (redis_cpu_seconds(redis) - redis_cpu) * 1e6 / tasks, (our_cpu_seconds() - our_cpu) * 1e6 / tasks};
}

Row measure_batch(int port, int tasks) {
    progress("enqueue_batch");
    asynq::RedisOptions options;
    options.port = port;
    asynq::Client client(options);
    client.ping();
    Redis redis(port);
    redis.command("FLUSHALL");
    std::vector<asynq::BatchItem> items;
    items.reserve(tasks);
    for (int i = 0; i < tasks; ++i) items.push_back({asynq::Task("bench", std::to_string(i)), {}});
    const double redis_cpu = redis_cpu_seconds(redis), our_cpu = our_cpu_seconds();
    const auto start = Clock::now();
    for (int begin = 0; begin < tasks; begin += 10000) {
        auto end = std::min(tasks, begin + 10000);
        client.enqueue_batch(std::span(items).subspan(begin, end - begin));
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return {"enqueue_batch", tasks / seconds, (redis_cpu_seconds(redis) - redis_cpu) * 1e6 / tasks,
            (our_cpu_seconds() - our_cpu) * 1e6 / tasks};
}

Row measure_processing(int port, int concurrency, int queues, int tasks) {
    progress("processing at concurrency " + std::to_string(concurrency) + ", " + std::to_string(queues) + " queue(s)");
    asynq::RedisOptions options;
    options.port = port;
    Redis redis(port);
    redis.command("FLUSHALL");
    const std::vector<std::string> names = {"default", "critical", "low"};
    {
        asynq::Client client(options);
        std::vector<asynq::BatchItem> items;
        for (int i = 0; i < tasks; ++i) {
            items.push_back({asynq::Task("bench", std::to_string(i)), {.queue = names[i % queues]}});
        }
        for (int begin = 0; begin < tasks; begin += 10000) {
            client.enqueue_batch(std::span(items).subspan(begin, std::min(tasks, begin + 10000) - begin));
        }
    }
    std::map<std::string, int> priorities;
    for (int q = 0; q < queues; ++q) priorities[names[q]] = q + 1;
    std::atomic<int> done = 0;
    asynq::Server server(options,
                         {.concurrency = concurrency, .queues = priorities, .log_level = asynq::LogLevel::kError});
    const double redis_cpu = redis_cpu_seconds(redis), our_cpu = our_cpu_seconds();
    const auto start = Clock::now();
    server.start([&](asynq::TaskContext&, const asynq::Task&) { ++done; });
    while (done < tasks) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    Row row{"process, concurrency " + std::to_string(concurrency) + ", " + std::to_string(queues) + " queue" +
                (queues > 1 ? "s" : ""),
            tasks / seconds, (redis_cpu_seconds(redis) - redis_cpu) * 1e6 / tasks,
            (our_cpu_seconds() - our_cpu) * 1e6 / tasks};
    server.shutdown();
    return row;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: asynq_bench <redis-port> [tasks-per-measurement] [json-output]\n");
        return 2;
    }
    const int port = std::atoi(argv[1]);
    const int tasks = argc > 2 ? std::atoi(argv[2]) : 50000;
    const std::string json_path = argc > 3 ? argv[3] : "bench-results.json";

    std::fprintf(stderr, "Redis ceiling (redis-benchmark, 50 clients, 200,000 requests):\n");
    std::map<std::string, double> ceiling;
    {
        Redis redis(port);
        auto* reply = static_cast<redisReply*>(redisCommand(redis.context, "SCRIPT LOAD %s", "return 1"));
        const std::string sha(reply->str, reply->len);
        freeReplyObject(reply);
        for (int pipeline : {1, 16}) {
            if (std::getenv("BENCH_ONLY") != nullptr) {
                if (const char* set_p1 = std::getenv("BENCH_SET_P1")) {
                    ceiling["SET p1"] = std::atof(set_p1);
                    break;
                }
                if (pipeline == 16) break;
            }
            const std::string p = " p" + std::to_string(pipeline);
            progress("PING/SET/LPUSH/EVALSHA at pipeline " + std::to_string(pipeline));
            ceiling["PING" + p] = redis_benchmark(port, "-t ping_mbulk", pipeline);
            ceiling["SET" + p] = redis_benchmark(port, "-t set", pipeline);
            ceiling["LPUSH" + p] = redis_benchmark(port, "-t lpush", pipeline);
            ceiling["EVALSHA" + p] = redis_benchmark(port, "EVALSHA " + sha + " 0", pipeline);
        }
    }
    const double set_p1 = ceiling["SET p1"];

    std::fprintf(stderr, "asynq-cpp (%d tasks per measurement, 32-byte-or-less payloads, no-op handler):\n", tasks);
    std::vector<Row> rows;
    const char* only_env = std::getenv("BENCH_ONLY");
    const std::string only = only_env ? only_env : "";
    auto wanted = [&](const std::string& name) { return only.empty() || name.find(only) != std::string::npos; };
    for (int threads : {1, 8, 64}) {
        if (wanted("enqueue" + std::to_string(threads))) rows.push_back(measure_enqueue(port, threads, tasks));
    }
    if (wanted("batch")) rows.push_back(measure_batch(port, tasks));
    for (int queues : {1, 3}) {
        for (int concurrency : {1, 10, 50, 200}) {
            if (wanted("process" + std::to_string(concurrency) + "q" + std::to_string(queues))) {
                rows.push_back(measure_processing(port, concurrency, queues, tasks));
            }
        }
    }

    std::printf("\n%-34s %14s %10s\n", "Redis ceiling", "requests/s", "÷ SET p1");
    for (auto& [name, rps] : ceiling) std::printf("%-34s %14.0f %10.2f\n", name.c_str(), rps, rps / set_p1);
    std::printf("\n%-34s %14s %10s %16s %14s\n", "asynq-cpp", "tasks/s", "÷ SET p1", "Redis CPU µs/task",
                "our CPU µs/task");
    for (auto& row : rows) {
        std::printf("%-34s %14.0f %10.2f %16.1f %14.1f\n", row.name.c_str(), row.per_second, row.per_second / set_p1,
                    row.redis_cpu_us_per_task, row.our_cpu_us_per_task);
    }

    std::ofstream json(json_path);
    json << "{\n  \"tasks_per_measurement\": " << tasks << ",\n  \"ceiling\": {";
    bool first = true;
    for (auto& [name, rps] : ceiling) {
        json << (first ? "" : ",") << "\n    \"" << name << "\": " << rps;
        first = false;
    }
    json << "\n  },\n  \"results\": [";
    first = true;
    for (auto& row : rows) {
        json << (first ? "" : ",") << "\n    {\"name\": \"" << row.name << "\", \"per_second\": " << row.per_second
             << ", \"ratio_to_set_p1\": " << row.per_second / set_p1
             << ", \"redis_cpu_us_per_task\": " << row.redis_cpu_us_per_task
             << ", \"our_cpu_us_per_task\": " << row.our_cpu_us_per_task << "}";
        first = false;
    }
    json << "\n  ]\n}\n";
    std::fprintf(stderr, "results written to %s\n", json_path.c_str());
    return 0;
}
