#pragma once

#include <string_view>

namespace asynq::redis {

/// A Lua script known at build time. sha1 is the SHA-1 of source, so EVALSHA can be tried first.
struct Script {
    std::string_view name;    ///< e.g. "enqueue_unique", for messages
    std::string_view source;  ///< exact bytes sent with EVAL / SCRIPT LOAD
    std::string_view sha1;    ///< lowercase hex
};

}  // namespace asynq::redis
