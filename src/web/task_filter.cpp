#include "web/task_filter.h"

#include <algorithm>

namespace asynq::web {

bool TaskFilter::matches(const TaskInfo& task) const {
    if (!type_prefix.empty() && task.type.rfind(type_prefix, 0) != 0) return false;
    if (search.empty()) return true;
    return task.payload.find(search) != std::string::npos || task.last_error.find(search) != std::string::npos;
}

FilteredPage scan_filtered(const std::function<std::vector<TaskInfo>(ListOptions)>& list, const TaskFilter& filter,
                           ListOptions page, std::size_t cap) {
    const int scan_size = static_cast<int>(std::min<std::size_t>(1000, cap));
    FilteredPage out;
    const auto first = static_cast<std::int64_t>(page.page - 1) * page.page_size;
    std::size_t scanned = 0;
    for (int scan_page = 1; scanned < cap; ++scan_page) {
        auto tasks = list(ListOptions{.page = scan_page, .page_size = scan_size});
        const bool last = tasks.size() < static_cast<std::size_t>(scan_size);  // the end of the state
        if (tasks.size() > cap - scanned) tasks.resize(cap - scanned);
        for (const auto& task : tasks) {
            if (!filter.matches(task)) continue;
            if (out.total >= first && out.total < first + page.page_size) out.tasks.push_back(task);
            ++out.total;
        }
        scanned += tasks.size();
        if (last) return out;
    }
    // The cap is reached: one more task tells whether the state goes on.
    out.scanned_all = list(ListOptions{.page = static_cast<int>(cap) + 1, .page_size = 1}).empty();
    return out;
}

}  // namespace asynq::web
