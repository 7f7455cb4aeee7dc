#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace asynq::testing {

/// What one run of the `asynq` binary produced.
struct CliResult {
    int exit_status = -1;  ///< The exit code; 128 + signal number if a signal killed it.
    std::string out;       ///< Everything written to stdout.
    std::string err;       ///< Everything written to stderr.

    /// stderr split into lines (without the newlines), for "exactly one line" checks.
    std::vector<std::string> err_lines() const;
};

struct CliRun {
    std::vector<std::string> args;     ///< Arguments after the program name.
    std::optional<std::string> input;  ///< Written to stdin, then closed; unset = stdin is /dev/null.
    /// Added to the environment, replacing the test's own values. ASYNQ_* variables of the test's own environment
    /// are always removed and HOME is a directory that does not exist unless set here, so that a developer's
    /// settings (and ~/.asynq.yaml) cannot change what a test sees.
    std::map<std::string, std::string> env;
};

/// The CLI built by CMake (ASYNQ_CLI_PATH) running in the background, for commands that run until signalled
/// (`asynq worker`). A thread services stdin, stdout and stderr with poll() while it runs, so a test can watch
/// stderr, send a signal, then wait. The destructor kills (SIGKILL) and reaps a process nobody waited for.
class CliProcess {
public:
    explicit CliProcess(const CliRun& run);
    ~CliProcess();
    CliProcess(const CliProcess&) = delete;
    CliProcess& operator=(const CliProcess&) = delete;

    pid_t pid() const noexcept { return pid_; }
    /// Sends a signal to the CLI (not to the processes it started).
    void send_signal(int signal);
    /// What it wrote to stderr so far; safe while it runs.
    std::string err() const;

    /// Waits until the CLI exits and returns everything it wrote. After `deadline` (generous: only a hung CLI
    /// reaches it) the CLI is killed and this throws with its stderr.
    CliResult wait(std::chrono::seconds deadline = std::chrono::seconds(60));

private:
    struct Io;
    void pump(std::stop_token stop);
    void reap(int options);

    pid_t pid_ = -1;
    std::optional<int> wait_status_;  // set once reaped
    std::unique_ptr<Io> io_;
    std::jthread pump_;  // last: stopped and joined before io_ goes
};

/// Runs the CLI built by CMake (ASYNQ_CLI_PATH) and waits for it. stdin, stdout and stderr are serviced together
/// with poll(), so a child that fills one pipe while we write another cannot deadlock. A child still running
/// after a generous deadline (60 s, only reached by a hung CLI) is killed and the call throws.
CliResult run_cli(const CliRun& run);

/// Shorthand for a run with only arguments.
CliResult run_cli(std::vector<std::string> args);

}  // namespace asynq::testing
