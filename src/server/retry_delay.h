#pragma once

#include <chrono>

namespace asynq::server {

/// Go's default retry delay (spec §6.1, Sidekiq's formula): n^4 + 15 + r*(n+1) seconds, r uniform in [0, 29],
/// n = failed attempts before this one.
std::chrono::seconds default_retry_delay(int retried);

}  // namespace asynq::server
