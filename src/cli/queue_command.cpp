#include "cli/queue_command.h"

#include <chrono>
#include <exception>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "asynq/errors.h"
#include "asynq/inspector.h"
#include "cli/queue_info_json.h"
#include "cli/table.h"
#include "util/time_format.h"

namespace asynq::cli {
namespace {

// Runs `action` on every queue and reports each outcome; once all were tried, throws a summary whose code is the
// first failure's. Errors that are not about one queue (Redis unreachable) stop at once, since the other queues
// would fail the same way.
void for_each_queue(const std::vector<std::string>& queues, const std::function<void(const std::string&)>& action,
                    const char* done) {
    std::optional<ErrorCode> first_failure;
    std::size_t failures = 0;
    for (const auto& queue : queues) {
        try {
            action(queue);
            std::cout << "Successfully " << done << " queue \"" << queue << "\"\n";
        } catch (const Error& e) {
            if (e.code() == ErrorCode::kUnavailable || e.code() == ErrorCode::kInternal) throw;
            std::cerr << "asynq: " << e.what() << '\n';
            if (dynamic_cast<const QueueNotEmptyError*>(&e) != nullptr) {
                std::cerr << "asynq: to remove it with its tasks: asynq queue remove --force " << queue << '\n';
            }
            if (!first_failure) first_failure = e.code();
            ++failures;
        }
    }
    std::cout.flush();
    if (first_failure) {
        throw Error(*first_failure,
                    std::to_string(failures) + " of " + std::to_string(queues.size()) + " queues not " + done);
    }
}

void add_pause_commands(CLI::App& queue_command, const GlobalOptions& global) {
    auto queues = std::make_shared<std::vector<std::string>>();  // shared with the callbacks, run after parsing

    CLI::App* pause = queue_command.add_subcommand("pause", "Stop servers from taking tasks from the queues");
    pause->add_option("QUEUE", *queues, "Queue names")->required();
    pause->callback([&global, queues] {
        Inspector inspector(global.redis_options());
        for_each_queue(
            *queues, [&](const std::string& q) { inspector.pause_queue(q); }, "paused");
    });

    CLI::App* resume = queue_command.add_subcommand("resume", "Let servers take tasks from the queues again");
    resume->alias("unpause");
    resume->add_option("QUEUE", *queues, "Queue names")->required();
    resume->callback([&global, queues] {
        Inspector inspector(global.redis_options());
        for_each_queue(
            *queues, [&](const std::string& q) { inspector.unpause_queue(q); }, "unpaused");
    });
}

void add_remove_command(CLI::App& queue_command, const GlobalOptions& global) {
    auto queues = std::make_shared<std::vector<std::string>>();
    auto force = std::make_shared<bool>(false);
    CLI::App* remove = queue_command.add_subcommand("remove", "Remove queues that have no task left");
    remove->alias("rm")->alias("delete");
    remove->add_option("QUEUE", *queues, "Queue names")->required();
    remove->add_flag("-f,--force", *force, "Remove the queues with their pending, scheduled, retry and archived tasks");
    remove->callback([&global, queues, force] {
        Inspector inspector(global.redis_options());
        for_each_queue(
            *queues, [&](const std::string& q) { inspector.delete_queue(q, *force); }, "removed");
    });
}

void add_list_command(CLI::App& queue_command, const GlobalOptions& global) {
    auto json = std::make_shared<bool>(false);
    CLI::App* list = queue_command.add_subcommand("ls", "List the queues");
    list->alias("list");
    list->add_flag("--json", *json, "Print a JSON array of names");
    list->callback([&global, json] {
        Inspector inspector(global.redis_options());
        const auto queues = inspector.queues();
        if (*json) {
            print_json(queues);
            return;
        }
        for (const auto& queue : queues) std::cout << queue << '\n';
    });
}

void print_queue_info(const QueueInfo& info) {
    std::cout << "Queue Info\n"
              << "Name:   " << info.queue << '\n'
              << "Size:   " << info.size << '\n'
              << "Groups: " << info.groups << '\n'
              << "Paused: " << (info.paused ? "true" : "false") << "\n\n"
              << "Task Count by State\n"
              << format_table(
                     {"active", "pending", "aggregating", "scheduled", "retry", "archived", "completed"},
                     {{std::to_string(info.active), std::to_string(info.pending), std::to_string(info.aggregating),
                       std::to_string(info.scheduled), std::to_string(info.retry), std::to_string(info.archived),
                       std::to_string(info.completed)}})
              << '\n'
              << "Daily Stats " << format_date(std::chrono::floor<std::chrono::days>(info.timestamp)) << " UTC\n"
              << format_table({"processed", "failed", "error rate"},
                              {{std::to_string(info.processed), std::to_string(info.failed),
                                error_rate(info.processed, info.failed)}});
}

// What Go's CLI prints between two queues of `queue inspect` and `queue history`.
constexpr const char* kQueueSeparator = "\n=================================================\n\n";

// Reads `read(queue)` for each queue, as Go's CLI does for `queue inspect` and `queue history`: an unknown queue
// does not stop the others. Other errors (Redis unreachable) are thrown at once, before anything is printed.
template <typename Result>
struct PerQueue {
    std::vector<std::pair<std::string, Result>> found;  // in the order given
    std::vector<std::exception_ptr> not_found;          // QueueNotFoundError of each unknown queue, in order
};

template <typename Read>
auto read_each_queue(const std::vector<std::string>& queues, Read read) {
    PerQueue<decltype(read(queues.front()))> results;
    for (const auto& queue : queues) {
        try {
            results.found.emplace_back(queue, read(queue));
        } catch (const QueueNotFoundError&) {
            results.not_found.push_back(std::current_exception());
        }
    }
    return results;
}

// Called once the found queues are printed: one `asynq: ...` line per unknown queue, then status 5. The last
// error is thrown rather than printed, so main() prints it and exits with its status.
template <typename Result>
void report_not_found(const PerQueue<Result>& results) {
    if (results.not_found.empty()) return;
    std::cout.flush();
    for (std::size_t i = 0; i + 1 < results.not_found.size(); ++i) {
        try {
            std::rethrow_exception(results.not_found[i]);
        } catch (const Error& e) {
            std::cerr << "asynq: " << e.what() << '\n';
        }
    }
    std::rethrow_exception(results.not_found.back());
}

void add_inspect_command(CLI::App& queue_command, const GlobalOptions& global) {
    auto queues = std::make_shared<std::vector<std::string>>();
    auto json = std::make_shared<bool>(false);
    CLI::App* inspect = queue_command.add_subcommand("inspect", "Show the size, counts by state and today's counters");
    inspect->add_option("QUEUE", *queues, "Queue names")->required();
    inspect->add_flag("--json", *json, "Print a JSON array with one object per queue");
    inspect->callback([&global, queues, json] {
        Inspector inspector(global.redis_options());
        const auto results = read_each_queue(
            *queues, [&inspector](const std::string& queue) { return inspector.get_queue_info(queue); });
        if (*json) {
            auto out = nlohmann::ordered_json::array();
            for (const auto& [queue, info] : results.found) out.push_back(queue_info_to_json(info));
            print_json(out);
        } else {
            for (std::size_t i = 0; i < results.found.size(); ++i) {
                if (i > 0) std::cout << kQueueSeparator;
                print_queue_info(results.found[i].second);
            }
        }
        report_not_found(results);
    });
}

void add_history_command(CLI::App& queue_command, const GlobalOptions& global) {
    auto queues = std::make_shared<std::vector<std::string>>();
    auto days = std::make_shared<int>(10);
    auto json = std::make_shared<bool>(false);
    CLI::App* history = queue_command.add_subcommand("history", "Show processed and failed counts of the last days");
    history->add_option("QUEUE", *queues, "Queue names")->required();
    history->add_option("-x,--days", *days, "Number of UTC days, today included (default 10)")
        ->check(CLI::PositiveNumber);
    history->add_flag("--json", *json, "Print a JSON array with one object per queue and day");
    history->callback([&global, queues, days, json] {
        Inspector inspector(global.redis_options());
        const auto results = read_each_queue(
            *queues, [&inspector, days](const std::string& queue) { return inspector.history(queue, *days); });
        if (*json) {
            auto out = nlohmann::ordered_json::array();
            for (const auto& [queue, stats] : results.found) {
                for (const auto& day : stats) {
                    out.push_back({{"queue", day.queue},
                                   {"date", format_date(day.date)},
                                   {"processed", day.processed},
                                   {"failed", day.failed}});
                }
            }
            print_json(out);
        } else {
            for (std::size_t i = 0; i < results.found.size(); ++i) {
                if (i > 0) std::cout << kQueueSeparator;
                std::cout << "Queue: " << results.found[i].first << "\n\n";
                std::vector<std::vector<std::string>> rows;
                for (const auto& day : results.found[i].second) {
                    rows.push_back({format_date(day.date), std::to_string(day.processed), std::to_string(day.failed),
                                    error_rate(day.processed, day.failed)});
                }
                std::cout << format_table({"date (UTC)", "processed", "failed", "error rate"}, rows);
            }
        }
        report_not_found(results);
    });
}

}  // namespace

nlohmann::ordered_json queue_info_to_json(const QueueInfo& info) {
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    out["queue"] = info.queue;
    out["size"] = info.size;
    out["groups"] = info.groups;
    out["paused"] = info.paused;
    put_queue_counts(out, info);
    out["latency_ns"] = info.latency.count();
    out["memory_usage"] = info.memory_usage;
    out["timestamp"] = util::format_rfc3339(info.timestamp);
    return out;
}

void add_queue_command(CLI::App& app, const GlobalOptions& global) {
    CLI::App* queue = app.add_subcommand("queue", "Manage queues");
    queue->require_subcommand(1);
    add_list_command(*queue, global);
    add_inspect_command(*queue, global);
    add_history_command(*queue, global);
    add_pause_commands(*queue, global);
    add_remove_command(*queue, global);
}

}  // namespace asynq::cli
