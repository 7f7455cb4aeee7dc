#include "redis/standalone_executor.h"

namespace asynq::redis {

StandaloneExecutor::StandaloneExecutor(const RedisOptions& options) : pool_(Endpoint::from_options(options), options) {}

std::string StandaloneExecutor::describe() const { return pool_.endpoint().to_string(); }

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
