#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

// Drives a full-screen terminal program the way a user would: in a detached tmux session of a fixed size, with
// keys sent by `tmux send-keys` and the screen read back by `tmux capture-pane`.
namespace asynq::testing {

class TmuxSession {
public:
    /// Starts `command` (run by /bin/sh) in a new session on a tmux server of its own (a private socket, no
    /// user configuration), `width` x `height` cells, with a UTF-8 locale. Throws std::runtime_error when tmux
    /// cannot start it.
    TmuxSession(const std::string& command, int width, int height);
    /// Kills the session's tmux server, and the program with it.
    ~TmuxSession();
    TmuxSession(const TmuxSession&) = delete;
    TmuxSession& operator=(const TmuxSession&) = delete;

    /// Sends keys in tmux's names (`Down`, `Enter`, `Escape`, `C-c`, `F2`, or plain text such as `q`).
    void send_keys(const std::vector<std::string>& keys);
    /// The visible screen as text, one line per row, trailing spaces removed.
    std::string screen();
    /// Polls the screen until `ready(screen)` holds or the deadline passes; returns the last screen seen.
    std::string wait_for(const std::function<bool(const std::string&)>& ready,
                         std::chrono::milliseconds deadline = std::chrono::seconds(30));
    /// Shorthand: waits until the screen contains `text`.
    std::string wait_for_text(const std::string& text, std::chrono::milliseconds deadline = std::chrono::seconds(30));
    /// True while the program runs (its pane is still open).
    bool running();

private:
    std::string tmux(const std::string& arguments, int* status = nullptr);

    std::string socket_;
};

/// Single-quotes `text` for /bin/sh.
std::string shell_quote(const std::string& text);

}  // namespace asynq::testing
