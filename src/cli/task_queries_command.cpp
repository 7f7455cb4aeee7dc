#include "cli/task_queries_command.h"

#include <chrono>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "asynq/errors.h"
#include "asynq/inspector.h"
#include "cli/table.h"
#include "cli/task_info_json.h"

namespace asynq::cli {
namespace {

struct ListFlags {
    std::string queue;
    std::string state;
    std::string group;
    int page = 1;
    int size = 30;
    bool json = false;
};

struct InspectFlags {
    std::string queue;
    std::string id;
    bool json = false;
};

std::vector<TaskInfo> list_tasks(Inspector& inspector, const ListFlags& flags) {
    const ListOptions options{.page = flags.page, .page_size = flags.size};
    if (flags.state == "pending") return inspector.list_pending_tasks(flags.queue, options);
    if (flags.state == "active") return inspector.list_active_tasks(flags.queue, options);
    if (flags.state == "scheduled") return inspector.list_scheduled_tasks(flags.queue, options);
    if (flags.state == "retry") return inspector.list_retry_tasks(flags.queue, options);
    if (flags.state == "archived") return inspector.list_archived_tasks(flags.queue, options);
    if (flags.state == "completed") return inspector.list_completed_tasks(flags.queue, options);
    return inspector.list_aggregating_tasks(flags.queue, flags.group, options);
}

// Go's columns for each state (tools/asynq/cmd/task.go).
std::string task_table(const std::string& state, const std::vector<TaskInfo>& tasks) {
    const auto now = std::chrono::system_clock::now();
    std::vector<std::string> headers{"ID", "Type", "Payload"};
    if (state == "scheduled") headers.push_back("Process In");
    if (state == "retry")
        headers.insert(headers.end(), {"Next Retry", "Last Error", "Last Failed", "Retried", "Max Retry"});
    if (state == "archived") headers.insert(headers.end(), {"Last Failed", "Last Error"});
    if (state == "completed") headers.insert(headers.end(), {"CompletedAt", "Result"});
    if (state == "aggregating") headers.push_back("Group");

    std::vector<std::vector<std::string>> rows;
    for (const auto& t : tasks) {
        std::vector<std::string> row{t.id, t.type, printable_bytes(t.payload)};
        if (state == "scheduled") row.push_back(format_until(t.next_process_at, now));
        if (state == "retry") {
            row.insert(row.end(),
                       {format_until(t.next_process_at, now), t.last_error, format_ago(t.last_failed_at, now),
                        std::to_string(t.retried), std::to_string(t.max_retry)});
        }
        if (state == "archived") row.insert(row.end(), {format_ago(t.last_failed_at, now), t.last_error});
        if (state == "completed") {
            row.insert(row.end(),
                       {format_ago(t.completed_at, now), t.result ? printable_bytes(*t.result) : std::string()});
        }
        if (state == "aggregating") row.push_back(t.group);
        rows.push_back(std::move(row));
    }
    return format_table(headers, rows);
}

void add_list_command(CLI::App& task_command, const GlobalOptions& global) {
    auto flags = std::make_shared<ListFlags>();  // shared with the callback, run after parsing
    CLI::App* command = task_command.add_subcommand("ls", "List the tasks of a queue in one state, one page");
    command->alias("list");
    command->add_option("-q,--queue", flags->queue, "Queue of the tasks")->required();
    command
        ->add_option("-s,--state", flags->state,
                     "State: active, pending, aggregating, scheduled, retry, archived, completed")
        ->required()
        ->check(CLI::IsMember({"active", "pending", "aggregating", "scheduled", "retry", "archived", "completed"}));
    command->add_option("-g,--group", flags->group, "Group (required with --state aggregating)");
    command->add_option("--page", flags->page, "Page number, from 1 (default 1)")->check(CLI::PositiveNumber);
    command->add_option("--size", flags->size, "Tasks per page (default 30)")->check(CLI::PositiveNumber);
    command->add_flag("--json", flags->json, "Print a JSON array of tasks");
    command->callback([&global, flags] {
        if (flags->state == "aggregating" && flags->group.empty()) {
            throw Error(ErrorCode::kInvalidArgument, "--group is required with --state aggregating");
        }
        Inspector inspector(global.redis_options());
        const auto tasks = list_tasks(inspector, *flags);
        if (flags->json) {
            auto out = nlohmann::ordered_json::array();
            for (const auto& task : tasks) out.push_back(task_info_to_json(task));
            print_json(out);
        } else if (tasks.empty()) {
            std::cout << "No " << flags->state << " tasks in \"" << flags->queue << "\" queue\n";
        } else {
            std::cout << task_table(flags->state, tasks);
        }
    });
}

// Go's printTaskInfo, field for field: payload, result and group are only in --json, as Go prints none of them.
void print_task_info(const TaskInfo& info) {
    const auto now = std::chrono::system_clock::now();
    std::cout << "Task Info\n"
              << "Queue:   " << info.queue << '\n'
              << "ID:      " << info.id << '\n'
              << "Type:    " << info.type << '\n'
              << "State:   " << to_string(info.state) << '\n'
              << "Retried: " << info.retried << '/' << info.max_retry << "\n\n"
              << "Next process time: " << format_next_process_at(info.next_process_at, now) << '\n';
    if (!info.last_error.empty()) {
        std::cout << "\nLast Failure\n"
                  << "Failed at:     " << format_unix_date(info.last_failed_at) << '\n'
                  << "Error message: " << info.last_error << '\n';
    }
}

void add_inspect_command(CLI::App& task_command, const GlobalOptions& global) {
    auto flags = std::make_shared<InspectFlags>();
    CLI::App* command = task_command.add_subcommand("inspect", "Show one task");
    command->add_option("-q,--queue", flags->queue, "Queue of the task")->required();
    command->add_option("-i,--id", flags->id, "Task id")->required();
    command->add_flag("--json", flags->json, "Print the task as a JSON object");
    command->callback([&global, flags] {
        Inspector inspector(global.redis_options());
        const TaskInfo info = inspector.get_task_info(flags->queue, flags->id);
        if (flags->json) {
            print_json(task_info_to_json(info));
        } else {
            print_task_info(info);
        }
    });
}

}  // namespace

void add_task_query_commands(CLI::App& task_command, const GlobalOptions& global) {
    add_list_command(task_command, global);
    add_inspect_command(task_command, global);
}

}  // namespace asynq::cli
