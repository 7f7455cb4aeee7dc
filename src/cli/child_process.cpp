#include "cli/child_process.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <system_error>
#include <utility>
#include <vector>

#include "asynq/errors.h"

namespace asynq::cli {
namespace {

using Clock = std::chrono::steady_clock;

// Without a pidfd (kernels before 5.3) we cannot poll for the child's exit and look every this often instead.
constexpr int kExitCheckMilliseconds = 50;
constexpr std::size_t kChunk = 64 * 1024;  // a Linux pipe's default capacity

[[noreturn]] void fail(std::string_view what, int error) {
    throw Error(ErrorCode::kInternal, fmt::format("run command: {}: {}", what, std::system_category().message(error)));
}

class FileDescriptor {
public:
    FileDescriptor() = default;
    explicit FileDescriptor(int fd) noexcept : fd_(fd) {}
    ~FileDescriptor() { reset(); }
    FileDescriptor(FileDescriptor&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    FileDescriptor& operator=(FileDescriptor&& other) noexcept {
        if (this != &other) {
            reset();
            fd_ = std::exchange(other.fd_, -1);
        }
        return *this;
    }

    int get() const noexcept { return fd_; }
    bool is_open() const noexcept { return fd_ >= 0; }
    void reset() noexcept {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

private:
    int fd_ = -1;
};

struct Pipe {
    FileDescriptor read_end;
    FileDescriptor write_end;
};

// Close-on-exec from the start (pipe2, not pipe + fcntl): another worker thread may be spawning its own child at
// this moment, and a child holding a copy of our write end would keep us from ever seeing end-of-file.
Pipe make_pipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) fail("pipe2", errno);
    return {FileDescriptor(fds[0]), FileDescriptor(fds[1])};
}

void set_non_blocking(const FileDescriptor& fd) {
    const int flags = ::fcntl(fd.get(), F_GETFL);
    if (flags < 0 || ::fcntl(fd.get(), F_SETFL, flags | O_NONBLOCK) != 0) fail("fcntl", errno);
}

// posix_spawn's attribute and file-action objects, destroyed on every path.
struct SpawnSetup {
    SpawnSetup() {
        ::posix_spawn_file_actions_init(&actions);
        ::posix_spawnattr_init(&attributes);
    }
    ~SpawnSetup() {
        ::posix_spawn_file_actions_destroy(&actions);
        ::posix_spawnattr_destroy(&attributes);
    }
    SpawnSetup(const SpawnSetup&) = delete;
    SpawnSetup& operator=(const SpawnSetup&) = delete;

    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
};

void check_spawn_setup(int error) {
    if (error != 0) fail("prepare spawn", error);
}

pid_t spawn_shell(const CommandSpec& spec, int stdin_fd, int stdout_fd, int stderr_fd) {
    SpawnSetup setup;
    check_spawn_setup(::posix_spawn_file_actions_adddup2(&setup.actions, stdin_fd, STDIN_FILENO));
    check_spawn_setup(::posix_spawn_file_actions_adddup2(&setup.actions, stdout_fd, STDOUT_FILENO));
    check_spawn_setup(::posix_spawn_file_actions_adddup2(&setup.actions, stderr_fd, STDERR_FILENO));
    // Descriptors that libraries opened without O_CLOEXEC (hiredis's sockets) must not live on in the child.
    check_spawn_setup(::posix_spawn_file_actions_addclosefrom_np(&setup.actions, STDERR_FILENO + 1));

    // Server::run blocks SIGTERM and SIGINT in every thread and the worker ignores SIGPIPE; a child inheriting
    // that could not be stopped with SIGTERM and would not die writing to a closed pipe.
    sigset_t no_signals;
    sigemptyset(&no_signals);
    sigset_t all_signals;
    sigfillset(&all_signals);
    check_spawn_setup(::posix_spawnattr_setsigmask(&setup.attributes, &no_signals));
    check_spawn_setup(::posix_spawnattr_setsigdefault(&setup.attributes, &all_signals));
    // Group id 0: a new group led by the child, so kill(-pid) reaches everything `sh -c` starts.
    check_spawn_setup(::posix_spawnattr_setpgroup(&setup.attributes, 0));
    check_spawn_setup(::posix_spawnattr_setflags(
        &setup.attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF));

    std::string shell = "sh";
    std::string dash_c = "-c";
    std::string command = spec.command;
    std::vector<char*> argv{shell.data(), dash_c.data(), command.data(), nullptr};
    std::vector<char*> envp;
    envp.reserve(spec.environment.size() + 1);
    for (const std::string& entry : spec.environment) envp.push_back(const_cast<char*>(entry.c_str()));
    envp.push_back(nullptr);

    pid_t pid = -1;
    const int error = ::posix_spawn(&pid, "/bin/sh", &setup.actions, &setup.attributes, argv.data(), envp.data());
    if (error != 0) fail("spawn /bin/sh", error);
    return pid;
}

// The spawned child until it is reaped. If anything throws before then, the destructor kills the whole group
// and reaps the child, so no error path leaves a process or a zombie behind.
class Child {
public:
    explicit Child(pid_t pid) : pid_(pid) {
#ifdef SYS_pidfd_open
        // Readable once the child exits, so poll() wakes for it; close-on-exec by definition.
        exit_fd_ = FileDescriptor(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
#endif
    }
    ~Child() {
        if (reaped_) return;
        signal_group(SIGKILL);
        reap();
    }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    // Only while the child is not reaped: until then it (even as a zombie) keeps its pid, and so the group id,
    // from being reused, and the signal cannot reach an unrelated process group.
    void signal_group(int signal) noexcept {
        if (!reaped_) ::kill(-pid_, signal);
    }

    // Whether the child has exited, without reaping it (WNOWAIT).
    bool has_exited() {
        if (exited_) return true;
        siginfo_t info{};
        while (::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) != 0) {
            if (errno != EINTR) fail("waitid", errno);
        }
        exited_ = info.si_pid != 0;
        return exited_;
    }

