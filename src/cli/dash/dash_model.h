#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "asynq/inspector_types.h"
#include "asynq/task_info.h"

// What `asynq dash` shows and where the user is in it, kept apart from the terminal so that navigation and
// drawing can be tested as plain functions.
namespace asynq::cli::dash {

enum class View { kQueues, kQueueDetails, kTaskDetails, kServers, kHelp };

/// The keys the dashboard acts on, already decoded from the terminal's key codes.
enum class Key {
    kUp,
    kDown,
    kLeft,
    kRight,
    kEnter,
    kBack,  ///< Esc or q: leave the current view; quits from the queues view.
    kQuit,  ///< Ctrl+C.
    kHelp,
    kNextPage,
    kPrevPage,
    kShowQueues,   ///< F1 or 1.
    kShowServers,  ///< F2 or 2.
    kRefresh,      ///< r or Ctrl+L: fetch now and redraw.
    kOther,
};

/// Processed and failed tasks per second for one queue, from the difference between two readings of its
/// all-time counters.
struct QueueRates {
    double processed_per_second = 0;
    double failed_per_second = 0;
};

/// Everything fetched from Redis for the current view. Each refresh replaces it; a failed refresh keeps the last
/// figures and sets `error`.
struct DashData {
    std::vector<QueueInfo> queues;              ///< Queues view: every queue, by name.
    std::vector<ServerInfo> servers;            ///< Queues and servers views.
    std::optional<QueueInfo> queue;             ///< Queue details: the selected queue.
    std::vector<TaskInfo> tasks;                ///< Queue details: the current page of the selected state.
    std::vector<GroupInfo> groups;              ///< Queue details, aggregating state: the queue's groups.
    std::optional<TaskInfo> task;               ///< Task details; unset when the task is gone.
    std::map<std::string, QueueRates> rates{};  ///< Per queue, once two readings exist.
    std::string error;                          ///< Why the last refresh failed; empty when it succeeded.
    std::chrono::system_clock::time_point fetched_at{};
};

/// Where the user is. Row indexes are -1 when nothing is selected.
struct DashState {
    View view = View::kQueues;
    View view_before_help = View::kQueues;
    int queue_row = -1;
    std::string queue;  ///< The queue whose details are shown.
    TaskState task_state = TaskState::kActive;
    int task_row = -1;
    int group_row = -1;
    std::string group;    ///< Aggregating state: the group whose tasks are shown; empty = the group list.
    std::string task_id;  ///< Task details: the task shown.
    int page = 1;         ///< 1-based page of tasks (or groups) in the queue details view.
    bool quit = false;
};

/// The states in the order of the queue details view's tabs, as Go's dashboard orders them.
const std::vector<TaskState>& tab_order();

/// The number of tasks in `state` according to the queue's counters.
std::int64_t count_in_state(const QueueInfo& queue, TaskState state);

/// True when the queue details view lists groups rather than tasks: the aggregating tab with no group chosen.
bool shows_group_list(const DashState& state);

/// Applies a key to the state. `page_size` is how many tasks or groups one page holds on this screen. Returns
/// true when the data shown must be fetched again now (another view, tab, page or group); moving the selection
/// within what is already fetched returns false.
bool apply_key(DashState& state, Key key, const DashData& data, int page_size);

/// After a refresh: keeps selections inside what was fetched (a row past the end moves to the last row) and
/// goes back to the first page when the current one no longer exists. Returns true when the page changed, so the
/// data must be fetched again.
bool clamp_selection(DashState& state, const DashData& data, int page_size);

}  // namespace asynq::cli::dash
