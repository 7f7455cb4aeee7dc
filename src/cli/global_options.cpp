#include "cli/global_options.h"

#include <filesystem>
#include <optional>
#include <system_error>

#include "asynq/errors.h"
#include "cli/config_file.h"
#include "cli/flag_parsing.h"

namespace asynq::cli {

namespace {

// The given --config file (which must exist), else the default one if it exists, else nothing.
ConfigFile load_config(const CLI::Option* config_flag, const std::string& config_path) {
    if (config_flag != nullptr && config_flag->count() > 0) return read_config_file(config_path);
    const auto default_path = default_config_path();
    std::error_code ignored;
    if (!default_path || !std::filesystem::exists(*default_path, ignored)) return {};
    return read_config_file(*default_path);
}

}  // namespace

void GlobalOptions::add_to(CLI::App& app) {
    config_flag_ = app.add_option("--config", config_path_,
                                  "YAML file with default values of these flags: uri, username, password, db "
                                  "(default $HOME/.asynq.yaml, if it exists)")
                       ->type_name("FILE");
    uri_flag_ =
        app.add_option(
               "-u,--uri", uri_,
               "Redis server: redis://[user:password@]host:port[/db], redis-socket://[user:password@]/path[?db=N] "
               "or host:port")
            ->type_name("URI")
            ->envname("ASYNQ_URI")
            ->capture_default_str();
    username_flag_ = app.add_option("-U,--username", username_, "Redis ACL user name (overrides the URI)")
                         ->type_name("NAME")
                         ->envname("ASYNQ_USERNAME");
    password_flag_ = app.add_option("-p,--password", password_, "Redis password (overrides the URI)")
                         ->type_name("PASSWORD")
                         ->envname("ASYNQ_PASSWORD");
    db_flag_ = app.add_option("-n,--db", db_, "Redis database number (overrides the URI)")
                   ->type_name("N")
                   ->check(non_negative_integer());
}

RedisOptions GlobalOptions::redis_options() const {
    const ConfigFile config = load_config(config_flag_, config_path_);
    const auto given = [](const CLI::Option* flag) { return flag != nullptr && flag->count() > 0; };

    RedisOptions options;
    const bool uri_from_file = !given(uri_flag_) && config.uri.has_value();
    try {
        options = RedisOptions::from_uri(uri_from_file ? *config.uri : uri_);
    } catch (const Error& e) {
        throw Error(e.code(),
                    (uri_from_file ? "config file " + config.path + ": uri: " : std::string("--uri: ")) + e.what());
    }
    // Flags override what the URI says; the config file only fills in what it leaves out, so that a URI given on
    // the command line with its own credentials is not overridden by a file the user may have forgotten.
    if (given(username_flag_)) {
        options.username = username_;
    } else if (options.username.empty() && config.username) {
        options.username = *config.username;
    }
    if (given(password_flag_)) {
        options.password = password_;
    } else if (options.password.empty() && config.password) {
        options.password = *config.password;
    }
    if (given(db_flag_)) {
        options.db = db_;
    } else if (options.db == 0 && config.db) {
        options.db = *config.db;
    }
    return options;
}

}  // namespace asynq::cli
