#include "server/queue_selector.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace asynq::server {
namespace {

TEST(QueueSelector, StrictOrdersByPriority) {
    QueueSelector selector({{"low", 1}, {"critical", 6}, {"default", 3}}, /*strict=*/true);
    for (int i = 0; i < 20; ++i) {
        EXPECT_EQ(selector.order(), (std::vector<std::string>{"critical", "default", "low"}));
    }
}

TEST(QueueSelector, WeightedProbesEveryQueueEachRound) {
    QueueSelector selector({{"a", 5}, {"b", 1}, {"c", 1}}, false);
    for (int i = 0; i < 200; ++i) {
        auto order = selector.order();
        EXPECT_EQ(std::set<std::string>(order.begin(), order.end()), (std::set<std::string>{"a", "b", "c"}));
    }
}

// critical:6 / default:3 / low:1 comes first about 60/30/10 % of the time (spec §6.3). 30,000 draws: the standard
// deviation of each share is under 0.3 %, so a 3 % tolerance cannot fail by chance but catches a wrong
// distribution (e.g. uniform would give 33 %).
TEST(QueueSelector, WeightedFirstChoiceFollowsWeights) {
    QueueSelector selector({{"critical", 6}, {"default", 3}, {"low", 1}}, false);
    std::map<std::string, int> first;
    const int rounds = 30000;
    for (int i = 0; i < rounds; ++i) ++first[selector.order().front()];
    EXPECT_NEAR(first["critical"] / double(rounds), 0.6, 0.03);
    EXPECT_NEAR(first["default"] / double(rounds), 0.3, 0.03);
    EXPECT_NEAR(first["low"] / double(rounds), 0.1, 0.03);
}

// The GCD normalisation does not change the distribution: 60/30/10 and 6/3/1 are the same.
TEST(QueueSelector, WeightsAreRelative) {
    QueueSelector selector({{"x", 60}, {"y", 20}}, false);
    int x_first = 0;
    for (int i = 0; i < 20000; ++i) x_first += selector.order().front() == "x";
    EXPECT_NEAR(x_first / 20000.0, 0.75, 0.03);
}

}  // namespace
}  // namespace asynq::server
