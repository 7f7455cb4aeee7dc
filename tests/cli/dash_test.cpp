// `asynq dash` driven as a user drives it: in a tmux session, keys sent with send-keys and the screen read with
// capture-pane, against the test Redis with a live in-process server or Go-written fixtures.
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "asynq/client.h"
#include "asynq/server.h"
#include "cli_runner.h"
#include "support/eventually.h"
#include "support/fixture_now.h"
#include "support/test_redis.h"
#include "support/tmux_session.h"

namespace asynq::testing {
namespace {

using namespace std::chrono_literals;

constexpr int kWidth = 160;
constexpr int kHeight = 45;

std::vector<std::string> words(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> out;
    for (std::string word; in >> word;) out.push_back(word);
    return out;
}

// The words of the screen line that starts with `start`; empty when there is none.
std::vector<std::string> row_starting(const std::string& screen, const std::string& start) {
    std::istringstream in(screen);
    for (std::string line; std::getline(in, line);) {
        if (line.rfind(start, 0) == 0) return words(line);
    }
    return {};
}

// The words of the queues table's row for `queue` (the size bars start with the name too, but not with a state).
std::vector<std::string> queue_row(const std::string& screen, const std::string& queue) {
    std::istringstream in(screen);
    for (std::string line; std::getline(in, line);) {
        const auto row = words(line);
        if (row.size() > 1 && row[0] == queue && (row[1] == "RUN" || row[1] == "PAUSED")) return row;
    }
    return {};
}

bool contains(const std::string& screen, const std::string& text) { return screen.find(text) != std::string::npos; }

class DashTest : public RedisTest {
protected:
    std::string dash_command(const std::string& uri) {
        return shell_quote(ASYNQ_CLI_PATH) + " dash --refresh 1s --uri " + shell_quote(uri);
    }
};

// The queues table's columns: Queue State Size Active Pending Aggregating Scheduled Retry Archived Completed
// Latency Processed/s Failed/s Processed Failed ... at 160 columns.
constexpr std::size_t kActive = 3;
constexpr std::size_t kPending = 4;
constexpr std::size_t kScheduled = 6;
constexpr std::size_t kProcessed = 13;

TEST_F(DashTest, ShowsLiveQueuesTasksAndWorkersAndNavigatesWithTheKeyboard) {
    Client client(RedisOptions::from_uri(server().uri()));
    client.enqueue(Task("slow", "hold"), {.queue = "critical", .task_id = "slow-1"});
    client.enqueue(Task("email:send", R"({"to":"a@example.com"})"), {.queue = "critical", .task_id = "mail-1"});
    client.enqueue(Task("email:send", R"({"to":"b@example.com"})"), {.queue = "critical", .task_id = "mail-2"});
    client.enqueue(Task("report", "daily"), {.process_in = 1h, .task_id = "report-1"});

    // One worker: it holds slow-1 until released, so the dashboard has an active worker to show.
    std::mutex mu;
    std::condition_variable_any released_cv;
    bool release = false;  // guarded by mu
    Server worker(RedisOptions::from_uri(server().uri()),
                  {.concurrency = 1, .queues = {{"critical", 1}}, .heartbeat_interval = 200ms});
    worker.start([&](TaskContext& context, const Task& task) {
        if (task.type() != "slow") return;
        std::unique_lock lock(mu);
        released_cv.wait(lock, context.stop_token(), [&] { return release; });
    });
    ASSERT_TRUE(eventually([&] { return redis().llen("asynq:{critical}:active") == 1; }));

    TmuxSession dash(dash_command(server().uri()), kWidth, kHeight);

    // The queues view: counts per state and the server with its busy worker.
    auto screen = dash.wait_for([](const std::string& s) {
        const auto critical = queue_row(s, "critical");
        return critical.size() > kProcessed && critical[kActive] == "1" && contains(s, "1/1");
    });
    auto critical = queue_row(screen, "critical");
    ASSERT_GT(critical.size(), kProcessed) << screen;
    EXPECT_EQ(critical[1], "RUN") << screen;
    EXPECT_EQ(critical[kActive], "1") << screen;
    EXPECT_EQ(critical[kPending], "2") << screen;
    const auto default_row = queue_row(screen, "default");
    ASSERT_GT(default_row.size(), kScheduled) << screen;
    EXPECT_EQ(default_row[kScheduled], "1") << screen;
    EXPECT_TRUE(contains(screen, "=== Servers ===")) << screen;
    EXPECT_TRUE(contains(screen, "critical:1")) << screen;

    // Into the queue: the active tab lists the held task.
    dash.send_keys({"Down", "Enter"});
    screen = dash.wait_for(
        [](const std::string& s) { return contains(s, "=== Queue critical ===") && contains(s, "slow-1"); });
    EXPECT_TRUE(contains(screen, "=== Queue critical ===")) << screen;
    EXPECT_TRUE(contains(screen, "slow-1")) << screen;

    // Next tab: the pending tasks; open the first.
    dash.send_keys({"Right"});
    screen = dash.wait_for([](const std::string& s) { return contains(s, "mail-1") && contains(s, "mail-2"); });
    EXPECT_TRUE(contains(screen, "mail-1") && contains(screen, "mail-2")) << screen;
    dash.send_keys({"Down", "Enter"});
    screen = dash.wait_for_text("=== Task mail-");
    EXPECT_TRUE(contains(screen, "=== Task mail-")) << screen;
    EXPECT_TRUE(row_starting(screen, "Type ") == (std::vector<std::string>{"Type", "email:send"})) << screen;
    EXPECT_TRUE(row_starting(screen, "State ") == (std::vector<std::string>{"State", "pending"})) << screen;
    EXPECT_TRUE(contains(screen, R"({"to":")")) << screen;

    // Back out, then the servers view lists the worker's task.
    dash.send_keys({"Escape"});
    screen = dash.wait_for_text(" pending 2 ");
    EXPECT_TRUE(contains(screen, "=== Queue critical ===")) << screen;
    dash.send_keys({"F2"});
    screen = dash.wait_for_text("=== Active workers ===");
    EXPECT_TRUE(contains(screen, "slow-1")) << screen;
    EXPECT_TRUE(contains(screen, "hold")) << screen;

    // Released, the server works through the queue, and the queues view follows on its own.
    {
        std::lock_guard lock(mu);
        release = true;
    }
    released_cv.notify_all();
    dash.send_keys({"F1"});
    screen = dash.wait_for([](const std::string& s) {
        const auto row = queue_row(s, "critical");
        return row.size() > kProcessed && row[kProcessed] == "3" && row[kActive] == "0" && row[kPending] == "0";
    });
    critical = queue_row(screen, "critical");
    ASSERT_GT(critical.size(), kProcessed) << screen;
    EXPECT_EQ(critical[kProcessed], "3") << screen;
    EXPECT_EQ(critical[kActive], "0") << screen;

    dash.send_keys({"q"});
    EXPECT_TRUE(eventually([&] { return !dash.running(); })) << dash.screen();
    worker.shutdown();
}

TEST_F(DashTest, ListsGoWrittenGroupsAndTheirTasks) {
    write_dump(redis(), fixture_now("groups"));
    TmuxSession dash(dash_command(server().uri()), kWidth, kHeight);
    auto screen = dash.wait_for([](const std::string& s) { return !queue_row(s, "low").empty(); });
    const auto default_row = queue_row(screen, "default");
    ASSERT_GT(default_row.size(), 5U) << screen;
    EXPECT_EQ(default_row[5], "4") << "aggregating count\n" << screen;

    dash.send_keys({"Down", "Enter", "Right", "Right"});
    screen = dash.wait_for_text("daily-digest");
    EXPECT_TRUE(contains(screen, "Groups (Enter: show a group's tasks)")) << screen;
    EXPECT_EQ(row_starting(screen, "daily-digest"), (std::vector<std::string>{"daily-digest", "4"})) << screen;

    dash.send_keys({"Down", "Enter"});
    screen = dash.wait_for_text("digest-unique");
    EXPECT_TRUE(contains(screen, "Group daily-digest (Esc: back to the groups)")) << screen;
    int items = 0;
    std::istringstream in(screen);
    for (std::string line; std::getline(in, line);) {
        if (contains(line, "digest:item")) ++items;
    }
    EXPECT_EQ(items, 4) << screen;

    dash.send_keys({"Escape"});
    screen = dash.wait_for_text("Groups (Enter: show a group's tasks)");
    EXPECT_TRUE(contains(screen, "Groups (Enter: show a group's tasks)")) << screen;
    dash.send_keys({"C-c"});
    EXPECT_TRUE(eventually([&] { return !dash.running(); })) << dash.screen();
}

TEST_F(DashTest, AnUnreachableRedisIsShownAndTheDashboardKeepsRunning) {
    TmuxSession dash(dash_command("127.0.0.1:1"), kWidth, kHeight);
    const auto screen = dash.wait_for_text("Connection refused");
    EXPECT_TRUE(contains(screen, "Error: redis 127.0.0.1:1")) << screen;
    EXPECT_TRUE(dash.running());
    dash.send_keys({"?"});
    EXPECT_TRUE(contains(dash.wait_for_text("=== Help ==="), "=== Help ==="));
    dash.send_keys({"Escape", "q"});
    EXPECT_TRUE(eventually([&] { return !dash.running(); })) << dash.screen();
}

TEST_F(DashTest, RefusesToRunWithoutATerminalOrWithATooShortRefresh) {
    auto result = run_cli({"dash", "--uri", server().uri()});
    EXPECT_EQ(result.exit_status, 2);
    EXPECT_EQ(result.err_lines(),
              std::vector<std::string>{"asynq: dash needs a terminal: run it with stdin and stdout on a TTY"});

    result = run_cli({"dash", "--refresh", "500ms", "--uri", server().uri()});
    EXPECT_EQ(result.exit_status, 2);
    EXPECT_EQ(result.err_lines(), std::vector<std::string>{"asynq: --refresh: must be at least 1s, got 500ms"});
}

}  // namespace
}  // namespace asynq::testing
