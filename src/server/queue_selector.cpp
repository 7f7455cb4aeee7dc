#include "server/queue_selector.h"

#include <algorithm>
#include <numeric>
#include <random>

namespace asynq::server {

QueueSelector::QueueSelector(const std::map<std::string, int>& priorities, bool strict) : strict_(strict) {
    std::vector<std::pair<std::string, int>> entries(priorities.begin(), priorities.end());
    if (strict_) {
        std::stable_sort(entries.begin(), entries.end(), [](auto& a, auto& b) { return a.second > b.second; });
    }
    int gcd = 0;
    for (auto& [name, priority] : entries) gcd = std::gcd(gcd, priority);
    for (auto& [name, priority] : entries) {
        names_.push_back(name);
        weights_.push_back(gcd > 0 ? priority / gcd : priority);
    }
}

std::vector<std::string> QueueSelector::order() const {
    if (strict_ || names_.size() == 1) return names_;
    thread_local std::mt19937_64 rng{std::random_device{}()};
    std::vector<std::size_t> remaining(names_.size());
    std::iota(remaining.begin(), remaining.end(), 0);
    long total = std::accumulate(weights_.begin(), weights_.end(), 0L);
    std::vector<std::string> order;
    order.reserve(names_.size());
    while (!remaining.empty()) {
        long pick = std::uniform_int_distribution<long>(0, total - 1)(rng);
        auto it = remaining.begin();
        for (; pick >= weights_[*it]; ++it) pick -= weights_[*it];
        order.push_back(names_[*it]);
        total -= weights_[*it];
        remaining.erase(it);
    }
    return order;
}

}  // namespace asynq::server
