#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "cli/global_options.h"

namespace asynq::cli {

/// Adds `asynq web`: the dashboard's HTTP server (docs/web_api.md) until SIGINT or SIGTERM (then exit 0).
///
///   asynq web [--listen HOST:PORT] [--read-only] [--auth-token T | --basic-auth USER:PASS] [--static-dir DIR]
///             [--poll DURATION] [--metrics-public]
///
/// Refuses (exit 2) to listen on a non-loopback address without authentication. `global` must outlive app's parsing.
void add_web_command(CLI::App& app, const GlobalOptions& global);

/// "127.0.0.1:8080" -> {"127.0.0.1", 8080}; "[::1]:8080" -> {"::1", 8080}; ":8080" -> {"0.0.0.0", 8080}.
/// Throws Error(kInvalidArgument) naming --listen for anything else or a port outside 0..65535.
std::pair<std::string, int> parse_listen_address(const std::string& text);

}  // namespace asynq::cli
