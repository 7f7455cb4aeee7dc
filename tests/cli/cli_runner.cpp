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
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <thread>

#include "support/eventually.h"

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
    // HOME points nowhere unless the test sets it, so a developer's ~/.asynq.yaml cannot change what a test sees.
    std::map<std::string, std::string> overrides{{"HOME", "/nonexistent/asynq-test-home"}};
    for (const auto& [key, value] : extra) overrides.insert_or_assign(key, value);
    std::vector<std::string> env;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        const std::string_view variable(*entry);
        const std::string name(variable.substr(0, variable.find('=')));
        if (!name.starts_with("ASYNQ_") && !overrides.contains(name)) env.emplace_back(variable);
    }
    for (const auto& [key, value] : overrides) env.push_back(key + "=" + value);
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

CliResult run_cli(const CliRun& run) { return CliProcess(run).wait(); }

// The parent's ends of the three pipes and what came out of them; the pump thread owns the descriptors.
struct CliProcess::Io {
    Pipe in, out, err;
    std::string pending_input;  // pump thread only
    std::size_t input_written = 0;

    mutable std::mutex mu;
    std::string out_text;  // guarded by mu
    std::string err_text;  // guarded by mu
};

CliProcess::CliProcess(const CliRun& run) : io_(std::make_unique<Io>()) {
    // Writing to a child that already exited must fail with EPIPE, not kill the test binary.
    ::signal(SIGPIPE, SIG_IGN);

    Io& io = *io_;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (run.input) {
        posix_spawn_file_actions_adddup2(&actions, io.in.read_end, STDIN_FILENO);
    } else {
        // Never let the CLI read the test's terminal.
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    }
    posix_spawn_file_actions_adddup2(&actions, io.out.write_end, STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, io.err.write_end, STDERR_FILENO);

    std::vector<std::string> argv_strings{ASYNQ_CLI_PATH};
    argv_strings.insert(argv_strings.end(), run.args.begin(), run.args.end());
    std::vector<std::string> env_strings = child_environment(run.env);
    std::vector<char*> argv = c_strings(argv_strings);
    std::vector<char*> envp = c_strings(env_strings);

    const int spawn_error = ::posix_spawn(&pid_, ASYNQ_CLI_PATH, &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (spawn_error != 0) {
        errno = spawn_error;
        throw_errno(std::string("spawn ") + ASYNQ_CLI_PATH);
    }
    // Our copies of the child's ends must go, or we would never see end-of-file.
    io.in.close_read();
    io.out.close_write();
    io.err.close_write();
    if (run.input) io.pending_input = *run.input;
    if (io.pending_input.empty()) io.in.close_write();
    for (int fd : {io.in.write_end, io.out.read_end, io.err.read_end}) {
        // Non-blocking: a large input must never block us while the child waits for us to drain its stdout,
        // and the final drain after the child exited must not wait for end-of-file.
        if (fd >= 0 && ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK) != 0) throw_errno("fcntl");
    }
    pump_ = std::jthread([this](std::stop_token stop) { pump(stop); });
}

CliProcess::~CliProcess() {
    if (!wait_status_) {
        ::kill(pid_, SIGKILL);
        int status = 0;
        while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
        }
    }
    pump_.request_stop();
}

void CliProcess::send_signal(int signal) {
    if (wait_status_) throw std::runtime_error("CliProcess: signal after the CLI was reaped");
    if (::kill(pid_, signal) != 0) throw_errno("kill");
}

std::string CliProcess::err() const {
    std::lock_guard lock(io_->mu);
    return io_->err_text;
}

// Services the pipes until both outputs reach end-of-file, or until asked to stop (the child was reaped): then
// it takes what is still buffered and returns, without waiting for processes the CLI may have left behind.
void CliProcess::pump(std::stop_token stop) {
    Io& io = *io_;
    auto read_some = [&io](Pipe& pipe, std::string& text) {
        char buffer[4096];
        const ssize_t n = ::read(pipe.read_end, buffer, sizeof buffer);
        if (n > 0) {
            std::lock_guard lock(io.mu);
            text.append(buffer, static_cast<std::size_t>(n));
            return true;
        }
        if (n == 0 || (errno != EAGAIN && errno != EINTR)) pipe.close_read();
        return false;
    };
    while (io.out.read_end >= 0 || io.err.read_end >= 0) {
        if (stop.stop_requested()) {
            while (io.out.read_end >= 0 && read_some(io.out, io.out_text)) {
            }
            while (io.err.read_end >= 0 && read_some(io.err, io.err_text)) {
            }
            break;
        }
        std::vector<pollfd> fds;
        if (io.in.write_end >= 0) fds.push_back({io.in.write_end, POLLOUT, 0});
        if (io.out.read_end >= 0) fds.push_back({io.out.read_end, POLLIN, 0});
        if (io.err.read_end >= 0) fds.push_back({io.err.read_end, POLLIN, 0});
        // A short timeout so that a stop request is seen; data wakes us at once.
        if (::poll(fds.data(), fds.size(), 20) < 0) continue;  // EINTR
        for (const pollfd& p : fds) {
            if (p.revents == 0) continue;
            if (p.fd == io.in.write_end) {
                const std::string_view rest = std::string_view(io.pending_input).substr(io.input_written);
                const ssize_t n = ::write(io.in.write_end, rest.data(), rest.size());
                if (n < 0 && errno != EINTR && errno != EAGAIN) {
                    io.in.close_write();  // EPIPE: the child stopped reading; it owns what happens next
                } else if (n > 0) {
                    io.input_written += static_cast<std::size_t>(n);
                    if (io.input_written == io.pending_input.size()) io.in.close_write();
                }
            } else if (p.fd == io.out.read_end) {
                read_some(io.out, io.out_text);
            } else if (p.fd == io.err.read_end) {
                read_some(io.err, io.err_text);
            }
        }
    }
    io.in.close_write();
}

void CliProcess::reap(int options) {
    int status = 0;
    pid_t reaped = -1;
    while ((reaped = ::waitpid(pid_, &status, options)) < 0) {
        if (errno != EINTR) throw_errno("waitpid");
    }
    if (reaped == pid_) wait_status_ = status;
}

CliResult CliProcess::wait(std::chrono::seconds deadline) {
    const bool exited = eventually(
        [this] {
            if (!wait_status_) reap(WNOHANG);
            return wait_status_.has_value();
        },
        deadline);
    if (!exited) {
        ::kill(pid_, SIGKILL);
        reap(0);
        throw std::runtime_error("CliProcess: the CLI did not finish within " + std::to_string(deadline.count()) +
                                 " s; stderr so far: " + err());
    }
    // Everything the CLI wrote is in the pipes now; the pump collects it and returns.
    pump_.request_stop();
    pump_.join();

    CliResult result;
    result.exit_status = WIFEXITED(*wait_status_) ? WEXITSTATUS(*wait_status_) : 128 + WTERMSIG(*wait_status_);
    std::lock_guard lock(io_->mu);
    result.out = io_->out_text;
    result.err = io_->err_text;
    return result;
}

}  // namespace asynq::testing
