#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "cli/dash/dash_model.h"

// Draws the dashboard as lines of styled text, without a terminal: the terminal layer only copies them to the
// screen, and tests read them as plain text.
namespace asynq::cli::dash {

enum class Style {
    kNormal,
    kTitle,     ///< The title bar.
    kHeading,   ///< `=== Queues ===` and table headers.
    kLabel,     ///< Field names and hints, dimmed.
    kSelected,  ///< The highlighted row or tab.
    kFooter,    ///< The key help on the last line.
    kError,     ///< The footer when the last refresh failed.
    // One colour per task state, for the queue size bars.
    kActive,
    kPending,
    kAggregating,
    kScheduled,
    kRetry,
    kArchived,
    kCompleted,
};

struct Span {
    std::string text;
    Style style = Style::kNormal;
};

/// One screen line; spans follow each other without gaps.
using Line = std::vector<Span>;

/// A whole screen: `body` from the top (lines past the screen's height are not shown) and `footer` on the last
/// line. Lines are never wider than the screen, and a line whose last span is kSelected, kTitle, kFooter or
/// kError is padded to the full width so that its colour runs across the screen.
struct Frame {
    std::vector<Line> body;
    Line footer;
};

struct RenderContext {
    int width = 80;
    int height = 24;
    std::chrono::system_clock::time_point now{};
    std::string source;                   ///< Which Redis, for the title bar.
    std::chrono::milliseconds refresh{};  ///< The refresh interval, for the title bar.
    bool unicode = true;                  ///< Draw bars with U+2587; false draws `#` (non-UTF-8 terminals).
};

/// How many tasks (or groups) one page of the queue details view holds on a screen `height` lines high.
int task_page_size(int height);

Frame render(const DashState& state, const DashData& data, const RenderContext& context);

/// The frame as plain text (one line per screen line, body then footer), for tests and logs.
std::string frame_text(const Frame& frame);

}  // namespace asynq::cli::dash
