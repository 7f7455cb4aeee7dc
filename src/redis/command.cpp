#include "redis/command.h"

#include <cctype>
#include <stdexcept>
#include <utility>

namespace asynq::redis {
namespace {

std::vector<std::string> to_strings(std::initializer_list<std::string_view> args) {
    std::vector<std::string> out;
    out.reserve(args.size());
    for (auto arg : args) out.emplace_back(arg);
    return out;
}

std::string upper(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace

Command Command::keyed(std::string_view route_key, std::initializer_list<std::string_view> args) {
    return Command{.args = to_strings(args), .route_key = std::string(route_key), .script = nullptr};
}

Command Command::keyless(std::initializer_list<std::string_view> args) {
    return Command{.args = to_strings(args), .route_key = {}, .script = nullptr};
}

Command Command::eval(const Script& script, std::vector<std::string> keys, std::vector<std::string> argv) {
    if (keys.empty()) {
        // Without a key there is nothing to route by, and asynq scripts always touch at least one key.
        throw std::invalid_argument("Command::eval: script \"" + std::string(script.name) +
                                    "\" needs at least one key");
    }
    Command command{.args = {}, .route_key = keys.front(), .script = &script};
    command.args.reserve(3 + keys.size() + argv.size());
    command.args.emplace_back("EVALSHA");
    command.args.emplace_back(script.sha1);
    command.args.push_back(std::to_string(keys.size()));
    for (auto& key : keys) command.args.push_back(std::move(key));
    for (auto& arg : argv) command.args.push_back(std::move(arg));
    return command;
}

Command Command::as_eval() const {
    if (script == nullptr || args.size() < 2) {
        throw std::logic_error("Command::as_eval: " + describe() + " is not a script command");
    }
    Command command = *this;
    command.args[0] = "EVAL";
    command.args[1] = std::string(script->source);
    return command;
}

std::string Command::describe() const {
    if (args.empty()) return "(empty command)";
    std::string name = upper(args[0]);
    if (script != nullptr) name += " " + std::string(script->name);
    return name;
}

}  // namespace asynq::redis
