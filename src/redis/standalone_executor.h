#pragma once

#include "redis/executor.h"
#include "redis/pool.h"

namespace asynq::redis {

/// One Redis node behind one connection pool.
class StandaloneExecutor final : public Executor {
public:
    explicit StandaloneExecutor(const RedisOptions& options);
    std::string describe() const override;
    ConnectionPool& pool() noexcept { return pool_; }

protected:
    Reply send(const Command& command) override;
    std::vector<Reply> send_pipeline(std::span<const Command> commands) override;

private:
    ConnectionPool pool_;
};

}  // namespace asynq::redis
