#include "cli/dash/dash_model.h"

#include <algorithm>

namespace asynq::cli::dash {

namespace {

// Moves a selection one row down (or up) through `rows` rows, wrapping at both ends; from "nothing selected",
// down selects the first row and up the last.
int step(int row, int rows, int delta) {
    if (rows <= 0) return -1;
    if (row < 0) return delta > 0 ? 0 : rows - 1;
    return ((row + delta) % rows + rows) % rows;
}

// The groups on the current page: the group list is fetched whole and paged here.
int visible_group_count(const DashState& state, const DashData& data, int page_size) {
    const int total = static_cast<int>(data.groups.size());
    const int start = (state.page - 1) * page_size;
    return std::clamp(total - start, 0, page_size);
}

std::int64_t tasks_in_view(const DashState& state, const DashData& data) {
    if (!data.queue) return 0;
    if (state.task_state == TaskState::kAggregating) {
        for (const auto& group : data.groups) {
            if (group.group == state.group) return group.size;
        }
        return 0;
    }
    return count_in_state(*data.queue, state.task_state);
}

// Left and right move between the state tabs; each tab starts on its first page with nothing selected.
void show_tab(DashState& state, int delta) {
    const auto& tabs = tab_order();
    const auto current = std::find(tabs.begin(), tabs.end(), state.task_state) - tabs.begin();
    const int count = static_cast<int>(tabs.size());
    state.task_state = tabs[static_cast<std::size_t>(((current + delta) % count + count) % count)];
    state.page = 1;
    state.task_row = -1;
    state.group_row = -1;
    state.group.clear();
}

bool go_back(DashState& state) {
    switch (state.view) {
        case View::kHelp:
            state.view = state.view_before_help;
            return false;
        case View::kTaskDetails:
            state.view = View::kQueueDetails;
            return true;
        case View::kQueueDetails:
            if (state.task_state == TaskState::kAggregating && !state.group.empty()) {
                state.group.clear();  // back from a group's tasks to the group list
                state.page = 1;
                state.task_row = -1;
                return true;
            }
            state.view = View::kQueues;
            return true;
        case View::kServers:
            state.view = View::kQueues;
            return true;
        case View::kQueues:
            state.quit = true;
            return false;
    }
    return false;
}

bool enter(DashState& state, const DashData& data, int page_size) {
    if (state.view == View::kQueues) {
        if (state.queue_row < 0 || state.queue_row >= static_cast<int>(data.queues.size())) return false;
        state.queue = data.queues[static_cast<std::size_t>(state.queue_row)].queue;
        state.view = View::kQueueDetails;
        state.task_state = tab_order().front();
        state.page = 1;
        state.task_row = -1;
        state.group_row = -1;
        state.group.clear();
        return true;
    }
    if (state.view != View::kQueueDetails) return false;
    if (shows_group_list(state)) {
        if (state.group_row < 0 || state.group_row >= visible_group_count(state, data, page_size)) return false;
        const auto index = static_cast<std::size_t>((state.page - 1) * page_size + state.group_row);
        state.group = data.groups[index].group;
        state.page = 1;
        state.task_row = -1;
        return true;
    }
    if (state.task_row < 0 || state.task_row >= static_cast<int>(data.tasks.size())) return false;
    state.task_id = data.tasks[static_cast<std::size_t>(state.task_row)].id;
    state.view = View::kTaskDetails;
    return true;
}

void move_selection(DashState& state, const DashData& data, int page_size, int delta) {
    if (state.view == View::kQueues) {
        state.queue_row = step(state.queue_row, static_cast<int>(data.queues.size()), delta);
    } else if (state.view == View::kQueueDetails) {
        if (shows_group_list(state)) {
            state.group_row = step(state.group_row, visible_group_count(state, data, page_size), delta);
        } else {
            state.task_row = step(state.task_row, static_cast<int>(data.tasks.size()), delta);
        }
    }
}

bool turn_page(DashState& state, const DashData& data, int page_size, int delta) {
    if (state.view != View::kQueueDetails) return false;
    if (shows_group_list(state)) {
        const int total = static_cast<int>(data.groups.size());
        if (delta > 0 && state.page * page_size < total) {
            ++state.page;
        } else if (delta < 0 && state.page > 1) {
            --state.page;
        } else {
            return false;
        }
        state.group_row = -1;
        return false;  // the whole list is already here
    }
    const auto shown_up_to =
        static_cast<std::int64_t>(state.page - 1) * page_size + static_cast<std::int64_t>(data.tasks.size());
    if (delta > 0 && shown_up_to < tasks_in_view(state, data)) {
        ++state.page;
    } else if (delta < 0 && state.page > 1) {
        --state.page;
    } else {
        return false;
    }
    state.task_row = -1;
    return true;
}

}  // namespace

const std::vector<TaskState>& tab_order() {
    static const std::vector<TaskState> order = {TaskState::kActive,    TaskState::kPending, TaskState::kAggregating,
                                                 TaskState::kScheduled, TaskState::kRetry,   TaskState::kArchived,
                                                 TaskState::kCompleted};
    return order;
}

std::int64_t count_in_state(const QueueInfo& queue, TaskState state) {
    switch (state) {
        case TaskState::kActive:
            return queue.active;
        case TaskState::kPending:
            return queue.pending;
        case TaskState::kScheduled:
            return queue.scheduled;
        case TaskState::kRetry:
            return queue.retry;
        case TaskState::kArchived:
            return queue.archived;
        case TaskState::kCompleted:
            return queue.completed;
        case TaskState::kAggregating:
            return queue.aggregating;
    }
    return 0;
}

bool shows_group_list(const DashState& state) {
    return state.task_state == TaskState::kAggregating && state.group.empty();
}

bool apply_key(DashState& state, Key key, const DashData& data, int page_size) {
    page_size = std::max(page_size, 1);
    switch (key) {
        case Key::kQuit:
            state.quit = true;
            return false;
        case Key::kHelp:
            if (state.view != View::kHelp) {
                state.view_before_help = state.view;
                state.view = View::kHelp;
            }
            return false;
        case Key::kBack:
            return go_back(state);
        case Key::kShowQueues:
        case Key::kShowServers: {
            const View target = key == Key::kShowQueues ? View::kQueues : View::kServers;
            if (state.view == target) return false;
            state.view = target;
            return true;
        }
        case Key::kRefresh:
            return true;
        case Key::kUp:
        case Key::kDown:
            move_selection(state, data, page_size, key == Key::kDown ? 1 : -1);
            return false;
        case Key::kEnter:
            return enter(state, data, page_size);
        case Key::kLeft:
        case Key::kRight:
            if (state.view != View::kQueueDetails) return false;
            show_tab(state, key == Key::kRight ? 1 : -1);
            return true;
        case Key::kNextPage:
        case Key::kPrevPage:
            return turn_page(state, data, page_size, key == Key::kNextPage ? 1 : -1);
        case Key::kOther:
            return false;
    }
    return false;
}

bool clamp_selection(DashState& state, const DashData& data, int page_size) {
    page_size = std::max(page_size, 1);
    const auto clamp_row = [](int& row, int rows) {
        if (row >= rows) row = rows - 1;
    };
    clamp_row(state.queue_row, static_cast<int>(data.queues.size()));
    if (state.view != View::kQueueDetails) return false;
    if (shows_group_list(state)) {
        const int total = static_cast<int>(data.groups.size());
        if (state.page > 1 && (state.page - 1) * page_size >= total) state.page = 1;
        clamp_row(state.group_row, visible_group_count(state, data, page_size));
        return false;
    }
    if (state.page > 1 && data.tasks.empty()) {
        state.page = 1;
        state.task_row = -1;
        return true;
    }
    clamp_row(state.task_row, static_cast<int>(data.tasks.size()));
    return false;
}

}  // namespace asynq::cli::dash
