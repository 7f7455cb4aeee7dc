#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "redis/script.h"

namespace asynq::redis {

/// One command and the key that routes it. Every command says which key decides the node it runs on, so a
/// Sentinel resolver or a Cluster router can sit beneath the broker without the broker changing.
struct Command {
    std::vector<std::string> args;   ///< args[0] is the command name; binary safe.
    std::string route_key;           ///< Key whose hash slot picks the node; empty = any node (PING, INFO).
    const Script* script = nullptr;  ///< Set for EVALSHA: on NOSCRIPT the executor falls back to EVAL.

    /// A command on one key (or several keys of one slot): route_key is the key that picks the node.
    static Command keyed(std::string_view route_key, std::initializer_list<std::string_view> args);
    /// A command that touches no key.
    static Command keyless(std::initializer_list<std::string_view> args);
    /// EVALSHA of a script; routes by keys[0] (all keys must share its slot). keys must not be empty.
    static Command eval(const Script& script, std::vector<std::string> keys, std::vector<std::string> argv);

    /// The same command as EVAL with the script's source (for the NOSCRIPT fallback).
    Command as_eval() const;
    /// "EVALSHA enqueue", "HSET", ... for messages.
    std::string describe() const;
};

}  // namespace asynq::redis
