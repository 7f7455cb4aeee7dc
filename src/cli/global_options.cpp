#include "cli/global_options.h"

#include "asynq/errors.h"
#include "cli/flag_parsing.h"

namespace asynq::cli {

void GlobalOptions::add_to(CLI::App& app) {
    app.add_option("-u,--uri", uri_,
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
    RedisOptions options;
    try {
        options = RedisOptions::from_uri(uri_);
    } catch (const Error& e) {
        throw Error(e.code(), std::string("--uri: ") + e.what());
    }
    if (username_flag_ != nullptr && username_flag_->count() > 0) options.username = username_;
    if (password_flag_ != nullptr && password_flag_->count() > 0) options.password = password_;
    if (db_flag_ != nullptr && db_flag_->count() > 0) options.db = db_;
    return options;
}

}  // namespace asynq::cli
