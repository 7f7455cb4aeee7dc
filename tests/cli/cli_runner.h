#pragma once

#include <map>
#include <optional>
#include <string>
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
    /// Added to the environment. ASYNQ_* variables of the test's own environment are always removed, so that a
    /// developer's settings cannot change what a test sees.
    std::map<std::string, std::string> env;
};

/// Runs the CLI built by CMake (ASYNQ_CLI_PATH) and waits for it. stdin, stdout and stderr are serviced together
/// with poll(), so a child that fills one pipe while we write another cannot deadlock. A child still running
/// after a generous deadline (60 s, only reached by a hung CLI) is killed and the call throws.
CliResult run_cli(const CliRun& run);

/// Shorthand for a run with only arguments.
CliResult run_cli(std::vector<std::string> args);

}  // namespace asynq::testing
