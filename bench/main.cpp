// asynq_bench: Redis's own ceiling and asynq-cpp's figures measured in the same run against the same redis-server,
// so each throughput is also a ratio to SET at pipeline 1 (scripts/bench.sh starts a throwaway Redis and runs it).
// Usage: asynq_bench --port P [--tasks N] [--json PATH] [--only TEXT] [--set-p1 RPS]
//   --only TEXT   measure only the rows whose name contains TEXT (for profiling); --set-p1 skips the ceiling
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "measurements.h"

namespace {

using bench::Row;

struct Args {
    int port = 0;
    int tasks = 50000;
    std::string json = "bench-results.json";
    std::string only;
    double set_p1 = 0;
    std::string memory_child;
};

Args parse(int argc, char** argv) {
    Args args;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (i + 1 >= argc) throw std::invalid_argument("missing value after " + flag);
        const std::string value = argv[++i];
        if (flag == "--port") {
            args.port = std::stoi(value);
        } else if (flag == "--tasks") {
            args.tasks = std::stoi(value);
        } else if (flag == "--json") {
            args.json = value;
        } else if (flag == "--only") {
            args.only = value;
        } else if (flag == "--set-p1") {
            args.set_p1 = std::stod(value);
        } else if (flag == "--memory-child") {
            args.memory_child = value;
        } else {
            throw std::invalid_argument("unknown flag " + flag);
        }
    }
    if (args.port <= 0) throw std::invalid_argument("--port is required");
    if (args.tasks < 1000) throw std::invalid_argument("--tasks must be at least 1000");
    return args;
}

/// Requests per second redis-benchmark reports for one test (its --csv output).
double redis_benchmark(int port, const std::string& test_args, int pipeline) {
    const std::string command = "redis-benchmark -p " + std::to_string(port) + " -c 50 -n 200000 -P " +
                                std::to_string(pipeline) + " --csv " + test_args + " 2>/dev/null";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    if (pipe == nullptr) throw std::runtime_error("cannot run redis-benchmark");
    std::string output;
    char buffer[512];
    while (fgets(buffer, sizeof buffer, pipe.get()) != nullptr) output += buffer;
    // Last line: "name","rps",...
    const auto line_start = output.rfind("\n\"", output.size() - 2);
    const std::string line = output.substr(line_start == std::string::npos ? 0 : line_start + 1);
    const auto first = line.find("\",\"");
    if (first == std::string::npos) throw std::runtime_error("redis-benchmark printed no result: " + output);
    return std::stod(line.substr(first + 3));
}

std::map<std::string, double> measure_ceiling(int port) {
    std::fprintf(stderr, "Redis ceiling (redis-benchmark, 50 clients, 200,000 requests):\n");
    bench::RedisProbe redis(port);
    std::map<std::string, double> ceiling;
    const std::string sha = redis.load_script("return 1");
    for (int pipeline : {1, 16}) {
        const std::string p = " p" + std::to_string(pipeline);
        bench::progress("PING/SET/LPUSH/EVALSHA at pipeline " + std::to_string(pipeline));
        ceiling["PING" + p] = redis_benchmark(port, "-t ping_mbulk", pipeline);
        ceiling["SET" + p] = redis_benchmark(port, "-t set", pipeline);
        ceiling["LPUSH" + p] = redis_benchmark(port, "-t lpush", pipeline);
        ceiling["EVALSHA" + p] = redis_benchmark(port, "EVALSHA " + sha + " 0", pipeline);
    }
    return ceiling;
}

std::string json_escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out;
}

