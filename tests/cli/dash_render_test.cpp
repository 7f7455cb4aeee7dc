// What the dashboard draws for given figures, read back as plain text and styles.
#include "cli/dash/dash_render.h"

#include <gtest/gtest.h>

#include <sstream>

#include "cli/table.h"

namespace asynq::cli::dash {
namespace {

using namespace std::chrono_literals;

const auto kNow = std::chrono::sys_days{std::chrono::year{2026} / 11 / 25} + 10h;

RenderContext context(int width, int height = 40) {
    return RenderContext{width, height, kNow, "127.0.0.1:6379", 8s, true};
}

DashData figures() {
    DashData data;
    QueueInfo critical;
    critical.queue = "critical";
    critical.active = 1;
    critical.pending = 2;
    critical.retry = 1;
    critical.size = 4;
    critical.processed = 10;
    critical.failed = 1;
    critical.latency = 3s;
    critical.memory_usage = 1500;
    QueueInfo low;
    low.queue = "low";
    low.paused = true;
    low.scheduled = 1;
    low.size = 1;
    data.queues = {critical, low};
    data.rates["critical"] = QueueRates{2.5, 0.25};
    data.fetched_at = kNow;
    return data;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

bool has_line(const std::string& text, const std::string& line) {
    for (const auto& each : lines_of(text)) {
        if (each == line) return true;
    }
    return false;
}

TEST(DashRenderTest, QueuesViewShowsBarsCountsRatesAndServers) {
    const auto text = frame_text(render(DashState{}, figures(), context(200)));
    EXPECT_TRUE(has_line(text, "critical |\u2587\u2587\u2587\u2587 4")) << text;
    EXPECT_TRUE(has_line(text, "low      |\u2587 1")) << text;
    EXPECT_TRUE(has_line(text,
                         "Queue     State   Size  Active  Pending  Aggregating  Scheduled  Retry  Archived  Completed"
                         "  Latency  Processed/s  Failed/s  Processed  Failed  Error rate  Memory"))
        << text;
    EXPECT_TRUE(has_line(text,
                         "critical  RUN        4       1        2            0          0      1         0          0"
                         "       3s          2.5       0.2         10       1      10.00%  1.5 kB"))
        << text;
    EXPECT_TRUE(has_line(text,
                         "low       PAUSED     1       0        0            0          1      0         0          0"
                         "       0s            -         -          0       0         N/A     0 B"))
        << "no rate before two readings:\n"
        << text;
    EXPECT_TRUE(has_line(text, "No running servers")) << text;
    const auto title = lines_of(text).front();
    EXPECT_EQ(title.rfind("asynq dash   127.0.0.1:6379   updated ", 0), 0U) << title;
    EXPECT_TRUE(title.ends_with(":00   refresh every 8s")) << title;
}

TEST(DashRenderTest, NarrowScreensDropTheLeastNeededColumns) {
    const auto frame = render(DashState{}, figures(), context(80));
    const auto text = frame_text(frame);
    EXPECT_TRUE(has_line(text, "Queue     State   Active  Pending  Retry  Latency  Processed/s  Failed/s")) << text;
    for (const auto& line : lines_of(text)) EXPECT_LE(display_width(line), 80U) << line;
}

TEST(DashRenderTest, TheSelectedRowIsHighlightedAcrossTheScreen) {
    DashState state;
    state.queue_row = 1;
    const auto frame = render(state, figures(), context(100));
    int selected = 0;
    for (const auto& line : frame.body) {
        if (line.size() == 1 && line[0].style == Style::kSelected) {
            ++selected;
            EXPECT_EQ(line[0].text.substr(0, 3), "low");
            EXPECT_EQ(line[0].text.size(), 100U);
        }
    }
    EXPECT_EQ(selected, 1);
}

TEST(DashRenderTest, ServersShowBusyWorkersAndTheirTasks) {
    auto data = figures();
    ServerInfo server;
    server.host = "worker-1";
    server.pid = 42;
    server.status = "active";
    server.concurrency = 10;
    server.queues = {{"critical", 6}, {"low", 1}};
    server.started = kNow - 90s;
    server.active_workers.push_back(WorkerInfo{"task-1", "email:send", "{}", "critical", kNow - 5s, kNow + 25s});
    data.servers = {server};

    const auto main_view = frame_text(render(DashState{}, data, context(120)));
    EXPECT_TRUE(has_line(main_view, "worker-1   42  active  1/10  1m30s ago  critical:6, low:1")) << main_view;

    DashState state;
    state.view = View::kServers;
    const auto servers = frame_text(render(state, data, context(120)));
    EXPECT_TRUE(has_line(servers, "worker-1:42  critical  task-1   email:send  5s ago   in 25s    {}")) << servers;
}

TEST(DashRenderTest, QueueDetailsShowTabsTasksAndPages) {
    DashState state;
    state.view = View::kQueueDetails;
    state.queue = "critical";
    state.task_state = TaskState::kRetry;
    auto data = figures();
    data.queue = data.queues[0];
    data.queue->retry = 30;
    TaskInfo task;
    task.id = "t1";
    task.type = "email:send";
    task.payload = "hello";
    task.retried = 2;
    task.max_retry = 25;
    task.last_error = "smtp down";
    task.last_failed_at = kNow - 60s;
    task.next_process_at = kNow + 30s;
    data.tasks = {task};
    const auto frame = render(state, data, context(140, 20));
    const auto text = frame_text(frame);
    EXPECT_TRUE(has_line(text, "=== Queue critical ===")) << text;
    EXPECT_TRUE(has_line(text, "State RUN   Size 4   Latency 3s   Memory 1.5 kB")) << text;
    EXPECT_TRUE(has_line(text,
                         "Processed/s 2.5   Failed/s 0.2   Processed today 10   Failed today 1   Error rate "
                         "10.00%"))
        << text;
    EXPECT_TRUE(has_line(text,
                         " active 1   pending 2   aggregating 0   scheduled 0   retry 30   archived 0   "
                         "completed 0"))
        << text;
    EXPECT_TRUE(has_line(text,
                         "ID  Type        Retried  Max Retry  Last Failure  Last Failure Time  Next Process "
                         "Time  Payload"))
        << text;
    EXPECT_TRUE(has_line(text,
                         "t1  email:send        2         25  smtp down     1m0s ago           in 30s        "
                         "     hello"))
        << text;
    EXPECT_TRUE(has_line(text, "Showing 1-1 of 30   n: next page")) << "page size " << task_page_size(20) << "\n"
                                                                    << text;
    // The current tab stands out.
    bool retry_tab_selected = false;
    for (const auto& line : frame.body) {
        for (const auto& span : line) {
            if (span.text == " retry 30 ") retry_tab_selected = span.style == Style::kSelected;
        }
    }
    EXPECT_TRUE(retry_tab_selected);
}

TEST(DashRenderTest, TaskDetailsWrapLongValues) {
    DashState state;
    state.view = View::kTaskDetails;
    state.queue = "default";
    state.task_id = "t1";
    DashData data;
    TaskInfo task;
    task.id = "t1";
    task.queue = "default";
    task.type = "resize";
    task.payload = std::string(30, 'x') + std::string(30, 'y');
    task.max_retry = 3;
    task.timeout = 30s;
    data.task = task;
    const auto text = frame_text(render(state, data, context(44)));
    EXPECT_TRUE(has_line(text, "Payload       xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")) << text;
    EXPECT_TRUE(has_line(text, "              yyyyyyyyyyyyyyyyyyyyyyyyyyyyyy")) << text;
    EXPECT_TRUE(has_line(text, "Payload size  60 bytes")) << text;
    EXPECT_TRUE(has_line(text, "Retried       0 of 3")) << text;
    EXPECT_TRUE(has_line(text, "Timeout       30s")) << text;

    data.task.reset();
    EXPECT_TRUE(has_line(frame_text(render(state, data, context(120))),
                         "Task t1 is no longer in queue default. Esc: back to the tasks."));
}

TEST(DashRenderTest, ARefreshErrorReplacesTheKeyHelp) {
    auto data = figures();
    data.error = "redis 127.0.0.1:6379: connect: Connection refused";
    const auto frame = render(DashState{}, data, context(120));
    ASSERT_FALSE(frame.footer.empty());
    EXPECT_EQ(frame.footer[0].style, Style::kError);
    EXPECT_EQ(frame.footer[0].text.rfind("Error: redis 127.0.0.1:6379: connect: Connection refused (figures from ", 0),
              0U);
    EXPECT_EQ(frame.footer[0].text.size(), 120U) << "the red bar runs across the screen";
}

TEST(DashRenderTest, NonUnicodeTerminalsGetAsciiBars) {
    auto ctx = context(120);
    ctx.unicode = false;
    EXPECT_TRUE(has_line(frame_text(render(DashState{}, figures(), ctx)), "critical |#### 4"));
}

TEST(DashRenderTest, ControlCharactersFromRedisAreShownAsText) {
    DashState state;
    state.view = View::kTaskDetails;
    state.queue = "default";
    state.task_id = "t1";
    DashData data;
    TaskInfo task;
    task.id = "t1";
    task.queue = "default";
    task.type = "job";
    task.last_error = "boom\n  at frame\x01";
    data.task = task;
    const auto text = frame_text(render(state, data, context(80)));
    EXPECT_TRUE(has_line(text, "Last error    boom   at frame?")) << text;
}

TEST(DashRenderTest, AGroupPagePastTheEndAfterAResizeShowsNothingRatherThanGarbage) {
    DashState state;
    state.view = View::kQueueDetails;
    state.queue = "default";
    state.task_state = TaskState::kAggregating;
    state.page = 9;  // fetched on a small screen, drawn on a large one
    DashData data;
    data.queue = QueueInfo{};
    data.queue->queue = "default";
    data.groups = {GroupInfo{"g1", 1}, GroupInfo{"g2", 2}};
    const auto text = frame_text(render(state, data, context(100, 40)));
    EXPECT_EQ(text.find("Showing"), std::string::npos) << text;
}

}  // namespace
}  // namespace asynq::cli::dash