    // Waits for the child to exit and returns its wait status.
    int reap() noexcept {
        int status = 0;
        while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
        }
        reaped_ = true;
        return status;
    }

    // -1 if the kernel has no pidfd.
    int exit_fd() const noexcept { return exit_fd_.get(); }

private:
    const pid_t pid_;
    FileDescriptor exit_fd_;
    bool exited_ = false;
    bool reaped_ = false;
};

// Keeps the first `limit` bytes, counting the rest.
void keep_head(CommandOutcome& outcome, std::size_t limit, std::string_view data) {
    const std::size_t room = limit - std::min(limit, outcome.out.size());
    const std::size_t kept = std::min(room, data.size());
    outcome.out.append(data.substr(0, kept));
    outcome.out_dropped += data.size() - kept;
}

// Drops all but the last `limit` bytes of stderr, counting what went.
void trim_tail(CommandOutcome& outcome, std::size_t limit) {
    if (outcome.err_tail.size() <= limit) return;
    const std::size_t excess = outcome.err_tail.size() - limit;
    outcome.err_tail.erase(0, excess);
    outcome.err_dropped += excess;
}

// Appends to the kept end of stderr. Trims only when twice the limit has piled up, so a chatty command costs
// amortised constant work per byte; finish() trims to the limit.
void keep_tail(CommandOutcome& outcome, std::size_t limit, std::string_view data) {
    outcome.err_tail.append(data);
    if (outcome.err_tail.size() > 2 * limit + kChunk) trim_tail(outcome, limit);
}

enum class Stream { kOut, kErr };

class OutputReader {
public:
    OutputReader(const CommandSpec& spec, CommandOutcome& outcome) : spec_(spec), outcome_(outcome) {}

    // One read; closes fd at end-of-file or on an error.
    void read_once(FileDescriptor& fd, Stream stream) {
        const ssize_t n = ::read(fd.get(), buffer_.data(), buffer_.size());
        if (n > 0) {
            store(stream, std::string_view(buffer_.data(), static_cast<std::size_t>(n)));
        } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
            fd.reset();
        }
    }

    // Reads what is in the pipe now and closes it, without waiting for end-of-file: a background process the
    // command left behind may hold the pipe open, or keep writing, forever.
    void drain_and_close(FileDescriptor& fd, Stream stream) {
        if (!fd.is_open()) return;
        int available = 0;
        if (::ioctl(fd.get(), FIONREAD, &available) == 0) {
            while (available > 0) {
                const auto want = std::min(buffer_.size(), static_cast<std::size_t>(available));
                const ssize_t n = ::read(fd.get(), buffer_.data(), want);
                if (n <= 0) break;
                store(stream, std::string_view(buffer_.data(), static_cast<std::size_t>(n)));
                available -= static_cast<int>(n);
            }
        }
        fd.reset();
    }

    void finish() { trim_tail(outcome_, spec_.stderr_limit); }

private:
    void store(Stream stream, std::string_view data) {
        if (stream == Stream::kOut) {
            keep_head(outcome_, spec_.stdout_limit, data);
        } else {
            keep_tail(outcome_, spec_.stderr_limit, data);
        }
    }

    const CommandSpec& spec_;
    CommandOutcome& outcome_;
    std::string buffer_ = std::string(kChunk, '\0');
};

// Writes as much of pending as the pipe takes now; closes fd when all is written or the child stopped reading.
void write_some(FileDescriptor& fd, std::string_view& pending) {
    const ssize_t n = ::write(fd.get(), pending.data(), std::min(pending.size(), kChunk));
    if (n > 0) {
        pending.remove_prefix(static_cast<std::size_t>(n));
        if (pending.empty()) fd.reset();
    } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
        fd.reset();  // EPIPE: the command closed its stdin or exited; what it read is its business
    }
}

