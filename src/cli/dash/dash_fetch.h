#pragma once

#include <chrono>
#include <map>
#include <string>

#include "asynq/inspector.h"
#include "cli/dash/dash_model.h"

namespace asynq::cli::dash {

/// Turns readings of a queue's all-time processed and failed counters into rates per second.
class RateTracker {
public:
    using Clock = std::chrono::steady_clock;

    /// Records a reading taken at `at` and updates `rates[queue]`. Readings closer than half a second to the
    /// previous one are ignored (a refresh key pressed twice would give noise); a counter that went down (the
    /// key was deleted) counts as zero tasks.
    void record(const QueueInfo& queue, Clock::time_point at, std::map<std::string, QueueRates>& rates);

private:
    struct Reading {
        Clock::time_point at;
        std::int64_t processed_total = 0;
        std::int64_t failed_total = 0;
    };
    std::map<std::string, Reading> last_;
};

/// Reads what the current view shows through the Inspector.
class DashFetcher {
public:
    explicit DashFetcher(Inspector& inspector) : inspector_(inspector) {}

    /// Replaces `data` with fresh figures for `state`'s view, `page_size` tasks to a page. When Redis fails,
    /// `data` keeps its figures and `error` says why; the next refresh tries again.
    void refresh(const DashState& state, int page_size, DashData& data);

private:
    void fetch_queue_details(const DashState& state, int page_size, DashData& next);
    std::vector<TaskInfo> list_tasks(const DashState& state, ListOptions page);

    Inspector& inspector_;
    RateTracker rates_;
};

}  // namespace asynq::cli::dash
