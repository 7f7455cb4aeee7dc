#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

#include "asynq/redis_options.h"

namespace asynq::testing {

/// A real redis-server on a free loopback port, in its own temporary directory, with persistence off.
/// The process is a child of the test and dies with it (PR_SET_PDEATHSIG), even if the test crashes.
class RedisServer {
public:
    struct Options {
        std::vector<std::string> extra_args;  ///< appended to the command line, e.g. {"--requirepass", "pw"}
    };

    RedisServer() : RedisServer(Options{}) {}
    explicit RedisServer(Options options);
    ~RedisServer();
    RedisServer(const RedisServer&) = delete;
    RedisServer& operator=(const RedisServer&) = delete;

    std::string host() const { return "127.0.0.1"; }
    int port() const { return port_; }
    std::string unix_socket() const { return (dir_ / "redis.sock").string(); }
    /// Options that reach this server over TCP.
    RedisOptions options() const;
    /// "redis://127.0.0.1:<port>"
    std::string uri() const;

    /// SIGTERM and wait (the data set is lost: no persistence).
    void stop();
    /// SIGKILL and wait.
    void kill_hard();
    /// Starts again on the same port after stop()/kill_hard(). Script cache and data are empty.
    void restart();
    bool running() const { return pid_ > 0; }

    /// Last lines of the server log, for failure messages.
    std::string log_tail(int lines = 30) const;

private:
    bool spawn_and_wait();
    void wait_exit();

    Options options_;
    std::filesystem::path dir_;
    int port_ = 0;
    pid_t pid_ = -1;
};

/// The one server a test binary shares (started on first use, stopped at exit).
RedisServer& shared_redis();

/// A loopback port nobody listens on right now.
int free_port();

}  // namespace asynq::testing
