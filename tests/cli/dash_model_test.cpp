// The dashboard's navigation (apply_key, clamp_selection) and rate computation, as plain functions.
#include "cli/dash/dash_model.h"

#include <gtest/gtest.h>

#include "cli/dash/dash_fetch.h"

namespace asynq::cli::dash {
namespace {

QueueInfo queue_named(const std::string& name) {
    QueueInfo queue;
    queue.queue = name;
    return queue;
}

DashData three_queues() {
    DashData data;
    data.queues = {queue_named("critical"), queue_named("default"), queue_named("low")};
    return data;
}

TaskInfo task_with_id(const std::string& id) {
    TaskInfo task;
    task.id = id;
    return task;
}

TEST(DashModelTest, UpAndDownWrapAroundTheQueues) {
    DashState state;
    const auto data = three_queues();
    EXPECT_FALSE(apply_key(state, Key::kDown, data, 10));
    EXPECT_EQ(state.queue_row, 0);
    apply_key(state, Key::kDown, data, 10);
    apply_key(state, Key::kDown, data, 10);
    EXPECT_EQ(state.queue_row, 2);
    apply_key(state, Key::kDown, data, 10);
    EXPECT_EQ(state.queue_row, 0);
    apply_key(state, Key::kUp, data, 10);
    EXPECT_EQ(state.queue_row, 2);

    DashState fresh;
    apply_key(fresh, Key::kUp, data, 10);
    EXPECT_EQ(fresh.queue_row, 2) << "up with nothing selected selects the last row";
    DashState empty;
    apply_key(empty, Key::kDown, DashData{}, 10);
    EXPECT_EQ(empty.queue_row, -1);
}

TEST(DashModelTest, EnterOpensTheSelectedQueueOnItsActiveTasks) {
    DashState state;
    const auto data = three_queues();
    EXPECT_FALSE(apply_key(state, Key::kEnter, data, 10)) << "nothing selected: nothing to open";
    EXPECT_EQ(state.view, View::kQueues);

    state.queue_row = 1;
    state.page = 4;
    EXPECT_TRUE(apply_key(state, Key::kEnter, data, 10));
    EXPECT_EQ(state.view, View::kQueueDetails);
    EXPECT_EQ(state.queue, "default");
    EXPECT_EQ(state.task_state, TaskState::kActive);
    EXPECT_EQ(state.page, 1);
    EXPECT_EQ(state.task_row, -1);
}

TEST(DashModelTest, LeftAndRightCycleThroughTheStatesInGosOrder) {
    DashState state;
    state.view = View::kQueueDetails;
    state.page = 3;
    state.task_row = 2;
    std::vector<TaskState> seen;
    for (int i = 0; i < 7; ++i) {
        EXPECT_TRUE(apply_key(state, Key::kRight, DashData{}, 10));
        seen.push_back(state.task_state);
        EXPECT_EQ(state.page, 1);
        EXPECT_EQ(state.task_row, -1);
    }
    EXPECT_EQ(seen, (std::vector<TaskState>{TaskState::kPending, TaskState::kAggregating, TaskState::kScheduled,
                                            TaskState::kRetry, TaskState::kArchived, TaskState::kCompleted,
                                            TaskState::kActive}));
    apply_key(state, Key::kLeft, DashData{}, 10);
    EXPECT_EQ(state.task_state, TaskState::kCompleted);

    DashState queues;
    EXPECT_FALSE(apply_key(queues, Key::kRight, DashData{}, 10)) << "no tabs in the queues view";
    EXPECT_EQ(queues.task_state, TaskState::kActive);
}

TEST(DashModelTest, PagesTurnOnlyWhileThereAreMoreTasks) {
    DashState state;
    state.view = View::kQueueDetails;
    state.task_state = TaskState::kPending;
    DashData data;
    data.queue = queue_named("default");
    data.queue->pending = 25;
    data.tasks.assign(10, task_with_id("t"));

    EXPECT_FALSE(apply_key(state, Key::kPrevPage, data, 10)) << "already on the first page";
    EXPECT_TRUE(apply_key(state, Key::kNextPage, data, 10));
    EXPECT_EQ(state.page, 2);
    EXPECT_TRUE(apply_key(state, Key::kNextPage, data, 10));
    EXPECT_EQ(state.page, 3);
    data.tasks.assign(5, task_with_id("t"));  // the last page: tasks 21-25
    EXPECT_FALSE(apply_key(state, Key::kNextPage, data, 10));
    EXPECT_EQ(state.page, 3);
    EXPECT_TRUE(apply_key(state, Key::kPrevPage, data, 10));
    EXPECT_EQ(state.page, 2);
}

TEST(DashModelTest, TheAggregatingTabListsGroupsThenAGroupsTasks) {
    DashState state;
    state.view = View::kQueueDetails;
    state.queue = "default";
    state.task_state = TaskState::kAggregating;
    DashData data;
    data.queue = queue_named("default");
    for (int i = 0; i < 5; ++i) data.groups.push_back(GroupInfo{"g" + std::to_string(i), i + 1});
    ASSERT_TRUE(shows_group_list(state));

    // Groups are fetched whole and paged locally: turning a page fetches nothing.
    EXPECT_FALSE(apply_key(state, Key::kNextPage, data, 2));
    EXPECT_EQ(state.page, 2);
    apply_key(state, Key::kDown, data, 2);
    apply_key(state, Key::kDown, data, 2);
    EXPECT_EQ(state.group_row, 1);
    EXPECT_TRUE(apply_key(state, Key::kEnter, data, 2));
    EXPECT_EQ(state.group, "g3") << "second row of the second page";
    EXPECT_FALSE(shows_group_list(state));
    EXPECT_EQ(state.page, 1);

    // A group's tasks page by the group's size.
    data.tasks.assign(2, task_with_id("t"));
    EXPECT_TRUE(apply_key(state, Key::kNextPage, data, 2)) << "g3 holds 4 tasks";

    EXPECT_TRUE(apply_key(state, Key::kBack, data, 2));
    EXPECT_TRUE(shows_group_list(state)) << "Esc goes back to the group list";
    EXPECT_EQ(state.view, View::kQueueDetails);
    EXPECT_TRUE(apply_key(state, Key::kBack, data, 2));
    EXPECT_EQ(state.view, View::kQueues);
}

TEST(DashModelTest, EnterOnATaskShowsItAndEscGoesBack) {
    DashState state;
    state.view = View::kQueueDetails;
    DashData data;
    data.tasks = {task_with_id("a"), task_with_id("b")};
    apply_key(state, Key::kDown, data, 10);
    apply_key(state, Key::kDown, data, 10);
    EXPECT_TRUE(apply_key(state, Key::kEnter, data, 10));
    EXPECT_EQ(state.view, View::kTaskDetails);
    EXPECT_EQ(state.task_id, "b");
    EXPECT_TRUE(apply_key(state, Key::kBack, data, 10));
    EXPECT_EQ(state.view, View::kQueueDetails);
}

TEST(DashModelTest, HelpServersAndQuit) {
    DashState state;
    state.view = View::kQueueDetails;
    EXPECT_FALSE(apply_key(state, Key::kHelp, DashData{}, 10));
    EXPECT_EQ(state.view, View::kHelp);
    EXPECT_FALSE(apply_key(state, Key::kBack, DashData{}, 10));
    EXPECT_EQ(state.view, View::kQueueDetails) << "help goes back where it came from";

    EXPECT_TRUE(apply_key(state, Key::kShowServers, DashData{}, 10));
    EXPECT_EQ(state.view, View::kServers);
    EXPECT_FALSE(apply_key(state, Key::kShowServers, DashData{}, 10)) << "already there";
    EXPECT_TRUE(apply_key(state, Key::kShowQueues, DashData{}, 10));
    EXPECT_EQ(state.view, View::kQueues);
    EXPECT_TRUE(apply_key(state, Key::kRefresh, DashData{}, 10));

    EXPECT_FALSE(state.quit);
    apply_key(state, Key::kBack, DashData{}, 10);
    EXPECT_TRUE(state.quit) << "Esc or q on the queues view quits";

    DashState deep;
    deep.view = View::kTaskDetails;
    apply_key(deep, Key::kQuit, DashData{}, 10);
    EXPECT_TRUE(deep.quit) << "Ctrl+C quits from anywhere";
}

TEST(DashModelTest, ClampKeepsSelectionsInsideWhatWasFetched) {
    DashState state;
    state.queue_row = 5;
    clamp_selection(state, three_queues(), 10);
    EXPECT_EQ(state.queue_row, 2);

    DashState details;
    details.view = View::kQueueDetails;
    details.page = 3;
    details.task_row = 4;
    EXPECT_TRUE(clamp_selection(details, DashData{}, 10)) << "the page emptied: back to page 1, fetch again";
    EXPECT_EQ(details.page, 1);
    EXPECT_EQ(details.task_row, -1);

    DashData two;
    two.tasks = {task_with_id("a"), task_with_id("b")};
    details.task_row = 7;
    EXPECT_FALSE(clamp_selection(details, two, 10));
    EXPECT_EQ(details.task_row, 1);
}

TEST(RateTrackerTest, RatesComeFromTwoReadingsOfTheTotals) {
    RateTracker tracker;
    std::map<std::string, QueueRates> rates;
    const auto start = RateTracker::Clock::now();
    auto queue = queue_named("default");
    queue.processed_total = 100;
    queue.failed_total = 10;
    tracker.record(queue, start, rates);
    EXPECT_TRUE(rates.empty()) << "one reading gives no rate";

    queue.processed_total = 150;
    queue.failed_total = 14;
    tracker.record(queue, start + std::chrono::seconds(2), rates);
    EXPECT_DOUBLE_EQ(rates["default"].processed_per_second, 25.0);
    EXPECT_DOUBLE_EQ(rates["default"].failed_per_second, 2.0);

    queue.processed_total = 1000;
    tracker.record(queue, start + std::chrono::milliseconds(2100), rates);
    EXPECT_DOUBLE_EQ(rates["default"].processed_per_second, 25.0) << "a reading 100 ms later is ignored";

    queue.processed_total = 0;  // the counter key was deleted
    queue.failed_total = 0;
    tracker.record(queue, start + std::chrono::seconds(4), rates);
    EXPECT_DOUBLE_EQ(rates["default"].processed_per_second, 0.0);
    EXPECT_DOUBLE_EQ(rates["default"].failed_per_second, 0.0);
}

}  // namespace
}  // namespace asynq::cli::dash
