#pragma once

#include <map>
#include <string>
#include <vector>

namespace asynq::server {

/// The order in which a worker probes its queues before each dequeue (spec §6.3). Thread-safe.
///
/// Strict: highest priority first (ties by name). Weighted: priorities divided by their GCD, then a weighted draw
/// without replacement, which is the distribution of Go's "shuffle name×priority, keep first occurrences": queue q
/// comes first with probability p_q / Σp, so busy queues are served in proportion, and every queue is still
/// probed in each round, so an empty or paused queue costs no starvation.
class QueueSelector {
public:
    QueueSelector(const std::map<std::string, int>& priorities, bool strict);

    std::vector<std::string> order() const;
    const std::vector<std::string>& queues() const noexcept { return names_; }

private:
    bool strict_;
    std::vector<std::string> names_;  // strict: by priority desc; weighted: by name
    std::vector<int> weights_;        // GCD-normalised, aligned with names_
};

}  // namespace asynq::server
