#pragma once

#include <chrono>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <vector>

#include "asynq/redis_options.h"
#include "redis/connection.h"
#include "redis/endpoint.h"
#include "util/backoff.h"

namespace asynq::redis {

/// A bounded pool of connections to one node, safe to share between many threads.
///
/// acquire() hands out an idle connection (discarding ones the peer has closed) or dials a new one while fewer
/// than pool_size exist; otherwise it waits up to pool_timeout. Reconnection backs off: after a failed dial,
/// further dials within the backoff window (100 ms doubling to 5 s) fail fast with the last error instead of
/// piling up connect timeouts; the first successful dial resets it.
///
/// Defaults: pool_size 0 = 10 per hardware thread; pool_timeout 0 = read_timeout + 1 s, or 5 s when read_timeout
/// is 0 (no bound on how long a borrower may keep a connection, so no natural wait either). Dials and liveness
/// checks run outside the lock. Leases must not outlive the pool.
class ConnectionPool {
public:
    /// RAII borrow: gives the connection back on destruction, or drops it if it is broken.
    class Lease {
    public:
        Lease(ConnectionPool* pool, std::unique_ptr<Connection> connection) noexcept
            : pool_(pool), connection_(std::move(connection)) {}
        Lease(Lease&& other) noexcept = default;
        Lease& operator=(Lease&&) = delete;
        ~Lease();
        Connection& operator*() const noexcept { return *connection_; }
        Connection* operator->() const noexcept { return connection_.get(); }

    private:
        ConnectionPool* pool_;
        std::unique_ptr<Connection> connection_;
    };

    ConnectionPool(Endpoint endpoint, RedisOptions options);
    ~ConnectionPool();
    ConnectionPool(const ConnectionPool&) = delete;
    ConnectionPool& operator=(const ConnectionPool&) = delete;

    /// Throws IoError/TimeoutError when a dial fails (or the backoff window is open), PoolTimeoutError when no
    /// connection frees up in time.
    Lease acquire();

    const Endpoint& endpoint() const noexcept { return endpoint_; }
    /// Connections currently open (idle + borrowed); for tests and metrics.
    int open_connections() const;

private:
    void give_back(std::unique_ptr<Connection> connection) noexcept;
    std::unique_ptr<Connection> dial();

    const Endpoint endpoint_;                       // immutable
    const RedisOptions options_;                    // immutable
    const int max_size_;                            // immutable
    const std::chrono::milliseconds wait_timeout_;  // immutable

    mutable std::mutex mu_;
    std::condition_variable freed_;
    std::vector<std::unique_ptr<Connection>> idle_;              // guarded by mu_
    int open_ = 0;                                               // guarded by mu_: idle + borrowed + being dialed
    util::Backoff dial_backoff_;                                 // guarded by mu_
    std::chrono::steady_clock::time_point next_dial_allowed_{};  // guarded by mu_
    std::exception_ptr last_dial_failure_;  // guarded by mu_: rethrown, annotated, inside the window
};

}  // namespace asynq::redis
