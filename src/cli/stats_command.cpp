#include <chrono>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "asynq/inspector.h"
#include "cli/read_commands.h"
#include "cli/table.h"
#include "util/time_format.h"

namespace asynq::cli {
namespace {

using Json = nlohmann::ordered_json;

struct Totals {
    std::int64_t active = 0, pending = 0, aggregating = 0, scheduled = 0, retry = 0, archived = 0, completed = 0;
    std::int64_t processed = 0, failed = 0;
};

Totals sum(const std::vector<QueueInfo>& infos) {
    Totals t;
    for (const auto& i : infos) {
        t.active += i.active;
        t.pending += i.pending;
        t.aggregating += i.aggregating;
        t.scheduled += i.scheduled;
        t.retry += i.retry;
        t.archived += i.archived;
        t.completed += i.completed;
        t.processed += i.processed;
        t.failed += i.failed;
    }
    return t;
}

// Go's QueueInfo marshalled by encoding/json: Go field names, Latency in nanoseconds.
Json go_queue_info_json(const QueueInfo& i) {
    return Json{{"Queue", i.queue},
                {"MemoryUsage", i.memory_usage},
                {"Paused", i.paused},
                {"Size", i.size},
                {"Groups", i.groups},
                {"Pending", i.pending},
                {"Active", i.active},
                {"Scheduled", i.scheduled},
                {"Retry", i.retry},
                {"Archived", i.archived},
                {"Completed", i.completed},
                {"Aggregating", i.aggregating},
                {"Processed", i.processed},
                {"Failed", i.failed},
                {"ProcessedTotal", i.processed_total},
                {"FailedTotal", i.failed_total},
                {"Latency", i.latency.count()},
                {"Timestamp", util::format_rfc3339(i.timestamp)}};
}

// Go's printInfo: a field Redis did not send prints as Go's map lookup would, empty.
std::string redis_info_table(const std::map<std::string, std::string>& info) {
    const auto field = [&info](const char* key) {
        const auto it = info.find(key);
        return it == info.end() ? std::string() : it->second;
    };
    return format_table({"version", "uptime", "connections", "memory usage", "peak memory usage"},
                        {{field("redis_version"), field("uptime_in_days") + " days", field("connected_clients"),
                          field("used_memory_human") + "B", field("used_memory_peak_human") + "B"}});
}

void print_stats(const std::vector<QueueInfo>& infos, const Totals& t, const std::map<std::string, std::string>& info,
                 std::chrono::system_clock::time_point now) {
    std::cout << "Task Count by State\n"
              << format_table({"active", "pending", "aggregating", "scheduled", "retry", "archived", "completed"},
                              {{std::to_string(t.active), std::to_string(t.pending), std::to_string(t.aggregating),
                                std::to_string(t.scheduled), std::to_string(t.retry), std::to_string(t.archived),
                                std::to_string(t.completed)}})
              << "\nTask Count by Queue\n";
    if (infos.empty()) {
        std::cout << "No queues\n";
    } else {
        std::vector<std::string> names;
        std::vector<std::string> sizes;
        for (const auto& i : infos) {
            names.push_back(i.paused ? i.queue + " (paused)" : i.queue);
            sizes.push_back(std::to_string(i.size));
        }
        std::cout << format_table(names, {sizes});
    }
    std::cout << "\nDaily Stats " << format_date(std::chrono::floor<std::chrono::days>(now)) << " UTC\n"
              << format_table(
                     {"processed", "failed", "error rate"},
                     {{std::to_string(t.processed), std::to_string(t.failed), error_rate(t.processed, t.failed)}})
              << "\nRedis Info\n"
              << redis_info_table(info) << '\n';
}

}  // namespace

void add_stats_command(CLI::App& app, const GlobalOptions& global) {
    auto json = std::make_shared<bool>(false);
    CLI::App* stats = app.add_subcommand(
        "stats", "Show task counts by state and queue, today's counters and the Redis server's info");
    stats->add_flag("--json", *json, "Print Go's stats JSON (aggregate, queues and redis)");
    stats->callback([&global, json] {
        Inspector inspector(global.redis_options());
        std::vector<QueueInfo> infos;
        for (const auto& queue : inspector.queues()) infos.push_back(inspector.get_queue_info(queue));
        const auto redis_info = inspector.redis_info();
        const auto now = std::chrono::system_clock::now();
        const Totals t = sum(infos);
        if (!*json) {
            print_stats(infos, t, redis_info, now);
            return;
        }
        Json queues = Json::array();
        for (const auto& i : infos) queues.push_back(go_queue_info_json(i));
        print_json(Json{{"aggregate",
                         {{"active", t.active},
                          {"pending", t.pending},
                          {"aggregating", t.aggregating},
                          {"scheduled", t.scheduled},
                          {"retry", t.retry},
                          {"archived", t.archived},
                          {"completed", t.completed},
                          {"processed", t.processed},
                          {"failed", t.failed},
                          {"timestamp", util::format_rfc3339(now)}}},
                        {"queues", queues},
                        {"redis", redis_info}});
    });
}

}  // namespace asynq::cli
