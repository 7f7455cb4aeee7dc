// asynq::YamlFileConfigProvider: the periodic tasks of a YAML file, checked entry by entry so that every error
// names the file, the entry and, where yaml-cpp knows it, the line.
#include "asynq/yaml_config_provider.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>

#include "asynq/errors.h"
#include "client/enqueue_option_text.h"
#include "client/message_builder.h"
#include "scheduler/cron_schedule.h"

namespace asynq {
namespace {

// Every message starts with the file's path; `where` says which part of it (may be empty).
class FileContext {
public:
    explicit FileContext(const std::string& path) : path_(path) {}

    [[noreturn]] void fail(std::string_view where, std::string_view problem) const {
        throw Error(ErrorCode::kInvalidArgument, where.empty() ? fmt::format("{}: {}", path_, problem)
                                                               : fmt::format("{}: {}: {}", path_, where, problem));
    }

private:
    const std::string& path_;
};

std::string line_suffix(const YAML::Mark& mark) {
    return mark.is_null() ? std::string() : fmt::format(" (line {})", mark.line + 1);
}

std::string_view kind_of(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Sequence:
            return "list";
        case YAML::NodeType::Map:
            return "mapping";
        case YAML::NodeType::Null:
            return "null";
        default:
            return "scalar";
    }
}

// The keys an entry may have besides the enqueue options, for "unknown key" messages.
std::string known_keys() {
    std::vector<std::string_view> keys = {"cron", "type", "payload", "headers"};
    for (std::string_view name : client::enqueue_option_names()) keys.push_back(name);
    return fmt::format("{}", fmt::join(keys, ", "));
}

class EntryParser {
public:
    EntryParser(const FileContext& file, std::size_t index) : file_(file), index_(index) {}

    PeriodicTaskConfig parse(const YAML::Node& entry) {
        if (!entry.IsMap()) {
            fail(entry.Mark(),
                 fmt::format("must be a mapping with at least \"cron\" and \"type\", got a {}", kind_of(entry)));
        }
        for (const auto& pair : entry) {
            const YAML::Node& key = pair.first;
            const YAML::Node& value = pair.second;
            if (!key.IsScalar()) fail(key.Mark(), fmt::format("keys must be strings, got a {}", kind_of(key)));
            const std::string& name = key.Scalar();
            if (!key_marks_.emplace(name, key.Mark()).second) {
                fail(key.Mark(), fmt::format("duplicate key \"{}\"", name));
            }
            take(name, key, value);
        }
        if (!cron_) fail(entry.Mark(), "missing \"cron\" (a cron spec such as \"*/5 * * * *\" or \"@every 1h\")");
        if (!type_) fail(entry.Mark(), "missing \"type\" (the task type name)");

        PeriodicTaskConfig config{
            .cronspec = *cron_,
            .task = payload_ ? Task(*type_, *payload_, headers_) : Task::without_payload(*type_, headers_),
            .options = options_};
        check(entry.Mark(), config);
        return config;
    }

private:
    [[noreturn]] void fail(const YAML::Mark& mark, std::string_view problem) const {
        file_.fail(fmt::format("tasks[{}]{}", index_, line_suffix(mark)), problem);
    }

    // The text of a scalar value; null ("key:" with nothing after it) and lists or mappings are errors. Errors
    // point at the key's line: a null value's own mark is wherever the next token is.
    std::string scalar(const std::string& name, const YAML::Node& key, const YAML::Node& value) const {
        if (value.IsScalar()) return value.Scalar();
        if (value.IsNull()) fail(key.Mark(), fmt::format("{}: has no value", name));
        fail(key.Mark(), fmt::format("{}: must be a single value, got a {}", name, kind_of(value)));
    }

    void take(const std::string& name, const YAML::Node& key, const YAML::Node& value) {
        if (name == "cron") {
            cron_ = scalar(name, key, value);
        } else if (name == "type") {
            type_ = scalar(name, key, value);
        } else if (name == "payload") {
            if (value.IsMap() || value.IsSequence()) {
                fail(key.Mark(), fmt::format("payload: must be a string, got a {}; quote JSON, e.g. "
                                             "payload: '{{\"user\":42}}'",
                                             kind_of(value)));
            }
            payload_ = scalar(name, key, value);
        } else if (name == "headers") {
            if (!value.IsMap()) {
                fail(key.Mark(), fmt::format("headers: must be a mapping of strings, got a {}", kind_of(value)));
            }
            for (const auto& header : value) {
                if (!header.first.IsScalar()) {
                    fail(header.first.Mark(),
                         fmt::format("headers: keys must be strings, got a {}", kind_of(header.first)));
                }
                const std::string& header_name = header.first.Scalar();
                headers_.insert_or_assign(header_name, scalar("headers: " + header_name, header.first, header.second));
            }
        } else if (client::is_enqueue_option_name(name)) {
            const std::string text = scalar(name, key, value);
            try {
                client::set_enqueue_option(options_, name, text, name);
            } catch (const Error& e) {
                fail(key.Mark(), e.what());
            }
        } else {
            fail(key.Mark(), fmt::format("unknown key \"{}\" (expected one of: {})", name, known_keys()));
        }
    }

