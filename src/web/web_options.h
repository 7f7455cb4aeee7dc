#pragma once

#include <chrono>
#include <filesystem>
#include <string>

namespace asynq::web {

/// How clients prove who they are (docs/web_api.md, Security).
struct AuthConfig {
    enum class Kind { kNone, kToken, kBasic };
    Kind kind = Kind::kNone;
    std::string token;     ///< kToken: the expected `Authorization: Bearer <token>`.
    std::string user;      ///< kBasic: the expected user name...
    std::string password;  ///< ...and password.
};

/// What `asynq web` serves and how. Zero values are explained per field.
struct WebOptions {
    std::string host = "127.0.0.1";  ///< Address to listen on; a non-loopback one requires auth.
    int port = 8080;                 ///< 0 = a free port the kernel picks (WebServer::port() tells which).
    bool read_only = false;          ///< Every mutation answers 403 read_only.
    AuthConfig auth;
    /// The built front end (index.html and its assets). Empty or missing: `/` answers a page saying the front end
    /// is not built; the API still works.
    std::filesystem::path static_dir;
    std::chrono::milliseconds poll{2000};  ///< Interval of the `/api/events` stream; must be > 0.
    bool metrics_public = false;           ///< `/metrics` without authentication even when auth is on.
};

}  // namespace asynq::web
