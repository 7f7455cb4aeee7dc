#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "asynq/inspector_types.h"
#include "asynq/task_info.h"

// Task list filters beyond asynqmon (docs/web_api.md): the Inspector lists by page only, so a filtered list scans
// the state page by page, up to a cap, and pages the matches itself.
namespace asynq::web {

struct TaskFilter {
    std::string type_prefix;  ///< `?type=`: the task type starts with it.
    std::string search;       ///< `?search=`: a substring of the payload bytes or of the last error.

    bool empty() const { return type_prefix.empty() && search.empty(); }
    bool matches(const TaskInfo& task) const;
};

/// At most this many tasks are scanned per filtered request.
inline constexpr std::size_t kFilterScanCap = 10'000;

struct FilteredPage {
    std::vector<TaskInfo> tasks;  ///< The requested page of the matches.
    std::int64_t total = 0;       ///< Matches among the scanned tasks.
    bool scanned_all = true;      ///< False when the cap stopped the scan before the end of the state.
};

/// Reads `list` (one page of a state per call) page by page until a short page or `cap` tasks, keeps the tasks
/// `filter` matches and returns page `page` of them.
FilteredPage scan_filtered(const std::function<std::vector<TaskInfo>(ListOptions)>& list, const TaskFilter& filter,
                           ListOptions page, std::size_t cap = kFilterScanCap);

}  // namespace asynq::web
