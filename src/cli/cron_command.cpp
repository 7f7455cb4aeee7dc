#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "asynq/inspector.h"
#include "cli/read_commands.h"
#include "cli/table.h"

namespace asynq::cli {
namespace {

using Json = nlohmann::ordered_json;

std::string join(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& part : parts) {
        if (!out.empty()) out += ", ";
        out += part;
    }
    return out;
}

void add_list_command(CLI::App& cron, const GlobalOptions& global) {
    auto json = std::make_shared<bool>(false);
    CLI::App* list = cron.add_subcommand("ls", "List the entries of the running schedulers");
    list->alias("list");
    list->add_flag("--json", *json, "Print a JSON array of entries");
    list->callback([&global, json] {
        Inspector inspector(global.redis_options());
        auto entries = inspector.scheduler_entries();
        std::stable_sort(entries.begin(), entries.end(),
                         [](const SchedulerEntry& a, const SchedulerEntry& b) { return a.spec < b.spec; });
        if (*json) {
            auto out = Json::array();
            for (const auto& e : entries) {
                Json entry = Json::object();
                entry["id"] = e.id;
                entry["spec"] = e.spec;
                entry["type"] = e.task_type;
                put_bytes_json(entry, "payload", e.task_payload);
                entry["options"] = e.options;
                entry["next_enqueue"] = time_or_null_json(e.next_enqueue);
                entry["prev_enqueue"] = time_or_null_json(e.prev_enqueue);
                out.push_back(std::move(entry));
            }
            print_json(out);
            return;
        }
        if (entries.empty()) {
            std::cout << "No scheduler entries\n";
            return;
        }
        const auto now = std::chrono::system_clock::now();
        std::vector<std::vector<std::string>> rows;
        for (const auto& e : entries) {
            const std::string next = e.next_enqueue > now ? "In " + format_until(e.next_enqueue, now).substr(3) : "Now";
            const std::string prev =
                e.prev_enqueue.time_since_epoch().count() == 0 ? "N/A" : format_ago(e.prev_enqueue, now);
            rows.push_back({e.id, e.spec, e.task_type, printable_bytes(e.task_payload), join(e.options), next, prev});
        }
        std::cout << format_table({"EntryID", "Spec", "Type", "Payload", "Options", "Next", "Prev"}, rows);
    });
}

void add_history_command(CLI::App& cron, const GlobalOptions& global) {
    auto entries = std::make_shared<std::vector<std::string>>();
    auto options = std::make_shared<ListOptions>();
    auto json = std::make_shared<bool>(false);
    CLI::App* history = cron.add_subcommand("history", "List the enqueues of scheduler entries, newest first");
    history->add_option("ENTRY_ID", *entries, "Entry ids (see cron ls)")->required();
    history->add_option("--page", options->page, "Page number, from 1 (default 1)")->check(CLI::PositiveNumber);
    history->add_option("--size", options->page_size, "Events per page (default 30)")->check(CLI::PositiveNumber);
    history->add_flag("--json", *json, "Print a JSON array of {entry_id, task_id, enqueued_at}");
    history->callback([&global, entries, options, json] {
        Inspector inspector(global.redis_options());
        std::vector<std::vector<SchedulerEnqueueEvent>> all;
        for (const auto& id : *entries) all.push_back(inspector.scheduler_enqueue_events(id, *options));
        if (*json) {
            auto out = Json::array();
            for (std::size_t i = 0; i < all.size(); ++i) {
                for (const auto& e : all[i]) {
                    out.push_back({{"entry_id", (*entries)[i]},
                                   {"task_id", e.task_id},
                                   {"enqueued_at", time_or_null_json(e.enqueued_at)}});
                }
            }
            print_json(out);
            return;
        }
        for (std::size_t i = 0; i < all.size(); ++i) {
            if (i > 0) std::cout << '\n';
            std::cout << "Entry: " << (*entries)[i] << "\n\n";
            std::vector<std::vector<std::string>> rows;
            for (const auto& e : all[i])
                rows.push_back({e.task_id, time_or_null_json(e.enqueued_at).get<std::string>()});
            std::cout << format_table({"TaskID", "EnqueuedAt"}, rows);
        }
    });
}

}  // namespace

void add_cron_command(CLI::App& app, const GlobalOptions& global) {
    CLI::App* cron = app.add_subcommand("cron", "Inspect the entries of running schedulers");
    cron->require_subcommand(1);
    add_list_command(*cron, global);
    add_history_command(*cron, global);
}

}  // namespace asynq::cli
