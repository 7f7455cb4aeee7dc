#include "cli/task_actions_command.h"

#include <fmt/format.h>

#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "asynq/errors.h"
#include "asynq/inspector.h"

namespace asynq::cli {
namespace {

struct TaskFlags {
    std::string queue;
    std::string id;
};

struct BulkFlags {
    std::string queue;
    std::string state;
    std::string group;
};

// One bulk action per state it accepts; aggregating ones need the group.
using BulkAction = std::function<std::int64_t(Inspector&, const BulkFlags&)>;

void add_single_task_action(CLI::App& task_command, const GlobalOptions& global, const std::string& name,
                            const std::string& description, const std::string& done,
                            void (Inspector::*action)(const std::string&, const std::string&)) {
    auto flags = std::make_shared<TaskFlags>();  // shared with the callback, run after parsing
    CLI::App* command = task_command.add_subcommand(name, description);
    command->add_option("-q,--queue", flags->queue, "Queue of the task")->required();
    command->add_option("-i,--id", flags->id, "Task id")->required();
    command->callback([&global, flags, action, done] {
        Inspector inspector(global.redis_options());
        (inspector.*action)(flags->queue, flags->id);
        std::cout << done << '\n';
    });
}

void add_bulk_action(CLI::App& task_command, const GlobalOptions& global, const std::string& name,
                     const std::string& description, const std::string& done_format,
                     std::map<std::string, BulkAction> by_state) {
    auto flags = std::make_shared<BulkFlags>();
    std::vector<std::string> states;
    for (const auto& [state, action] : by_state) states.push_back(state);
    CLI::App* command = task_command.add_subcommand(name, description);
    command->add_option("-q,--queue", flags->queue, "Queue of the tasks")->required();
    command->add_option("-s,--state", flags->state, "State of the tasks: " + fmt::format("{}", fmt::join(states, ", ")))
        ->required()
        ->check(CLI::IsMember(states));
    command->add_option("-g,--group", flags->group, "Group (required with --state aggregating)");
    command->callback([&global, flags, by_state = std::move(by_state), done_format] {
        if (flags->state == "aggregating" && flags->group.empty()) {
            throw Error(ErrorCode::kInvalidArgument, "--group is required with --state aggregating");
        }
        Inspector inspector(global.redis_options());
        const std::int64_t count = by_state.at(flags->state)(inspector, *flags);
        std::cout << fmt::format(fmt::runtime(done_format), count) << '\n';
    });
}

void add_cancel_command(CLI::App& task_command, const GlobalOptions& global) {
    auto ids = std::make_shared<std::vector<std::string>>();
    CLI::App* command =
        task_command.add_subcommand("cancel", "Ask the servers running these tasks to cancel them (best effort)");
    command->add_option("ID", *ids, "Task ids")->required();
    command->callback([&global, ids] {
        Inspector inspector(global.redis_options());
        for (const auto& id : *ids) {
            inspector.cancel_processing(id);
            std::cout << "Sent cancelation signal for task " << id << '\n';
        }
    });
}

}  // namespace

void add_task_action_commands(CLI::App& task_command, const GlobalOptions& global) {
    add_cancel_command(task_command, global);
    add_single_task_action(task_command, global, "archive", "Archive a task", "task archived",
                           &Inspector::archive_task);
    add_single_task_action(task_command, global, "delete", "Delete a task", "task deleted", &Inspector::delete_task);
    task_command.get_subcommand("delete")->alias("rm")->alias("remove");
    add_single_task_action(task_command, global, "run",
                           "Make a scheduled, retry, archived, completed or aggregating "
                           "task pending now",
                           "task is now pending", &Inspector::run_task);

    add_bulk_action(
        task_command, global, "archiveall", "Archive every task of a queue in a state", "{} tasks archived",
        {{"pending", [](Inspector& i, const BulkFlags& f) { return i.archive_all_pending_tasks(f.queue); }},
         {"scheduled", [](Inspector& i, const BulkFlags& f) { return i.archive_all_scheduled_tasks(f.queue); }},
         {"retry", [](Inspector& i, const BulkFlags& f) { return i.archive_all_retry_tasks(f.queue); }},
         {"aggregating",
          [](Inspector& i, const BulkFlags& f) { return i.archive_all_aggregating_tasks(f.queue, f.group); }}});
    add_bulk_action(
        task_command, global, "deleteall", "Delete every task of a queue in a state", "{} tasks deleted",
        {{"pending", [](Inspector& i, const BulkFlags& f) { return i.delete_all_pending_tasks(f.queue); }},
         {"scheduled", [](Inspector& i, const BulkFlags& f) { return i.delete_all_scheduled_tasks(f.queue); }},
         {"retry", [](Inspector& i, const BulkFlags& f) { return i.delete_all_retry_tasks(f.queue); }},
         {"archived", [](Inspector& i, const BulkFlags& f) { return i.delete_all_archived_tasks(f.queue); }},
         {"completed", [](Inspector& i, const BulkFlags& f) { return i.delete_all_completed_tasks(f.queue); }},
         {"aggregating",
          [](Inspector& i, const BulkFlags& f) { return i.delete_all_aggregating_tasks(f.queue, f.group); }}});
    add_bulk_action(task_command, global, "runall", "Make every task of a queue in a state pending now",
                    "{} tasks are now pending",
                    {{"scheduled", [](Inspector& i, const BulkFlags& f) { return i.run_all_scheduled_tasks(f.queue); }},
                     {"retry", [](Inspector& i, const BulkFlags& f) { return i.run_all_retry_tasks(f.queue); }},
                     {"archived", [](Inspector& i, const BulkFlags& f) { return i.run_all_archived_tasks(f.queue); }},
                     {"aggregating",
                      [](Inspector& i, const BulkFlags& f) { return i.run_all_aggregating_tasks(f.queue, f.group); }}});
}

}  // namespace asynq::cli
