#pragma once

#include <optional>
#include <string>

// The connection settings of the CLI's config file, Go's `asynq --config FILE` (default $HOME/.asynq.yaml): a YAML
// mapping whose keys are the global flags' long names.
namespace asynq::cli {

/// The values a config file gives; unset = the file does not name that key.
struct ConfigFile {
    std::string path;  ///< The file read, for messages; empty when none was.
    std::optional<std::string> uri;
    std::optional<std::string> username;
    std::optional<std::string> password;
    std::optional<int> db;
};

/// Reads a config file: a YAML mapping with any of `uri`, `username`, `password` (strings) and `db` (an integer
/// >= 0). An empty file gives nothing. Throws Error(kInvalidArgument) with a one-line message naming the file (and
/// the key) when the file cannot be read, is not valid YAML or not a mapping, has a key not in that list (Go's
/// `cluster`, `cluster_addrs`, `tls_server` and `insecure` get a message saying they are not supported), or a
/// value of the wrong kind.
ConfigFile read_config_file(const std::string& path);

/// `$HOME/.asynq.yaml`, or nothing when HOME is unset or empty.
std::optional<std::string> default_config_path();

}  // namespace asynq::cli