void print_and_save(const Args& args, const std::map<std::string, double>& ceiling, const std::vector<Row>& rows) {
    const double set_p1 = ceiling.at("SET p1");
    std::printf("\n%-44s %14s %9s\n", "Redis ceiling", "requests/s", "÷ SET p1");
    for (const auto& [name, rps] : ceiling) std::printf("%-44s %14.0f %9.2f\n", name.c_str(), rps, rps / set_p1);
    std::printf("\n%-52s %12s %9s %12s %12s %12s\n", "asynq-cpp", "value", "÷ SET p1", "Redis µs/t", "our µs/t",
                "round trips/t");
    for (const auto& row : rows) {
        if (row.is_rate) {
            std::printf("%-52s %8.0f %-3s %9.2f %12.1f %12.1f %12.3f\n", row.name.c_str(), row.value, "t/s",
                        row.value / set_p1, row.costs.redis_cpu_us_per_task, row.costs.our_cpu_us_per_task,
                        row.costs.round_trips_per_task);
        } else {
            std::printf("%-52s %8.2f %-5s\n", row.name.c_str(), row.value, row.unit.c_str());
        }
    }

    std::ofstream json(args.json);
    json << "{\n  \"tasks_per_measurement\": " << args.tasks << ",\n  \"ceiling\": {";
    bool first = true;
    for (const auto& [name, rps] : ceiling) {
        json << (first ? "" : ",") << "\n    \"" << name << "\": " << rps;
        first = false;
    }
    json << "\n  },\n  \"results\": [";
    first = true;
    for (const auto& row : rows) {
        json << (first ? "" : ",") << "\n    {\"name\": \"" << json_escape(row.name) << "\", \"value\": " << row.value
             << ", \"unit\": \"" << row.unit << "\"";
        if (row.is_rate) {
            json << ", \"ratio_to_set_p1\": " << row.value / set_p1
                 << ", \"redis_cpu_us_per_task\": " << row.costs.redis_cpu_us_per_task
                 << ", \"our_cpu_us_per_task\": " << row.costs.our_cpu_us_per_task
                 << ", \"round_trips_per_task\": " << row.costs.round_trips_per_task;
        }
        json << "}";
        first = false;
    }
    json << "\n  ]\n}\n";
    std::fprintf(stderr, "results written to %s\n", args.json.c_str());
}

}  // namespace

int main(int argc, char** argv) {
    Args args;
    try {
        args = parse(argc, argv);
    } catch (const std::exception& e) {
        std::fprintf(stderr,
                     "asynq_bench: %s\nusage: asynq_bench --port P [--tasks N] [--json PATH] [--only TEXT] "
                     "[--set-p1 RPS]\n",
                     e.what());
        return 2;
    }
    try {
        if (!args.memory_child.empty()) return bench::memory_child(args.memory_child, args.port, args.tasks);

        std::map<std::string, double> ceiling;
        if (args.set_p1 > 0) {
            ceiling["SET p1"] = args.set_p1;
        } else {
            ceiling = measure_ceiling(args.port);
        }
        const auto wanted = [&](const std::string& name) {
            return args.only.empty() || name.find(args.only) != std::string::npos;
        };

        std::fprintf(stderr, "asynq-cpp (%d tasks per measurement, no-op handler):\n", args.tasks);
        std::vector<Row> rows;
        for (int threads : {1, 8, 64}) {
            if (wanted("enqueue, " + std::to_string(threads) + (threads > 1 ? " threads" : " thread"))) {
                rows.push_back(bench::measure_enqueue(args.port, threads, args.tasks));
            }
        }
        if (wanted("enqueue_batch")) rows.push_back(bench::measure_enqueue_batch(args.port, args.tasks));
        double max_c10 = 0;
        for (int queues : {1, 3}) {
            for (int concurrency : {1, 10, 50, 200}) {
                const std::string name = "process, concurrency " + std::to_string(concurrency) + ", " +
                                         std::to_string(queues) + (queues > 1 ? " queues" : " queue");
                if (!wanted(name)) continue;
                rows.push_back(bench::measure_processing(args.port, concurrency, queues, args.tasks));
                if (concurrency == 10 && queues == 1) max_c10 = rows.back().value;
            }
        }
        if (wanted("latency")) {
            bench::measure_latency(args.port, 0, "idle", rows);
            if (max_c10 == 0) max_c10 = bench::measure_processing(args.port, 10, 1, args.tasks).value;
            bench::measure_latency(
                args.port, max_c10 / 2,
                "at half the maximum (" + std::to_string(static_cast<int>(max_c10 / 2)) + " tasks/s)", rows);
        }
        if (wanted("memory") || wanted("RSS")) {
            // Resolved here: inside the child's shell, /proc/self/exe would be the shell.
            bench::measure_memory(args.port, std::filesystem::read_symlink("/proc/self/exe"), 20000, rows);
        }
        print_and_save(args, ceiling, rows);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "asynq_bench: %s\n", e.what());
        return 1;
    }
    return 0;
}
