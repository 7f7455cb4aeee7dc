#include "cli_runner.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace asynq::testing {
namespace {

[[noreturn]] void throw_errno(const std::string& what) {
    throw std::runtime_error("run_cli: " + what + ": " + std::strerror(errno));
}

// A pipe whose ends close themselves; both ends are O_CLOEXEC so no other child inherits them.
struct Pipe {
    int read_end = -1;
    int write_end = -1;
    Pipe() {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0) throw_errno("pipe2");
        read_end = fds[0];
        write_end = fds[1];
    }
    ~Pipe() {
        close_read();
        close_write();
    }
    Pipe(const Pipe&) = delete;
    Pipe& operator=(const Pipe&) = delete;
    void close_read() {
        if (read_end >= 0) ::close(read_end);
        read_end = -1;
    }
    void close_write() {
        if (write_end >= 0) ::close(write_end);
        write_end = -1;
    }
};

std::vector<std::string> child_environment(const std::map<std::string, std::string>& extra) {
    std::vector<std::string> env;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        if (std::strncmp(*entry, "ASYNQ_", 6) != 0) env.emplace_back(*entry);
    }
    for (const auto& [key, value] : extra) env.push_back(key + "=" + value);
    return env;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
    std::vector<char*> pointers;
    for (std::string& s : strings) pointers.push_back(s.data());
    pointers.push_back(nullptr);
    return pointers;
}

}  // namespace

std::vector<std::string> CliResult::err_lines() const {
    std::vector<std::string> lines;
    std::istringstream in(err);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

CliResult run_cli(std::vector<std::string> args) {
    CliRun run;
    run.args = std::move(args);
    return run_cli(run);
}

CliResult run_cli(const CliRun& run) {
    // Writing to a child that already exited must fail with EPIPE, not kill the test binary.
    ::signal(SIGPIPE, SIG_IGN);

    Pipe in, out, err;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (run.input) {
        posix_spawn_file_actions_adddup2(&actions, in.read_end, STDIN_FILENO);
    } else {
        // Never let the CLI read the test's terminal.
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    }
    posix_spawn_file_actions_adddup2(&actions, out.write_end, STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, err.write_end, STDERR_FILENO);

    std::vector<std::string> argv_strings{ASYNQ_CLI_PATH};
    argv_strings.insert(argv_strings.end(), run.args.begin(), run.args.end());
    std::vector<std::string> env_strings = child_environment(run.env);
    std::vector<char*> argv = c_strings(argv_strings);
    std::vector<char*> envp = c_strings(env_strings);

    pid_t pid = -1;
    const int spawn_error = ::posix_spawn(&pid, ASYNQ_CLI_PATH, &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (spawn_error != 0) {
        errno = spawn_error;
        throw_errno(std::string("spawn ") + ASYNQ_CLI_PATH);
    }
    // Our copies of the child's ends must go, or we would never see end-of-file.
    in.close_read();
    out.close_write();
    err.close_write();
    if (!run.input) in.close_write();

    CliResult result;
    std::string_view pending_input = run.input ? std::string_view(*run.input) : std::string_view{};
    if (run.input && pending_input.empty()) in.close_write();
    // Non-blocking, so that a large input never blocks us while the child waits for us to drain its stdout.
    if (in.write_end >= 0 && ::fcntl(in.write_end, F_SETFL, ::fcntl(in.write_end, F_GETFL) | O_NONBLOCK) != 0) {
        throw_errno("fcntl");
    }

    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (out.read_end >= 0 || err.read_end >= 0) {
        std::vector<pollfd> fds;
        if (in.write_end >= 0) fds.push_back({in.write_end, POLLOUT, 0});
        if (out.read_end >= 0) fds.push_back({out.read_end, POLLIN, 0});
        if (err.read_end >= 0) fds.push_back({err.read_end, POLLIN, 0});
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, nullptr, 0);
            throw std::runtime_error("run_cli: the CLI did not finish within 60 s; stderr so far: " + result.err);
        }
        const int ready = ::poll(fds.data(), fds.size(), static_cast<int>(left.count()));
        if (ready < 0) {
            if (errno == EINTR) continue;
            throw_errno("poll");
        }
        for (const pollfd& p : fds) {
            if (p.revents == 0) continue;
            if (p.fd == in.write_end) {
                const ssize_t n = ::write(in.write_end, pending_input.data(), pending_input.size());
                if (n < 0 && errno != EINTR && errno != EAGAIN) {
                    in.close_write();  // EPIPE: the child stopped reading; it owns what happens next
                } else if (n > 0) {
                    pending_input.remove_prefix(static_cast<std::size_t>(n));
                    if (pending_input.empty()) in.close_write();
                }
                continue;
            }
            char buffer[4096];
            const ssize_t n = ::read(p.fd, buffer, sizeof buffer);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                (p.fd == out.read_end ? out : err).close_read();
                continue;
            }
            (p.fd == out.read_end ? result.out : result.err).append(buffer, static_cast<std::size_t>(n));
        }
    }
    in.close_write();

    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) throw_errno("waitpid");
    }
    result.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

}  // namespace asynq::testing
