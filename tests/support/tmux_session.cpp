#include "support/tmux_session.h"

#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <stdexcept>
#include <thread>

namespace asynq::testing {

namespace {

// Runs a shell command and returns what it printed on stdout; `status` gets its exit status.
std::string run_shell(const std::string& command, int* status) {
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) throw std::runtime_error("popen failed for: " + command);
    std::string out;
    char buffer[4096];
    while (const size_t n = ::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
    const int raw = ::pclose(pipe);
    const int exit_status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    if (status != nullptr) *status = exit_status;
    return out;
}

std::string trim_trailing_spaces(const std::string& screen) {
    std::string out;
    std::string line;
    for (const char c : screen) {
        if (c == '\n') {
            while (!line.empty() && line.back() == ' ') line.pop_back();
            out += line + '\n';
            line.clear();
        } else {
            line += c;
        }
    }
    return out + line;
}

}  // namespace

std::string shell_quote(const std::string& text) {
    std::string quoted = "'";
    for (const char c : text) {
        if (c == '\'') {
            quoted += "'\\''";
        } else {
            quoted += c;
        }
    }
    return quoted + "'";
}

TmuxSession::TmuxSession(const std::string& command, int width, int height) {
    static std::atomic<int> sessions{0};
    socket_ = "asynq-test-" + std::to_string(::getpid()) + "-" + std::to_string(sessions++);
    int status = 0;
    const std::string output =
        tmux("new-session -d -s test -x " + std::to_string(width) + " -y " + std::to_string(height) + " " +
                 shell_quote("exec env LANG=C.UTF-8 LC_ALL=C.UTF-8 " + command) +
                 // In the same tmux command, so before the program can exit: keep its pane once it has, so that
                 // running() can tell it is gone and its last screen stays readable.
                 " \\; set-option -t test remain-on-exit on 2>&1",
             &status);
    if (status != 0) throw std::runtime_error("tmux new-session failed (is tmux installed?): " + output);
}

TmuxSession::~TmuxSession() { tmux("kill-server 2>/dev/null"); }

std::string TmuxSession::tmux(const std::string& arguments, int* status) {
    return run_shell("tmux -f /dev/null -L " + socket_ + " " + arguments, status);
}

void TmuxSession::send_keys(const std::vector<std::string>& keys) {
    std::string arguments = "send-keys -t test";
    for (const auto& key : keys) arguments += " " + shell_quote(key);
    tmux(arguments);
}

std::string TmuxSession::screen() { return trim_trailing_spaces(tmux("capture-pane -p -t test")); }

std::string TmuxSession::wait_for(const std::function<bool(const std::string&)>& ready,
                                  std::chrono::milliseconds deadline) {
    const auto until = std::chrono::steady_clock::now() + deadline;
    std::string last = screen();
    while (!ready(last) && std::chrono::steady_clock::now() < until) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        last = screen();
    }
    return last;
}

std::string TmuxSession::wait_for_text(const std::string& text, std::chrono::milliseconds deadline) {
    return wait_for([&](const std::string& screen) { return screen.find(text) != std::string::npos; }, deadline);
}

bool TmuxSession::running() { return tmux("display-message -p -t test '#{pane_dead}'") == "0\n"; }

}  // namespace asynq::testing
