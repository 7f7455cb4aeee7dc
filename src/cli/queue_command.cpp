#include "cli/queue_command.h"

#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "asynq/errors.h"
#include "asynq/inspector.h"

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

}  // namespace

void add_queue_command(CLI::App& app, const GlobalOptions& global) {
    CLI::App* queue = app.add_subcommand("queue", "Manage queues");
    queue->require_subcommand(1);
    add_pause_commands(*queue, global);
    add_remove_command(*queue, global);
}

}  // namespace asynq::cli
