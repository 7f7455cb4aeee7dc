#pragma once

#include <chrono>
#include <optional>

#include "cli/dash/dash_model.h"
#include "cli/dash/dash_render.h"

struct screen;  // ncurses' SCREEN

namespace asynq::cli::dash {

/// The terminal under ncurses for as long as the object lives: full screen, no echo, keys read one at a time
/// (Ctrl+C included, as a key), no cursor. The destructor gives the terminal back as it was.
class Terminal {
public:
    /// Throws Error(kInvalidArgument) when stdin or stdout is not a terminal or TERM names no known terminal.
    Terminal();
    ~Terminal();
    Terminal(const Terminal&) = delete;
    Terminal& operator=(const Terminal&) = delete;

    int width() const;
    int height() const;
    /// True when the locale's character set is UTF-8, so bars can use U+2587.
    bool unicode() const noexcept { return unicode_; }

    /// Replaces the screen's content with the frame.
    void draw(const Frame& frame);

    /// Waits up to `wait` for a key. Unset when none came; Key::kOther for keys the dashboard ignores, and
    /// Key::kRefresh for a resized window (its page size changed).
    std::optional<Key> read_key(std::chrono::milliseconds wait);

private:
    screen* screen_ = nullptr;
    bool unicode_ = false;
};

}  // namespace asynq::cli::dash
