#pragma once

#include "redis/executor.h"
#include "redis/pool.h"

namespace asynq::redis {

/// One Redis node behind one connection pool.
class StandaloneExecutor final : public Executor {
public:
    explicit StandaloneExecutor(const RedisOptions& options);
    std::string describe() const override;
    /// route_key is ignored: there is one node.
    std::unique_ptr<Connection> open_dedicated(std::string_view route_key,
                                               std::chrono::milliseconds read_timeout) override;
    ConnectionPool& pool() noexcept { return pool_; }

protected:
    Reply send(const Command& command) override;
    std::vector<Reply> send_pipeline(std::span<const Command> commands) override;

private:
    const RedisOptions options_;  // immutable; dedicated connections copy it
    ConnectionPool pool_;
};

}  // namespace asynq::redis
