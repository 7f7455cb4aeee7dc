#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "asynq/inspector.h"
#include "cli/read_commands.h"
#include "cli/server_info_json.h"
#include "cli/table.h"

namespace asynq::cli {

using Json = nlohmann::ordered_json;

void add_server_command(CLI::App& app, const GlobalOptions& global) {
    CLI::App* server = app.add_subcommand("server", "Inspect running servers");
    server->require_subcommand(1);
    auto json = std::make_shared<bool>(false);
    CLI::App* list = server->add_subcommand("ls", "List the running servers");
    list->alias("list");
    list->add_flag("--json", *json, "Print a JSON array of servers with their active workers");
    list->callback([&global, json] {
        Inspector inspector(global.redis_options());
        const auto servers = inspector.servers();  // sorted by host, pid, id
        if (*json) {
            auto out = Json::array();
            for (const auto& s : servers) out.push_back(server_info_to_json(s));
            print_json(out);
            return;
        }
        if (servers.empty()) {
            std::cout << "No running servers\n";
            return;
        }
        const auto now = std::chrono::system_clock::now();
        std::vector<std::vector<std::string>> rows;
        for (const auto& s : servers) {
            rows.push_back({s.host, std::to_string(s.pid), s.status,
                            std::to_string(s.active_workers.size()) + "/" + std::to_string(s.concurrency),
                            format_server_queues(s.queues), format_ago(s.started, now)});
        }
        std::cout << format_table({"Host", "PID", "State", "Active Workers", "Queues", "Started"}, rows);
    });
}

}  // namespace asynq::cli
