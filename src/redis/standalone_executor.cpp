#include "redis/standalone_executor.h"

namespace asynq::redis {

StandaloneExecutor::StandaloneExecutor(const RedisOptions& options)
    : options_(options), pool_(Endpoint::from_options(options), options) {}

std::string StandaloneExecutor::describe() const { return pool_.endpoint().to_string(); }

std::unique_ptr<Connection> StandaloneExecutor::open_dedicated(std::string_view /*route_key*/,
                                                               std::chrono::milliseconds read_timeout) {
    RedisOptions options = options_;
    options.read_timeout = read_timeout;
    return Connection::open(pool_.endpoint(), options);
}

Reply StandaloneExecutor::send(const Command& command) {
    auto connection = pool_.acquire();
    return connection->run(command);
}

std::vector<Reply> StandaloneExecutor::send_pipeline(std::span<const Command> commands) {
    if (commands.empty()) return {};
    auto connection = pool_.acquire();
    return connection->run_pipeline(commands);
}

}  // namespace asynq::redis