    // The line of a key of this entry, or the entry's own line if the key is not there.
    YAML::Mark mark_of(const std::string& key, const YAML::Mark& entry) const {
        const auto found = key_marks_.find(key);
        return found != key_marks_.end() ? found->second : entry;
    }

    // What the manager would refuse, refused here with a line: the cron spec (its syntax does not depend on the
    // scheduler's location) and the options' ranges and combinations. The Client names the EnqueueOptions field
    // (`enqueue: unique_ttl: ...`); the file's user knows the key (`unique: ...`).
    void check(const YAML::Mark& entry, const PeriodicTaskConfig& config) const {
        try {
            scheduler::CronSchedule::parse(config.cronspec, cctz::utc_time_zone());
        } catch (const Error& e) {
            fail(mark_of("cron", entry), fmt::format("cron: {}", e.what()));
        }
        try {
            client::build_enqueue_request(config.task, config.options, std::chrono::system_clock::now());
        } catch (const Error& e) {
            static const std::map<std::string_view, std::string> kKeyOfField = {{"type", "type"},
                                                                                {"queue", "queue"},
                                                                                {"max_retry", "max-retry"},
                                                                                {"timeout", "timeout"},
                                                                                {"deadline", "deadline"},
                                                                                {"unique_ttl", "unique"},
                                                                                {"process_at", "process-at"},
                                                                                {"process_in", "process-in"},
                                                                                {"task_id", "id"},
                                                                                {"retention", "retention"},
                                                                                {"group", "group"}};
            std::string_view message = e.what();
            if (message.starts_with("enqueue: ")) message.remove_prefix(std::string_view("enqueue: ").size());
            const std::string_view field = message.substr(0, message.find(": "));
            const auto key = kKeyOfField.find(field);
            if (key == kKeyOfField.end()) fail(entry, message);
            message.remove_prefix(std::min(message.size(), field.size() + 2));
            fail(mark_of(key->second, entry), fmt::format("{}: {}", key->second, message));
        }
    }

    const FileContext& file_;
    const std::size_t index_;
    std::optional<std::string> cron_;
    std::optional<std::string> type_;
    std::optional<std::string> payload_;
    Headers headers_;
    EnqueueOptions options_;
    std::map<std::string, YAML::Mark> key_marks_;  // each key seen so far, with its line
};

std::string read_file(const FileContext& file, const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) file.fail("", fmt::format("cannot read: {}", std::strerror(errno)));
    std::string content{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (in.bad()) file.fail("", "cannot read");
    return content;
}

}  // namespace

YamlFileConfigProvider::YamlFileConfigProvider(std::string path) : path_(std::move(path)) {}

std::vector<PeriodicTaskConfig> YamlFileConfigProvider::get_configs() {
    const FileContext file(path_);
    const std::string text = read_file(file, path_);

    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
        if (e.mark.is_null()) file.fail("", fmt::format("invalid YAML: {}", e.msg));
        file.fail(fmt::format("line {}, column {}", e.mark.line + 1, e.mark.column + 1),
                  fmt::format("invalid YAML: {}", e.msg));
    }
    if (root.IsNull()) file.fail("", "is empty; write \"tasks: []\" for no periodic tasks");
    if (!root.IsMap()) file.fail("", fmt::format("must be a mapping with a \"tasks\" list, got a {}", kind_of(root)));
    for (const auto& pair : root) {
        if (!pair.first.IsScalar() || pair.first.Scalar() != "tasks") {
            file.fail(fmt::format("line {}", pair.first.Mark().line + 1),
                      fmt::format("unknown top-level key \"{}\" (expected \"tasks\")",
                                  pair.first.IsScalar() ? pair.first.Scalar() : std::string(kind_of(pair.first))));
        }
    }
    const YAML::Node tasks = root["tasks"];
    if (!tasks.IsDefined()) file.fail("", "missing \"tasks\" (a list of periodic tasks; \"tasks: []\" for none)");
    if (tasks.IsNull()) return {};  // `tasks:` with every entry deleted
    if (!tasks.IsSequence()) {
        file.fail(fmt::format("line {}", tasks.Mark().line + 1),
                  fmt::format("\"tasks\" must be a list, got a {}", kind_of(tasks)));
    }

    std::vector<PeriodicTaskConfig> configs;
    configs.reserve(tasks.size());
    for (std::size_t i = 0; i < tasks.size(); ++i) configs.push_back(EntryParser(file, i).parse(tasks[i]));
    return configs;
}

}  // namespace asynq
