#include "server/aggregator.h"

#include <fmt/format.h>

#include <optional>

#include "client/enqueue_result.h"
#include "client/message_builder.h"
#include "server/finisher.h"

namespace asynq::server {
namespace {

using namespace std::chrono_literals;

// Sets one check takes from one group at most. A group holding several batches (group_max_size) is drained in
// one check instead of one batch per interval as in Go, but a group fed faster than it is aggregated must not
// keep the check from the other groups.
constexpr int kMaxSetsPerGroupPerCheck = 100;

constexpr std::string_view kLeft = "the set is left for reclaim: its tasks go back to the group after its deadline";

broker::AggregationRules rules_of(const Config& config) {
    return {.grace_period = std::chrono::duration_cast<std::chrono::seconds>(config.group_grace_period),
            .max_delay = std::chrono::duration_cast<std::chrono::seconds>(config.group_max_delay),
            .max_size = config.group_max_size,
            .set_timeout = config.aggregation_timeout};
}

}  // namespace

Aggregator::Aggregator(Dependencies deps)
    : deps_(std::move(deps)),
      rules_(rules_of(deps_.config)),
      loop_("aggregator", deps_.config.aggregation_check_interval, [this] { tick(); }) {}

void Aggregator::start() {
    if (!deps_.aggregate) return;
    for (auto& worker : workers_) worker = std::jthread([this](std::stop_token stop) { work(stop); });
    loop_.start();
}

void Aggregator::request_stop() noexcept {
    loop_.stop();
    for (auto& worker : workers_) worker.request_stop();  // wakes an idle worker; a busy one stops after its set
}

void Aggregator::stop() noexcept {
    request_stop();
    for (auto& worker : workers_) {
        if (worker.joinable()) worker.join();
    }
}

void Aggregator::tick() {
    bool skip = false;
    {
        std::lock_guard lock(mu_);
        if (queued_ticks_ + running_ < kMaxChecksInFlight) {
            ++queued_ticks_;
        } else {
            skip = true;
        }
    }
    if (skip) {
        deps_.logger.log_every(10s, "aggregator-skip", LogLevel::kWarn,
                               "aggregator: 3 aggregation checks still running; skipping this one");
        return;
    }
    wake_.notify_one();
}

void Aggregator::work(std::stop_token stop) {
    while (true) {
        {
            std::unique_lock lock(mu_);
            if (!wake_.wait(lock, stop, [this] { return queued_ticks_ > 0; })) return;  // stop requested
            --queued_ticks_;
            ++running_;
        }
        run_once(stop);
        std::lock_guard lock(mu_);
        --running_;
    }
}

Aggregator::Outcome Aggregator::run_once(std::stop_token stop) {
    Outcome outcome;
    if (!deps_.aggregate) return outcome;  // groups are left to servers that can aggregate them
    for (const auto& queue : deps_.queues) {
        if (stop.stop_requested()) break;
        try {
            check_queue(queue, stop, outcome);
        } catch (const std::exception& e) {
            deps_.logger.log_every(10s, "aggregator-queue-" + queue, LogLevel::kError,
                                   fmt::format("aggregator: queue \"{}\": {}", queue, e.what()));
        }
    }
    return outcome;
}

void Aggregator::check_queue(const std::string& queue, std::stop_token stop, Outcome& outcome) {
    try {
        const auto reclaimed = deps_.broker.reclaim_stale_aggregation_sets(queue);
        if (reclaimed > 0) {
            deps_.logger.warn(
                "aggregator: queue \"{}\": {} aggregation sets were past their deadline; their tasks are "
                "back in their groups",
                queue, reclaimed);
        }
        outcome.reclaimed += static_cast<int>(reclaimed);
    } catch (const std::exception& e) {  // the groups can still be checked
        deps_.logger.log_every(
            10s, "aggregator-reclaim-" + queue, LogLevel::kError,
            fmt::format("aggregator: queue \"{}\": reclaiming stale aggregation sets failed: {}", queue, e.what()));
    }
    for (const auto& group : deps_.broker.list_groups(queue)) {
        for (int sets = 0; sets < kMaxSetsPerGroupPerCheck && !stop.stop_requested(); ++sets) {
            std::optional<std::string> set_id;
            try {
                set_id = deps_.broker.aggregation_check(queue, group, rules_);
            } catch (const std::exception& e) {
                deps_.logger.log_every(
                    10s, "aggregator-check-" + queue, LogLevel::kError,
                    fmt::format("aggregator: queue \"{}\" group \"{}\": aggregation check failed: {}", queue, group,
                                e.what()));
                break;
            }
            if (!set_id) break;  // not ready
            const SetResult result = aggregate_set(queue, group, *set_id);
            if (result == SetResult::kAggregated) ++outcome.aggregated;
            if (result == SetResult::kLeftForReclaim) {
                ++outcome.left;
                break;  // the next set would most likely fail the same way
            }
        }
    }
}

Aggregator::SetResult Aggregator::aggregate_set(const std::string& queue, const std::string& group,
                                                const std::string& set_id) {
    util::Logger& log = deps_.logger;
    const std::string where = fmt::format("aggregator: queue \"{}\" group \"{}\" set {}", queue, group, set_id);

    broker::AggregationSet set;
    try {
        set = deps_.broker.read_aggregation_set(queue, group, set_id);
    } catch (const std::exception& e) {
        log.error("{}: reading the set failed: {}; {}", where, e.what(), kLeft);
        return SetResult::kLeftForReclaim;
    }
    if (!set.deadline) {
        log.warn("{}: the set is no longer registered (reclaimed after its deadline?); not aggregated here", where);
        return SetResult::kLeftForReclaim;
    }
    for (const auto& id : set.missing_ids) log.warn("{}: task {} was deleted meanwhile; left out", where, id);
    if (!set.undecodable.empty()) {
        // Never drop a task we cannot read: it may be a newer peer's message, or be repaired by hand.
        for (const auto& bad : set.undecodable) log.error("{}: task {}: {}; {}", where, bad.id, bad.problem, kLeft);
        return SetResult::kLeftForReclaim;
    }
    if (set.messages.empty()) {
        try {
            deps_.broker.delete_aggregation_set(set);  // every task was deleted meanwhile: only the set is left
        } catch (const std::exception& e) {
            log.warn("{}: deleting the empty set failed: {}", where, e.what());
        }
        return SetResult::kNothingLeft;
    }

    std::vector<Task> tasks;
    tasks.reserve(set.messages.size());
    for (const auto& message : set.messages) tasks.push_back(task_of(message));
    std::optional<AggregatedTask> aggregated;
    try {
        aggregated.emplace(deps_.aggregate(group, tasks));
    } catch (const std::exception& e) {
        log.error("{}: the group aggregator threw: {}; {}", where, e.what(), kLeft);
        return SetResult::kLeftForReclaim;
    } catch (...) {
        log.error("{}: the group aggregator threw a value that is not a std::exception; {}", where, kLeft);
        return SetResult::kLeftForReclaim;
    }

    EnqueueOptions options = std::move(aggregated->options);
    options.queue = queue;  // as Go, which appends Queue(q) last: the aggregated task stays in the group's queue
    broker::EnqueueRequest request;
    try {
        request = client::build_enqueue_request(aggregated->task, options, deps_.clock.now());
    } catch (const std::exception& e) {
        log.error("{}: the group aggregator returned an invalid task: {}; {}", where, e.what(), kLeft);
        return SetResult::kLeftForReclaim;
    }
    // Go enqueues under a context that expires at the set's deadline: past it, the set may already be back in its
    // group, and enqueueing would aggregate its tasks twice.
    if (deps_.clock.now() >= *set.deadline) {
        log.error("{}: the aggregation took past the set's deadline; not enqueued; {}", where, kLeft);
        return SetResult::kLeftForReclaim;
    }
    try {
        // Throws TaskIdConflictError or DuplicateTaskError, with their usual messages, unless it was enqueued.
        client::task_info_of(request, deps_.broker.enqueue(request));
    } catch (const std::exception& e) {
        log.error("{}: enqueueing the aggregated task failed: {}; {}", where, e.what(), kLeft);
        return SetResult::kLeftForReclaim;
    }

    try {
        deps_.broker.delete_aggregation_set(set);
    } catch (const std::exception& e) {
        log.error(
            "{}: aggregated task {} was enqueued, but deleting the set failed: {}; its {} tasks will be "
            "aggregated again after the set's deadline",
            where, request.message.id(), e.what(), set.task_ids.size());
    }
    log.debug("{}: {} tasks aggregated into task {} ({})", where, tasks.size(), request.message.id(),
              request.message.type());
    return SetResult::kAggregated;
}

}  // namespace asynq::server
