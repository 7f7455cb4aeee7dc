#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "asynq/redis_options.h"

namespace asynq::cli {

/// Flags every command shares: where Redis is. Filled in by CLI11 while parsing, read by the commands' callbacks
/// (which CLI11 runs after the whole command line is parsed, so global flags given after the subcommand count).
class GlobalOptions {
public:
    /// Adds --config, --uri/-u, --username/-U, --password/-p and --db/-n to app. `this` must outlive app's parsing.
    void add_to(CLI::App& app);

    /// The connection options. The URI is the first given of --uri, ASYNQ_URI, the config file's `uri` (--config
    /// FILE, else $HOME/.asynq.yaml if it exists) and redis://127.0.0.1:6379, parsed by RedisOptions::from_uri
    /// (`redis://[user:pass@]host:port[/db]`, `redis-socket://...` or a bare `host:port`). --username, --password
    /// and --db (or ASYNQ_USERNAME, ASYNQ_PASSWORD) override the URI's values; the config file's `username`,
    /// `password` and `db` only fill in what the URI leaves out. Reads the config file on each call.
    /// Throws Error(kInvalidArgument) naming the flag or the config file (a --config file that does not exist is
    /// an error; a missing default file is not).
    RedisOptions redis_options() const;

private:
    std::string config_path_;
    std::string uri_ = "redis://127.0.0.1:6379";
    std::string username_;
    std::string password_;
    int db_ = 0;
    // Set by add_to(); count() tells whether a flag (or its environment variable) was given, so that only
    // given flags override the config file and the URI.
    const CLI::Option* config_flag_ = nullptr;
    const CLI::Option* uri_flag_ = nullptr;
    const CLI::Option* username_flag_ = nullptr;
    const CLI::Option* password_flag_ = nullptr;
    const CLI::Option* db_flag_ = nullptr;
};

}  // namespace asynq::cli
