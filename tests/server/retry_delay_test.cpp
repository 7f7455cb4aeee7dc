#include "server/retry_delay.h"

#include <gtest/gtest.h>

#include <set>

namespace asynq::server {
namespace {

// Spec §6.1 table: bounds of n^4 + 15 + r*(n+1), r in [0, 29].
TEST(RetryDelay, StaysWithinGoBounds) {
    const std::vector<std::tuple<int, long, long>> table = {
        {0, 15, 44}, {1, 16, 74}, {2, 31, 118}, {3, 96, 212}, {5, 640, 814}, {10, 10015, 10334}, {24, 331791, 332516}};
    for (auto [n, low, high] : table) {
        std::set<long> seen;
        for (int i = 0; i < 2000; ++i) {
            long d = default_retry_delay(n).count();
            ASSERT_GE(d, low) << "n=" << n;
            ASSERT_LE(d, high) << "n=" << n;
            seen.insert(d);
        }
        EXPECT_TRUE(seen.count(low)) << "n=" << n << ": the lowest delay never came up in 2000 draws";
        EXPECT_TRUE(seen.count(high)) << "n=" << n << ": the highest delay never came up in 2000 draws";
    }
}

}  // namespace
}  // namespace asynq::server
