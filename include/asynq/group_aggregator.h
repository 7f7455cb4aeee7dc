#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "asynq/options.h"
#include "asynq/task.h"

namespace asynq {

/// The task an aggregation produces and the options it is enqueued with (Go attaches options to the task itself).
/// Converts from a plain Task, so an aggregator may simply `return Task(...)`: the task then gets the default
/// options (25 retries, 30 min timeout, a new id). `options.queue` is ignored: the aggregated task always goes to
/// the queue of the group it was made from, as in Go.
struct AggregatedTask {
    AggregatedTask(Task task, EnqueueOptions options = {})  // implicit on purpose: see above
        : task(std::move(task)), options(std::move(options)) {}

    Task task;
    EnqueueOptions options;
};

/// Combines the tasks of one group into one task (Go's GroupAggregator), set with ServerOptions::group_aggregator.
///
/// Tasks enqueued with EnqueueOptions::group wait in their group (state aggregating) until the group is ready:
/// its newest task is group_grace_period old, its oldest is group_max_delay old, or it holds group_max_size tasks.
/// The server then calls aggregate() with the group name and the tasks (type, payload, headers), oldest first
/// (tasks that joined in the same second in the order of their ids), and enqueues the returned task; the grouped
/// tasks are deleted once it is enqueued.
///
/// To fail an aggregation, throw: nothing is lost, the tasks go back to their group once the aggregation's
/// deadline (2 min) has passed and are aggregated again at a later check. Called from up to 3 threads at once
/// (one per aggregation check in flight): implementations must be thread-safe.
class GroupAggregator {
public:
    virtual ~GroupAggregator() = default;
    virtual AggregatedTask aggregate(const std::string& group, const std::vector<Task>& tasks) = 0;
};

/// A group aggregator as a plain callable (Go's GroupAggregatorFunc), the form ServerOptions takes.
using GroupAggregatorFunc = std::function<AggregatedTask(const std::string& group, const std::vector<Task>& tasks)>;

/// Adapts a GroupAggregator object to a GroupAggregatorFunc (shares ownership).
inline GroupAggregatorFunc to_group_aggregator_func(std::shared_ptr<GroupAggregator> aggregator) {
    return [aggregator = std::move(aggregator)](const std::string& group, const std::vector<Task>& tasks) {
        return aggregator->aggregate(group, tasks);
    };
}

}  // namespace asynq
