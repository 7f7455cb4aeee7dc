// The CLI's config file: YAML read with yaml-cpp, every error one line that names the file.
#include "cli/config_file.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string_view>
#include <system_error>

#include "asynq/errors.h"

namespace asynq::cli {
namespace {

constexpr std::string_view kKnownKeys = "uri, username, password, db";
// Keys Go's CLI reads from the same file for connections we do not offer; naming them beats "unknown key".
constexpr std::array<std::string_view, 4> kGoOnlyKeys = {"cluster", "cluster_addrs", "tls_server", "insecure"};

[[noreturn]] void fail(const std::string& path, std::string_view problem) {
    throw Error(ErrorCode::kInvalidArgument, fmt::format("config file {}: {}", path, problem));
}

std::string line_of(const YAML::Node& node) {
    return node.Mark().is_null() ? std::string() : fmt::format(" (line {})", node.Mark().line + 1);
}

std::string read_text(const std::string& path) {
    std::error_code ignored;
    // An ifstream opens a directory and only fails while reading, with libstdc++'s wording: say it plainly.
    if (std::filesystem::is_directory(path, ignored)) fail(path, "is a directory");
    std::ifstream in(path, std::ios::binary);
    if (!in) fail(path, std::strerror(errno));
    std::string text;
    try {
        text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    } catch (const std::exception& e) {
        fail(path, e.what());
    }
    if (in.bad()) fail(path, std::strerror(errno));
    return text;
}

std::string scalar(const std::string& path, const std::string& key, const YAML::Node& key_node,
                   const YAML::Node& value) {
    if (value.IsScalar()) return value.Scalar();
    fail(path, fmt::format("{}{}: must be a single value", key, line_of(key_node)));
}

int database(const std::string& path, const std::string& text, const YAML::Node& key_node) {
    int db = -1;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), db);
    if (error != std::errc() || end != text.data() + text.size() || db < 0) {
        fail(path, fmt::format("db{}: must be an integer >= 0, got \"{}\"", line_of(key_node), text));
    }
    return db;
}

}  // namespace

ConfigFile read_config_file(const std::string& path) {
    const std::string text = read_text(path);
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
        fail(path, fmt::format("not valid YAML: {}", e.what()));
    }
    ConfigFile config;
    config.path = path;
    if (root.IsNull()) return config;  // empty, or only comments
    if (!root.IsMap()) fail(path, "must be a mapping of flag names to values (e.g. \"uri: 127.0.0.1:6379\")");
    for (const auto& pair : root) {
        if (!pair.first.IsScalar()) fail(path, fmt::format("keys must be flag names{}", line_of(pair.first)));
        const std::string& key = pair.first.Scalar();
        if (key == "uri") {
            config.uri = scalar(path, key, pair.first, pair.second);
        } else if (key == "username") {
            config.username = scalar(path, key, pair.first, pair.second);
        } else if (key == "password") {
            config.password = scalar(path, key, pair.first, pair.second);
        } else if (key == "db") {
            config.db = database(path, scalar(path, key, pair.first, pair.second), pair.first);
        } else if (std::find(kGoOnlyKeys.begin(), kGoOnlyKeys.end(), key) != kGoOnlyKeys.end()) {
            fail(path, fmt::format("key \"{}\"{} of Go's CLI is not supported by asynq-cpp (known keys: {})", key,
                                   line_of(pair.first), kKnownKeys));
        } else {
            fail(path, fmt::format("unknown key \"{}\"{} (known keys: {})", key, line_of(pair.first), kKnownKeys));
        }
    }
    return config;
}

std::optional<std::string> default_config_path() {
    const char* home = std::getenv("HOME");
    if (home == nullptr || *home == '\0') return std::nullopt;
    return std::string(home) + "/.asynq.yaml";
}

}  // namespace asynq::cli