int milliseconds_until(Clock::time_point when) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(when - Clock::now()).count();
    return static_cast<int>(std::clamp<long long>(left, 0, 24 * 3600 * 1000));
}

}  // namespace

CommandOutcome run_command(const CommandSpec& spec, std::stop_token stop) {
    Pipe input = make_pipe();
    Pipe output = make_pipe();
    Pipe errors = make_pipe();
    FileDescriptor stop_event(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
    if (!stop_event.is_open()) fail("eventfd", errno);

    Child child(spawn_shell(spec, input.read_end.get(), output.write_end.get(), errors.write_end.get()));
    // The child has its copies; ours must go, or we would never see end-of-file.
    input.read_end.reset();
    output.write_end.reset();
    errors.write_end.reset();
    set_non_blocking(input.write_end);
    set_non_blocking(output.read_end);
    set_non_blocking(errors.read_end);

    CommandOutcome outcome;
    OutputReader reader(spec, outcome);
    std::string_view pending_input = spec.input;
    if (pending_input.empty()) input.write_end.reset();

    // Runs on the thread that requests the stop (or right here if it already has): it only wakes our poll().
    const std::stop_callback on_stop(stop, [fd = stop_event.get()]() noexcept {
        const std::uint64_t one = 1;
        [[maybe_unused]] const ssize_t ignored = ::write(fd, &one, sizeof one);
    });

    enum class Phase { kRunning, kTerminating, kKilled } phase = Phase::kRunning;
    Clock::time_point kill_at{};
    while (true) {
        const bool exited = child.has_exited();
        if (phase == Phase::kRunning && !exited && stop.stop_requested()) {
            child.signal_group(SIGTERM);
            outcome.stopped = true;
            phase = Phase::kTerminating;
            kill_at = Clock::now() + spec.kill_grace;
        }
        const bool output_open = output.read_end.is_open() || errors.read_end.is_open();
        // While terminating, the rest of the group gets its grace too: it is gone once nobody holds our pipes.
        if (exited && (phase != Phase::kTerminating || !output_open)) break;
        if (phase == Phase::kTerminating && Clock::now() >= kill_at) {
            child.signal_group(SIGKILL);
            phase = Phase::kKilled;
            continue;
        }

        std::vector<pollfd> fds;
        if (input.write_end.is_open()) fds.push_back({input.write_end.get(), POLLOUT, 0});
        if (output.read_end.is_open()) fds.push_back({output.read_end.get(), POLLIN, 0});
        if (errors.read_end.is_open()) fds.push_back({errors.read_end.get(), POLLIN, 0});
        if (phase == Phase::kRunning) fds.push_back({stop_event.get(), POLLIN, 0});
        if (!exited && child.exit_fd() >= 0) fds.push_back({child.exit_fd(), POLLIN, 0});
        int timeout = phase == Phase::kTerminating ? milliseconds_until(kill_at) : -1;
        if (!exited && child.exit_fd() < 0)
            timeout = timeout < 0 ? kExitCheckMilliseconds : std::min(timeout, kExitCheckMilliseconds);

        if (::poll(fds.data(), fds.size(), timeout) < 0) {
            if (errno == EINTR) continue;
            fail("poll", errno);
        }
        for (const pollfd& p : fds) {
            if (p.revents == 0) continue;
            if (p.fd == input.write_end.get()) {
                write_some(input.write_end, pending_input);
            } else if (p.fd == output.read_end.get()) {
                reader.read_once(output.read_end, Stream::kOut);
            } else if (p.fd == errors.read_end.get()) {
                reader.read_once(errors.read_end, Stream::kErr);
            } else if (p.fd == stop_event.get()) {
                std::uint64_t count = 0;
                [[maybe_unused]] const ssize_t ignored = ::read(stop_event.get(), &count, sizeof count);
            }
            // The exit fd needs no handling: has_exited() looks at the top of the loop.
        }
    }

    input.write_end.reset();
    reader.drain_and_close(output.read_end, Stream::kOut);
    reader.drain_and_close(errors.read_end, Stream::kErr);
    reader.finish();
    // Sweep up what is left of a stopped command; the unreaped child keeps the group id ours until reap().
    if (phase != Phase::kRunning) child.signal_group(SIGKILL);
    const int status = child.reap();
    if (WIFSIGNALED(status)) {
        outcome.ending = CommandOutcome::Ending::kKilledBySignal;
        outcome.status = WTERMSIG(status);
    } else {
        outcome.ending = CommandOutcome::Ending::kExited;
        outcome.status = WEXITSTATUS(status);
    }
    return outcome;
}

}  // namespace asynq::cli
