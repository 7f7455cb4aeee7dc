#include "cli/dash/dash_render.h"

#include <fmt/format.h>
#include <time.h>

#include <algorithm>
#include <cmath>
#include <tuple>
#include <utility>

#include "cli/table.h"
#include "util/go_duration.h"
#include "util/text.h"

namespace asynq::cli::dash {

namespace {

using TimePoint = std::chrono::system_clock::time_point;

constexpr std::size_t kColumnGap = 2;
constexpr std::size_t kMaxBarQueues = 8;  // more queues than this and the bars would push the table off screen
constexpr std::size_t kDetailLabelWidth = 14;
constexpr int kMaxWrappedLines = 8;

// A table column. Narrow screens drop the columns with the highest drop_rank first (0 = never dropped); cells
// wider than max_width (0 = no limit) are cut.
struct Column {
    std::string header;
    bool right_aligned = false;
    int drop_rank = 0;
    std::size_t max_width = 0;
};

bool is_set(TimePoint time) { return time.time_since_epoch().count() != 0; }

std::string clock_time(TimePoint time) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
    std::tm local{};
    localtime_r(&seconds, &local);
    return fmt::format("{:02}:{:02}:{:02}", local.tm_hour, local.tm_min, local.tm_sec);
}

std::string past_time(TimePoint time, TimePoint now) {
    if (!is_set(time)) return "-";
    if (time >= now) return "just now";
    return format_ago(time, now);
}

std::string future_time(TimePoint time, TimePoint now) {
    if (!is_set(time)) return "-";
    return format_until(time, now);
}

std::string pad(const std::string& text, std::size_t width, bool right_aligned) {
    const std::size_t used = display_width(text);
    if (used >= width) return text;
    const std::string padding(width - used, ' ');
    return right_aligned ? padding + text : text + padding;
}

Line plain(std::string text, Style style = Style::kNormal) { return Line{Span{std::move(text), style}}; }

void add_heading(std::vector<Line>& body, const std::string& title) {
    body.push_back(plain("=== " + title + " ===", Style::kHeading));
    body.emplace_back();
}

// A table with a header line; `selected` (-1 = none) is highlighted across the whole width.
void add_table(std::vector<Line>& body, std::vector<Column> columns, std::vector<std::vector<std::string>> rows,
               int selected, int screen_width) {
    for (auto& row : rows) {
        row.resize(columns.size());
        for (std::size_t i = 0; i < columns.size(); ++i) {
            if (columns[i].max_width > 0) row[i] = fit_width(row[i], columns[i].max_width);
        }
    }
    const auto widths_of = [&]() {
        std::vector<std::size_t> widths;
        for (std::size_t i = 0; i < columns.size(); ++i) {
            std::size_t width = display_width(columns[i].header);
            for (const auto& row : rows) width = std::max(width, display_width(row[i]));
            widths.push_back(width);
        }
        return widths;
    };
    auto widths = widths_of();
    const auto total = [&]() {
        std::size_t sum = 0;
        for (const auto width : widths) sum += width;
        return sum + kColumnGap * (widths.empty() ? 0 : widths.size() - 1);
    };
    while (total() > static_cast<std::size_t>(screen_width)) {
        const auto dropped = std::max_element(
            columns.begin(), columns.end(), [](const Column& a, const Column& b) { return a.drop_rank < b.drop_rank; });
        if (dropped == columns.end() || dropped->drop_rank == 0) break;
        const auto index = static_cast<std::size_t>(dropped - columns.begin());
        columns.erase(dropped);
        widths.erase(widths.begin() + static_cast<std::ptrdiff_t>(index));
        for (auto& row : rows) row.erase(row.begin() + static_cast<std::ptrdiff_t>(index));
    }
    const auto format_row = [&](const std::vector<std::string>& cells) {
        std::string text;
        for (std::size_t i = 0; i < columns.size(); ++i) {
            const bool last = i + 1 == columns.size();
            text += last && !columns[i].right_aligned ? cells[i] : pad(cells[i], widths[i], columns[i].right_aligned);
            if (!last) text.append(kColumnGap, ' ');
        }
        return text;
    };
    std::vector<std::string> headers;
    for (const auto& column : columns) headers.push_back(column.header);
    body.push_back(plain(format_row(headers), Style::kHeading));
    for (std::size_t i = 0; i < rows.size(); ++i) {
        body.push_back(plain(format_row(rows[i]), static_cast<int>(i) == selected ? Style::kSelected : Style::kNormal));
    }
}

std::string rate(const DashData& data, const std::string& queue, bool failed) {
    const auto found = data.rates.find(queue);
    if (found == data.rates.end()) return "-";
    return fmt::format("{:.1f}", failed ? found->second.failed_per_second : found->second.processed_per_second);
}

std::string queue_state(const QueueInfo& queue) { return queue.paused ? "PAUSED" : "RUN"; }

Style state_style(TaskState state) {
    switch (state) {
        case TaskState::kActive:
            return Style::kActive;
        case TaskState::kPending:
            return Style::kPending;
        case TaskState::kAggregating:
            return Style::kAggregating;
        case TaskState::kScheduled:
            return Style::kScheduled;
        case TaskState::kRetry:
            return Style::kRetry;
        case TaskState::kArchived:
            return Style::kArchived;
        case TaskState::kCompleted:
            return Style::kCompleted;
    }
    return Style::kNormal;
}

// One bar per queue, its parts coloured by state, scaled down when the largest queue would not fit.
void add_size_bars(std::vector<Line>& body, const DashData& data, const RenderContext& context) {
    const std::string tick = context.unicode ? "\u2587" : "#";
    std::size_t name_width = 0;
    std::size_t size_width = 0;
    std::int64_t largest = 1;
    for (const auto& queue : data.queues) {
        name_width = std::max(name_width, display_width(queue.queue));
        size_width = std::max(size_width, std::to_string(queue.size).size());
        largest = std::max(largest, queue.size);
    }
    const auto room = static_cast<std::int64_t>(context.width) - static_cast<std::int64_t>(name_width + size_width + 3);
    const double scale = room < largest ? static_cast<double>(std::max<std::int64_t>(room, 0)) / largest : 1.0;
    const auto repeat = [&](std::int64_t count) {
        std::string bar;
        for (auto i = static_cast<std::int64_t>(std::floor(static_cast<double>(count) * scale)); i > 0; --i)
            bar += tick;
        return bar;
    };
    for (const auto& queue : data.queues) {
        Line line{Span{pad(queue.queue, name_width, false) + " |"}};
        for (const auto state : tab_order()) {
            const auto bar = repeat(count_in_state(queue, state));
            if (!bar.empty()) line.push_back(Span{bar, state_style(state)});
        }
        line.push_back(Span{" " + std::to_string(queue.size)});
        body.push_back(std::move(line));
    }
    body.emplace_back();
    Line legend;
    for (const auto state : tab_order()) {
        legend.push_back(Span{std::string(legend.empty() ? "" : " ") + std::string(to_string(state)) + "="});
        legend.push_back(Span{tick, state_style(state)});
    }
    body.push_back(std::move(legend));
    body.emplace_back();
}

void add_queue_table(std::vector<Line>& body, const DashState& state, const DashData& data,
                     const RenderContext& context) {
    std::vector<Column> columns = {
        {"Queue", false, 0, 24},  {"State", false, 0, 0},      {"Size", true, 7, 0},      {"Active", true, 0, 0},
        {"Pending", true, 0, 0},  {"Aggregating", true, 6, 0}, {"Scheduled", true, 1, 0}, {"Retry", true, 0, 0},
        {"Archived", true, 2, 0}, {"Completed", true, 5, 0},   {"Latency", true, 0, 0},   {"Processed/s", true, 0, 0},
        {"Failed/s", true, 0, 0}, {"Processed", true, 3, 0},   {"Failed", true, 4, 0},    {"Error rate", true, 8, 0},
        {"Memory", true, 9, 0},
    };
    std::vector<std::vector<std::string>> rows;
    for (const auto& q : data.queues) {
        rows.push_back({q.queue, queue_state(q), std::to_string(q.size), std::to_string(q.active),
                        std::to_string(q.pending), std::to_string(q.aggregating), std::to_string(q.scheduled),
                        std::to_string(q.retry), std::to_string(q.archived), std::to_string(q.completed),
                        rounded_duration(q.latency), rate(data, q.queue, false), rate(data, q.queue, true),
                        std::to_string(q.processed), std::to_string(q.failed), error_rate(q.processed, q.failed),
                        byte_count(q.memory_usage)});
    }
    add_table(body, std::move(columns), std::move(rows), state.queue_row, context.width);
}

void add_server_table(std::vector<Line>& body, const DashData& data, const RenderContext& context) {
    if (data.servers.empty()) {
        body.push_back(plain("No running servers", Style::kLabel));
        return;
    }
    std::vector<std::vector<std::string>> rows;
    for (const auto& server : data.servers) {
        rows.push_back({server.host, std::to_string(server.pid), server.status,
                        fmt::format("{}/{}", server.active_workers.size(), server.concurrency),
                        past_time(server.started, context.now), format_server_queues(server.queues)});
    }
    add_table(body,
              {{"Host", false, 0, 32},
               {"PID", true, 0, 0},
               {"Status", false, 0, 0},
               {"Busy", true, 0, 0},
               {"Started", false, 1, 0},
               {"Queues", false, 0, 0}},
              std::move(rows), -1, context.width);
}

void queues_view(std::vector<Line>& body, const DashState& state, const DashData& data, const RenderContext& context) {
    add_heading(body, "Queues");
    if (data.queues.empty()) {
        body.push_back(plain("No queues yet: a queue appears when a task is first enqueued to it.", Style::kLabel));
    } else {
        if (data.queues.size() <= kMaxBarQueues) add_size_bars(body, data, context);
        add_queue_table(body, state, data, context);
    }
    body.emplace_back();
    add_heading(body, "Servers");
    add_server_table(body, data, context);
}

void add_label_values(std::vector<Line>& body, const std::vector<std::pair<std::string, std::string>>& fields) {
    Line line;
    for (const auto& [label, value] : fields) {
        if (!line.empty()) line.push_back(Span{"   "});
        line.push_back(Span{label + " ", Style::kLabel});
        line.push_back(Span{value});
    }
    body.push_back(std::move(line));
}

void add_tabs(std::vector<Line>& body, const DashState& state, const QueueInfo& queue) {
    Line tabs;
    for (const auto task_state : tab_order()) {
        const auto text = fmt::format(" {} {} ", to_string(task_state), count_in_state(queue, task_state));
        tabs.push_back(Span{text, task_state == state.task_state ? Style::kSelected : Style::kNormal});
        tabs.push_back(Span{" "});
    }
    tabs.pop_back();
    body.push_back(std::move(tabs));
    body.emplace_back();
}

std::vector<Column> task_columns(TaskState state) {
    const Column id{"ID", false, 0, 36};
    const Column type{"Type", false, 0, 30};
    const Column retried{"Retried", true, 0, 0};
    const Column max_retry{"Max Retry", true, 0, 0};
    const Column payload{"Payload", false, 0, 40};
    const Column last_failure{"Last Failure", false, 0, 40};
    switch (state) {
        case TaskState::kActive:
        case TaskState::kPending:
            return {id, type, retried, max_retry, payload};
        case TaskState::kAggregating:
            return {id, type, payload, {"Group", false, 0, 24}};
        case TaskState::kScheduled:
            return {id, type, {"Next Process Time", false, 0, 0}, payload};
        case TaskState::kRetry:
            return {id,
                    type,
                    retried,
                    max_retry,
                    last_failure,
                    {"Last Failure Time", false, 0, 0},
                    {"Next Process Time", false, 0, 0},
                    payload};
        case TaskState::kArchived:
            return {id, type, retried, max_retry, last_failure, {"Last Failure Time", false, 0, 0}, payload};
        case TaskState::kCompleted:
            return {id, type, {"Completion Time", false, 0, 0}, payload, {"Result", false, 0, 30}};
    }
    return {};
}

std::vector<std::string> task_row(const TaskInfo& task, TaskState state, TimePoint now) {
    const std::string payload = printable_bytes(task.payload);
    switch (state) {
        case TaskState::kActive:
        case TaskState::kPending:
            return {task.id, task.type, std::to_string(task.retried), std::to_string(task.max_retry), payload};
        case TaskState::kAggregating:
            return {task.id, task.type, payload, task.group};
        case TaskState::kScheduled:
            return {task.id, task.type, future_time(task.next_process_at, now), payload};
        case TaskState::kRetry:
            return {task.id,
                    task.type,
                    std::to_string(task.retried),
                    std::to_string(task.max_retry),
                    task.last_error,
                    past_time(task.last_failed_at, now),
                    future_time(task.next_process_at, now),
                    payload};
        case TaskState::kArchived:
            return {task.id,
                    task.type,
                    std::to_string(task.retried),
                    std::to_string(task.max_retry),
                    task.last_error,
                    past_time(task.last_failed_at, now),
                    payload};
        case TaskState::kCompleted:
            return {task.id, task.type, past_time(task.completed_at, now), payload,
                    task.result ? printable_bytes(*task.result) : std::string()};
    }
    return {};
}

void add_pagination(std::vector<Line>& body, int page, int page_size, std::size_t shown, std::int64_t total) {
    if (page_size >= total) return;
    const std::int64_t first = static_cast<std::int64_t>(page - 1) * page_size + 1;
    std::string text = fmt::format("Showing {}-{} of {}", first, first + static_cast<std::int64_t>(shown) - 1, total);
    if (first - 1 + static_cast<std::int64_t>(shown) < total) text += "   n: next page";
    if (page > 1) text += "   p: previous page";
    body.push_back(plain(text, Style::kLabel));
}

void add_group_list(std::vector<Line>& body, const DashState& state, const DashData& data,
                    const RenderContext& context) {
    if (data.groups.empty()) {
        body.push_back(plain("No aggregating tasks in this queue", Style::kLabel));
        return;
    }
    body.push_back(plain("Groups (Enter: show a group's tasks)", Style::kLabel));
    const int page_size = task_page_size(context.height);
    // After a resize the page may start past the end until the next refresh clamps it.
    const auto start = std::min(data.groups.size(), static_cast<std::size_t>((state.page - 1) * page_size));
    const auto end = std::min(data.groups.size(), start + static_cast<std::size_t>(page_size));
    std::vector<std::vector<std::string>> rows;
    for (auto i = start; i < end; ++i) rows.push_back({data.groups[i].group, std::to_string(data.groups[i].size)});
    add_table(body, {{"Group", false, 0, 40}, {"Size", true, 0, 0}}, std::move(rows), state.group_row, context.width);
    add_pagination(body, state.page, page_size, end - start, static_cast<std::int64_t>(data.groups.size()));
}

void queue_details_view(std::vector<Line>& body, const DashState& state, const DashData& data,
                        const RenderContext& context) {
    add_heading(body, "Queue " + state.queue);
    if (!data.queue) {
        body.push_back(plain("This queue no longer exists. Esc: back to the queues.", Style::kLabel));
        return;
    }
    const QueueInfo& queue = *data.queue;
    add_label_values(body, {{"State", queue_state(queue)},
                            {"Size", std::to_string(queue.size)},
                            {"Latency", rounded_duration(queue.latency)},
                            {"Memory", byte_count(queue.memory_usage)}});
    add_label_values(body, {{"Processed/s", rate(data, queue.queue, false)},
                            {"Failed/s", rate(data, queue.queue, true)},
                            {"Processed today", std::to_string(queue.processed)},
                            {"Failed today", std::to_string(queue.failed)},
                            {"Error rate", error_rate(queue.processed, queue.failed)}});
    body.emplace_back();
    add_heading(body, "Tasks");
    add_tabs(body, state, queue);
    if (shows_group_list(state)) {
        add_group_list(body, state, data, context);
        return;
    }
    std::int64_t total = count_in_state(queue, state.task_state);
    if (state.task_state == TaskState::kAggregating) {
        body.push_back(plain("Group " + state.group + " (Esc: back to the groups)", Style::kLabel));
        total = 0;
        for (const auto& group : data.groups) {
            if (group.group == state.group) total = group.size;
        }
    }
    if (data.tasks.empty()) {
        body.push_back(plain(fmt::format("No {} tasks", to_string(state.task_state)), Style::kLabel));
        return;
    }
    std::vector<std::vector<std::string>> rows;
    for (const auto& task : data.tasks) rows.push_back(task_row(task, state.task_state, context.now));
    add_table(body, task_columns(state.task_state), std::move(rows), state.task_row, context.width);
    add_pagination(body, state.page, task_page_size(context.height), data.tasks.size(), total);
}

// The first `width` columns of valid UTF-8 text (or bytes of other text), and the rest.
std::pair<std::string, std::string> split_at_width(const std::string& text, std::size_t width) {
    if (display_width(text) <= width) return {text, ""};
    std::size_t at = 0;
    if (!util::is_valid_utf8(text)) {
        at = width;
    } else {
        for (std::size_t taken = 0; taken < width && at < text.size(); ++taken) {
            do {
                ++at;
            } while (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80);
        }
    }
    return {text.substr(0, at), text.substr(at)};
}

// A long value over several lines (at most kMaxWrappedLines, the last one cut), each beside its label.
void add_field(std::vector<Line>& body, const std::string& label, const std::string& value,
               const RenderContext& context) {
    const auto room = static_cast<std::size_t>(std::max<int>(context.width - static_cast<int>(kDetailLabelWidth), 10));
    std::string rest = value;
    for (int lines = 0; lines == 0 || !rest.empty(); ++lines) {
        std::string piece;
        if (lines + 1 == kMaxWrappedLines) {
            piece = fit_width(rest, room);
            rest.clear();
        } else {
            std::tie(piece, rest) = split_at_width(rest, room);
        }
        body.push_back(Line{Span{pad(lines == 0 ? label : "", kDetailLabelWidth, false), Style::kLabel}, Span{piece}});
    }
}

std::string headers_text(const Headers& headers) {
    std::string text;
    for (const auto& [key, value] : headers) {
        if (!text.empty()) text += ", ";
        text += key + "=" + value;
    }
    return text.empty() ? "-" : text;
}

void task_details_view(std::vector<Line>& body, const DashState& state, const DashData& data,
                       const RenderContext& context) {
    add_heading(body, "Task " + state.task_id);
    if (!data.task) {
        body.push_back(
            plain(fmt::format("Task {} is no longer in queue {}. Esc: back to the tasks.", state.task_id, state.queue),
                  Style::kLabel));
        return;
    }
    const TaskInfo& task = *data.task;
    const auto now = context.now;
    add_field(body, "Queue", task.queue, context);
    add_field(body, "Type", task.type, context);
    add_field(body, "State", std::string(to_string(task.state)) + (task.is_orphaned ? " (orphaned)" : ""), context);
    add_field(body, "Payload", printable_bytes(task.payload), context);
    add_field(body, "Payload size", fmt::format("{} bytes", task.payload.size()), context);
    add_field(body, "Headers", headers_text(task.headers), context);
    add_field(body, "Retried", fmt::format("{} of {}", task.retried, task.max_retry), context);
    add_field(body, "Last error", task.last_error.empty() ? "-" : task.last_error, context);
    add_field(body, "Last failed", past_time(task.last_failed_at, now), context);
    add_field(body, "Next process", future_time(task.next_process_at, now), context);
    add_field(body, "Timeout", task.timeout.count() == 0 ? "-" : util::format_go_duration(task.timeout), context);
    add_field(body, "Deadline", future_time(task.deadline, now), context);
    add_field(body, "Group", task.group.empty() ? "-" : task.group, context);
    add_field(body, "Retention", task.retention.count() == 0 ? "-" : util::format_go_duration(task.retention), context);
    add_field(body, "Completed", past_time(task.completed_at, now), context);
    add_field(body, "Result", task.result ? printable_bytes(*task.result) : "-", context);
}

void servers_view(std::vector<Line>& body, const DashData& data, const RenderContext& context) {
    add_heading(body, "Servers");
    add_server_table(body, data, context);
    body.emplace_back();
    add_heading(body, "Active workers");
    std::vector<std::vector<std::string>> rows;
    for (const auto& server : data.servers) {
        for (const auto& worker : server.active_workers) {
            rows.push_back({fmt::format("{}:{}", server.host, server.pid), worker.queue, worker.task_id,
                            worker.task_type, past_time(worker.started, context.now),
                            future_time(worker.deadline, context.now), printable_bytes(worker.task_payload)});
        }
    }
    if (rows.empty()) {
        body.push_back(plain("No task is being processed", Style::kLabel));
        return;
    }
    add_table(body,
              {{"Server", false, 0, 32},
               {"Queue", false, 0, 24},
               {"Task ID", false, 0, 36},
               {"Type", false, 0, 30},
               {"Started", false, 0, 0},
               {"Deadline", false, 1, 0},
               {"Payload", false, 0, 40}},
              std::move(rows), -1, context.width);
}

void help_view(std::vector<Line>& body) {
    add_heading(body, "Help");
    const std::vector<std::pair<std::string, std::string>> keys = {
        {"Up/Down, k/j", "select a queue, task or group"},
        {"Enter", "open the selected queue, task or group"},
        {"Left/Right, h/l", "previous or next task state (queue view)"},
        {"n / p", "next or previous page of tasks"},
        {"F1 or 1", "queues"},
        {"F2 or 2", "servers and their active workers"},
        {"r, Ctrl+L", "refresh now"},
        {"Esc or q", "go back; quits from the queues"},
        {"Ctrl+C", "quit"},
        {"?", "this help"},
    };
    for (const auto& [key, meaning] : keys) {
        body.push_back(Line{Span{pad(key, 18, false), Style::kLabel}, Span{meaning}});
    }
}

Line footer(const DashState& state, const DashData& data) {
    if (!data.error.empty()) {
        std::string text = "Error: " + data.error;
        if (is_set(data.fetched_at)) text += " (figures from " + clock_time(data.fetched_at) + ")";
        return plain(text, Style::kError);
    }
    switch (state.view) {
        case View::kQueues:
            return plain("<Up/Down> select  <Enter> open queue  <F2> servers  <?> help  <q> quit", Style::kFooter);
        case View::kQueueDetails:
            return plain("<Left/Right> state  <Up/Down> select  <Enter> open  <n/p> page  <Esc> back  <?> help",
                         Style::kFooter);
        case View::kTaskDetails:
            return plain("<Esc> back  <?> help  <Ctrl+C> quit", Style::kFooter);
        case View::kServers:
            return plain("<F1> queues  <Esc> back  <?> help  <Ctrl+C> quit", Style::kFooter);
        case View::kHelp:
            return plain("<Esc> back", Style::kFooter);
    }
    return {};
}

Line title(const DashData& data, const RenderContext& context) {
    std::string text = "asynq dash   " + context.source + "   ";
    text += is_set(data.fetched_at) ? "updated " + clock_time(data.fetched_at) : std::string("connecting...");
    text += "   refresh every " + util::format_go_duration(context.refresh);
    return plain(text, Style::kTitle);
}

// Cuts a line to the screen's width, and runs a coloured last span across the rest of the line.
void fit_line(Line& line, int screen_width) {
    // Text from Redis (an error with a stack trace, say) may hold control characters: curses would act on them
    // (a newline clears the rest of the line) and they take no column.
    for (auto& span : line) {
        for (auto& c : span.text) {
            const auto byte = static_cast<unsigned char>(c);
            if (c == '\n' || c == '\r' || c == '\t') {
                c = ' ';
            } else if (byte < 0x20 || byte == 0x7F) {
                c = '?';
            }
        }
    }
    const auto width = static_cast<std::size_t>(std::max(screen_width, 0));
    std::size_t used = 0;
    Line fitted;
    for (auto& span : line) {
        if (used >= width) break;
        const std::size_t span_width = display_width(span.text);
        if (used + span_width > width) {
            span.text = fit_width(span.text, width - used);
            fitted.push_back(std::move(span));
            used = width;
            break;
        }
        used += span_width;
        fitted.push_back(std::move(span));
    }
    if (!fitted.empty() && used < width) {
        const Style last = fitted.back().style;
        if (last == Style::kSelected || last == Style::kTitle || last == Style::kFooter || last == Style::kError) {
            fitted.back().text.append(width - used, ' ');
        }
    }
    line = std::move(fitted);
}

}  // namespace

