#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "asynq/redis_options.h"

namespace asynq::cli {

/// Flags every command shares: where Redis is. Filled in by CLI11 while parsing, read by the commands' callbacks
/// (which CLI11 runs after the whole command line is parsed, so global flags given after the subcommand count).
class GlobalOptions {
public:
    /// Adds --uri/-u, --username/-U, --password/-p and --db/-n to app. `this` must outlive app's parsing.
    void add_to(CLI::App& app);

    /// The connection options: --uri parsed by RedisOptions::from_uri (`redis://[user:pass@]host:port[/db]`,
    /// `redis-socket://...` or a bare `host:port`), then --username, --password and --db override the URI's
    /// values when given. Throws Error(kInvalidArgument) naming the flag.
    RedisOptions redis_options() const;

private:
    std::string uri_ = "redis://127.0.0.1:6379";
    std::string username_;
    std::string password_;
    int db_ = 0;
    // Set by add_to(); count() tells whether a flag (or its environment variable) was given, so that only
    // given flags override the URI.
    const CLI::Option* username_flag_ = nullptr;
    const CLI::Option* password_flag_ = nullptr;
    const CLI::Option* db_flag_ = nullptr;
};

}  // namespace asynq::cli
