#pragma once

#include <chrono>
#include <cstddef>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

// Runs one shell command as a child process for `asynq worker`: feeds it stdin, collects stdout and the end of
// stderr, and stops it (SIGTERM, then SIGKILL) when asked.
namespace asynq::cli {

/// What to run and how much of its output to keep.
struct CommandSpec {
    std::string command;                         ///< Run as `/bin/sh -c command`.
    std::vector<std::string> environment;        ///< The child's whole environment, one "NAME=value" each.
    std::string_view input;                      ///< Written to the child's stdin (binary safe), which is then closed.
    std::size_t stdout_limit = 1 << 20;          ///< Bytes of stdout kept; the rest is read and dropped.
    std::size_t stderr_limit = 2048;             ///< Bytes kept from the end of stderr.
    std::chrono::milliseconds kill_grace{5000};  ///< After SIGTERM, how long before SIGKILL; 0 = at once.
};

/// How the command ended and what it wrote.
struct CommandOutcome {
    enum class Ending { kExited, kKilledBySignal };
    Ending ending = Ending::kExited;
    int status = 0;  ///< The exit status (kExited) or the signal number (kKilledBySignal).

    std::string out;              ///< The first stdout_limit bytes of stdout.
    std::size_t out_dropped = 0;  ///< stdout bytes read beyond the limit and dropped.
    std::string err_tail;         ///< The last stderr_limit bytes of stderr.
    std::size_t err_dropped = 0;  ///< stderr bytes before err_tail that were dropped.
    bool stopped = false;         ///< The stop token fired and the command's process group was signalled.

    bool succeeded() const noexcept { return ending == Ending::kExited && status == 0; }
};

/// Runs spec.command to its end and reaps it; returns once it has exited.
///
/// The child runs in a process group of its own (so that a signal reaches whatever `sh -c` started), with an
/// empty signal mask and every signal at its default disposition (the caller's blocked SIGTERM and ignored
/// SIGPIPE are not inherited; glibc keeps its two internal signals, 32 and 33, ignored, as in any posix_spawn),
/// and with no file descriptors beyond 0, 1 and 2. stdin, stdout and stderr are
/// serviced together with poll(), so a child that never reads its input or writes a lot cannot deadlock us.
///
/// The command is over when its process (the shell, or what it exec'd) exits: output already written is
/// collected, and background processes it left behind are neither waited for nor killed.
///
/// When `stop` fires, the process group gets SIGTERM; once the child has exited and closed its output, or after
/// kill_grace, whichever is first, the group gets SIGKILL (sweeping up what is left) and the child is reaped.
///
/// Thread-safe: calls on many threads at once each own their pipes and child (all our descriptors are
/// close-on-exec). The process must ignore SIGPIPE, or writing to a child that exited without reading its input
/// kills it. Throws Error(kInternal) if the child cannot be started.
CommandOutcome run_command(const CommandSpec& spec, std::stop_token stop);

}  // namespace asynq::cli
