#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace asynq {

/// How to reach Redis. Aggregate with defaults: fill it with designated initializers,
/// or parse a URI with RedisOptions::from_uri().
struct RedisOptions {
    std::string host = "127.0.0.1";  ///< Host name or IP; ignored when unix_socket is set.
    int port = 6379;                 ///< TCP port, 1..65535.
    std::string unix_socket{};       ///< Path of a unix socket; empty = use host:port.
    std::string username{};          ///< ACL user (Redis 6+); empty = "default" user (plain AUTH password).
    std::string password{};          ///< Empty = no AUTH.
    int db = 0;                      ///< Database number selected on every connection, >= 0.

    std::chrono::milliseconds dial_timeout{5000};   ///< Connect (and AUTH/SELECT) timeout; must be > 0.
    std::chrono::milliseconds read_timeout{3000};   ///< Per reply; 0 = wait forever.
    std::chrono::milliseconds write_timeout{3000};  ///< Per request; 0 = wait forever.

    int pool_size = 0;  ///< Connections kept per Redis node; 0 = 10 per hardware thread (go-redis default).
    /// How long a caller waits for a free pooled connection; 0 = read_timeout + 1 s (5 s if read_timeout is 0).
    std::chrono::milliseconds pool_timeout{0};

    /// Parses `redis://[[user]:password@]host[:port][/db]` or
    /// `redis-socket://[[user]:password@]/path/to.sock[?db=N]`. A bare `host:port` is accepted too (Go's CLI
    /// form). Percent-escapes in user and password are decoded.
    /// Throws Error(kInvalidArgument) naming the bad part; `rediss://` gives "TLS is not supported yet".
    static RedisOptions from_uri(std::string_view uri);

    /// Throws Error(kInvalidArgument) naming the first invalid field.
    void validate() const;

    /// "host:port" or "unix:/path", for messages.
    std::string address() const;
};

}  // namespace asynq
