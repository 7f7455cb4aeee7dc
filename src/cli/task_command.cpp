#include "cli/task_command.h"

#include <fmt/format.h>

#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "asynq/client.h"
#include "asynq/errors.h"
#include "asynq/options.h"
#include "asynq/task.h"
#include "cli/flag_parsing.h"
#include "cli/task_actions_command.h"
#include "cli/task_info_json.h"
#include "cli/task_queries_command.h"
#include "client/enqueue_option_text.h"

namespace asynq::cli {
namespace {

// Flag values exactly as typed; an option that is not given keeps Go's default.
struct EnqueueFlags {
    std::string type;
    std::optional<std::string> payload;
    std::optional<std::string> payload_file;
    // Enqueue options by name (client::enqueue_option_names(), the flag without its dashes) -> text.
    std::map<std::string, std::string> options;
    std::vector<std::string> headers;
};

// Binds a flag that stays unset unless it appears on the command line.
template <typename T>
CLI::Option* add_optional(CLI::App& command, const std::string& name, const std::string& value_name,
                          std::optional<T>& target, const std::string& description) {
    return command
        .add_option_function<T>(
            name, [&target](const T& value) { target = value; }, description)
        ->type_name(value_name);
}

struct EnqueueRequest {
    Task task;
    EnqueueOptions options;
};

EnqueueRequest build_request(const EnqueueFlags& flags, std::istream& standard_input) {
    Headers headers;
    for (const std::string& header : flags.headers) {
        auto [key, value] = parse_key_value_flag("--header", header);
        headers.insert_or_assign(std::move(key), std::move(value));
    }

    // No payload flag means a nil payload, which is not the same as --payload "": the unique lock key differs
    // (spec §1.3), and Go's CLI passes the flag's (possibly empty) value.
    std::optional<std::string> payload = flags.payload;
    if (flags.payload_file) payload = read_file_flag("--payload-file", *flags.payload_file, standard_input);
    Task task = payload ? Task(flags.type, std::move(*payload), std::move(headers))
                        : Task::without_payload(flags.type, std::move(headers));

    EnqueueOptions options;
    for (const auto& [name, text] : flags.options) client::set_enqueue_option(options, name, text, "--" + name);
    return {std::move(task), std::move(options)};
}

void run_enqueue(const GlobalOptions& global, const EnqueueFlags& flags) {
    EnqueueRequest request = build_request(flags, std::cin);
    Client client(global.redis_options());
    TaskInfo info;
    try {
        info = client.enqueue(request.task, request.options);
    } catch (const Error& e) {
        // Name the operation, keeping the code for main's exit status. The Client already names it in its own
        // errors ("enqueue: task already exists"), but not in the Redis layer's ("redis host:port: ...").
        const std::string_view message = e.what();
        if (message.starts_with("enqueue:")) throw;
        throw Error(e.code(), fmt::format("enqueue: {}", message));
    }
    // Header values come straight from argv and may be any bytes; replace invalid UTF-8 rather than fail after
    // the task was enqueued.
    std::cout << task_info_to_json(info).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

void add_enqueue_command(CLI::App& task_command, const GlobalOptions& global) {
    CLI::App* command = task_command.add_subcommand("enqueue", "Enqueue a task and print its info as JSON");
    // Shared with the callback, which CLI11 runs after parsing, when this function has long returned.
    auto flags = std::make_shared<EnqueueFlags>();

    command->add_option("TYPE", flags->type, "Task type name, e.g. email:send")->type_name("")->required();
    CLI::Option* payload = add_optional(*command, "--payload", "BYTES", flags->payload,
                                        "Payload bytes as given; omit for no payload (\"\" is an empty one)");
    CLI::Option* payload_file = add_optional(*command, "--payload-file", "FILE", flags->payload_file,
                                             "Read the payload from FILE, or from standard input if FILE is -");
    payload->excludes(payload_file);
    // Each enqueue option is kept as text and parsed by client::set_enqueue_option, as `asynq scheduler` parses
    // the same names in its YAML file.
    const auto add_enqueue_option = [&](const std::string& name, const std::string& value_name,
                                        const std::string& description) {
        return command
            ->add_option_function<std::string>(
                "--" + name, [flags, name](const std::string& text) { flags->options[name] = text; }, description)
            ->type_name(value_name);
    };
    add_enqueue_option("queue", "NAME", "Queue name (default \"default\")");
    add_enqueue_option("max-retry", "N", "Retries after the first attempt (default 25)")->check(non_negative_integer());
    add_enqueue_option("timeout", "DURATION", "Per-attempt timeout, Go duration (default 30m)");
    add_enqueue_option("deadline", "TIME", "Deadline, RFC 3339, e.g. 2026-11-25T10:00:00Z");
    add_enqueue_option("unique", "DURATION", "Reject duplicates (queue, type, payload) for this long");
    CLI::Option* process_in =
        add_enqueue_option("process-in", "DURATION", "Process no earlier than now + this Go duration");
    CLI::Option* process_at = add_enqueue_option("process-at", "TIME", "Process no earlier than this RFC 3339 time");
    process_in->excludes(process_at);
    add_enqueue_option("id", "ID", "Task id (default: a random UUID)");
    add_enqueue_option("retention", "DURATION", "Keep the task this long after success");
    add_enqueue_option("group", "NAME", "Aggregation group");
    // One KEY=VALUE per --header, so that a following positional is not swallowed as another header.
    command->add_option("--header", flags->headers, "Header KEY=VALUE; repeatable")
        ->type_name("KEY=VALUE")
        ->allow_extra_args(false);

    command->callback([&global, flags] { run_enqueue(global, *flags); });
}

}  // namespace

void add_task_command(CLI::App& app, const GlobalOptions& global) {
    CLI::App* task = app.add_subcommand("task", "Manage tasks");
    task->require_subcommand(1);
    add_enqueue_command(*task, global);
    add_task_action_commands(*task, global);
    add_task_query_commands(*task, global);
}

}  // namespace asynq::cli
