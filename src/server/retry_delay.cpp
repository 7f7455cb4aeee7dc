#include "server/retry_delay.h"

#include <cmath>
#include <random>

namespace asynq::server {

std::chrono::seconds default_retry_delay(int retried) {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    const long long n = retried < 0 ? 0 : retried;
    const long long r = std::uniform_int_distribution<long long>(0, 29)(rng);
    // n^4 in floating point and truncated, as Go computes math.Pow(float64(n), 4).
    const auto fourth = static_cast<long long>(std::pow(static_cast<double>(n), 4));
    return std::chrono::seconds(fourth + 15 + r * (n + 1));
}

}  // namespace asynq::server
