#include <iostream>
#include <memory>
#include <string>

#include "asynq/inspector.h"
#include "cli/read_commands.h"
#include "cli/table.h"

namespace asynq::cli {

void add_group_command(CLI::App& app, const GlobalOptions& global) {
    CLI::App* group = app.add_subcommand("group", "Inspect groups of aggregating tasks");
    group->require_subcommand(1);
    auto queue = std::make_shared<std::string>();
    auto json = std::make_shared<bool>(false);
    CLI::App* list = group->add_subcommand("ls", "List the groups of a queue");
    list->alias("list");
    list->add_option("-q,--queue", *queue, "Queue name")->required();
    list->add_flag("--json", *json, "Print a JSON array of {group, size}");
    list->callback([&global, queue, json] {
        Inspector inspector(global.redis_options());
        const auto groups = inspector.groups(*queue);
        if (*json) {
            auto out = nlohmann::ordered_json::array();
            for (const auto& g : groups) out.push_back({{"group", g.group}, {"size", g.size}});
            print_json(out);
        } else if (groups.empty()) {
            std::cout << "No groups found in queue \"" << *queue << "\"\n";
        } else {
            for (const auto& g : groups) std::cout << g.group << '\n';
        }
    });
}

}  // namespace asynq::cli