int task_page_size(int height) {
    // Lines the queue details view uses besides the rows: title, headings, summary, tabs, table header,
    // pagination and footer.
    constexpr int kFixedLines = 15;
    return std::max(height - kFixedLines, 1);
}

Frame render(const DashState& state, const DashData& data, const RenderContext& context) {
    Frame frame;
    frame.body.push_back(title(data, context));
    frame.body.emplace_back();
    switch (state.view) {
        case View::kQueues:
            queues_view(frame.body, state, data, context);
            break;
        case View::kQueueDetails:
            queue_details_view(frame.body, state, data, context);
            break;
        case View::kTaskDetails:
            task_details_view(frame.body, state, data, context);
            break;
        case View::kServers:
            servers_view(frame.body, data, context);
            break;
        case View::kHelp:
            help_view(frame.body);
            break;
    }
    frame.footer = footer(state, data);
    for (auto& line : frame.body) fit_line(line, context.width);
    fit_line(frame.footer, context.width);
    return frame;
}

std::string frame_text(const Frame& frame) {
    std::string text;
    const auto add = [&](const Line& line) {
        std::string row;
        for (const auto& span : line) row += span.text;
        while (!row.empty() && row.back() == ' ') row.pop_back();
        text += row + '\n';
    };
    for (const auto& line : frame.body) add(line);
    add(frame.footer);
    return text;
}

}  // namespace asynq::cli::dash
