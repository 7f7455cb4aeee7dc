#include "support/redis_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <hiredis/hiredis.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "support/eventually.h"

namespace asynq::testing {
namespace {

// True when the server on this port is up and is our child: with ctest -j2 another test process may have taken
// the port, and we must never flush someone else's Redis. A server started with --requirepass answers NOAUTH,
// which proves it is up; the pid check needs no password only through the log, so NOAUTH is accepted as is.
bool answers_as(int port, pid_t pid) {
    timeval tv{0, 200'000};
    redisContext* c = redisConnectWithTimeout("127.0.0.1", port, tv);
    if (c == nullptr) return false;
    bool ok = false;
    if (c->err == 0) {
        redisSetTimeout(c, tv);
        auto* reply = static_cast<redisReply*>(redisCommand(c, "INFO server"));
        if (reply != nullptr && reply->type == REDIS_REPLY_STRING) {
            ok = std::string(reply->str, reply->len).find("process_id:" + std::to_string(pid) + "\r\n") !=
                 std::string::npos;
        } else if (reply != nullptr && reply->type == REDIS_REPLY_ERROR) {
            ok = std::string(reply->str).starts_with("NOAUTH");
        }
        if (reply) freeReplyObject(reply);
    }
    redisFree(c);
    return ok;
}

}  // namespace

int free_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) throw std::runtime_error("free_port: socket failed");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        throw std::runtime_error("free_port: bind failed");
    }
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

RedisServer::RedisServer(Options options) : options_(std::move(options)) {
    char pattern[] = "/tmp/asynq-test-redis-XXXXXX";
    if (::mkdtemp(pattern) == nullptr) throw std::runtime_error("RedisServer: mkdtemp failed");
    dir_ = pattern;
    // A port picked by the kernel can be taken by someone else before redis binds it: retry with another.
    for (int attempt = 0; attempt < 5; ++attempt) {
        port_ = free_port();
        if (spawn_and_wait()) return;
    }
    std::string log = log_tail();
    std::filesystem::remove_all(dir_);
    throw std::runtime_error("RedisServer: redis-server did not start; log:\n" + log);
}

RedisServer::~RedisServer() {
    if (pid_ > 0) {
        ::kill(pid_, SIGKILL);  // the data is throwaway; no need for a graceful stop
        wait_exit();
    }
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
}

bool RedisServer::spawn_and_wait() {
    std::vector<std::string> args = {"redis-server",
                                     "--port",
                                     std::to_string(port_),
                                     "--bind",
                                     "127.0.0.1",
                                     "--save",
                                     "",
                                     "--appendonly",
                                     "no",
                                     "--dir",
                                     dir_.string(),
                                     "--unixsocket",
                                     unix_socket(),
                                     "--unixsocketperm",
                                     "700",
                                     "--logfile",
                                     (dir_ / "redis.log").string(),
                                     "--enable-debug-command",
                                     "yes"};
    args.insert(args.end(), options_.extra_args.begin(), options_.extra_args.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);

    pid_t parent = ::getpid();
    pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("RedisServer: fork failed");
    if (pid == 0) {
        // Only async-signal-safe calls between fork and exec.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) ::_exit(127);
        int devnull = ::open("/dev/null", O_RDWR);
        ::dup2(devnull, 0);
        ::dup2(devnull, 1);
        ::execvp("redis-server", argv.data());
        ::_exit(127);
    }
    pid_ = pid;

    bool exited = false;  // port clash or bad arguments
    const bool ready = eventually(
        [&] {
            int status = 0;
            exited = exited || ::waitpid(pid_, &status, WNOHANG) == pid_;
            return exited || answers_as(port_, pid_);
        },
        std::chrono::seconds(20), std::chrono::milliseconds(20));
    if (exited) {
        pid_ = -1;
        return false;
    }
    if (ready) return true;
    ::kill(pid_, SIGKILL);
    wait_exit();
    return false;
}

void RedisServer::wait_exit() {
    if (pid_ <= 0) return;
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
}

void RedisServer::stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    wait_exit();
}

void RedisServer::kill_hard() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    wait_exit();
}

void RedisServer::restart() {
    if (pid_ > 0) stop();
    // The old socket may linger in TIME_WAIT; redis sets SO_REUSEADDR, so the same port binds at once. Clients
    // hold this port, so it must be this one: if another process's free_port() probe holds it for a moment,
    // try again.
    for (int attempt = 0; attempt < 20; ++attempt) {
        if (spawn_and_wait()) return;
    }
    throw std::runtime_error("RedisServer: restart on port " + std::to_string(port_) + " failed; log:\n" + log_tail());
}

RedisOptions RedisServer::options() const {
    RedisOptions o;
    o.host = host();
    o.port = port_;
    return o;
}

std::string RedisServer::uri() const { return "redis://127.0.0.1:" + std::to_string(port_); }

std::string RedisServer::log_tail(int lines) const {
    std::ifstream in(dir_ / "redis.log");
    std::deque<std::string> tail;
    for (std::string line; std::getline(in, line);) {
        tail.push_back(line);
        if (static_cast<int>(tail.size()) > lines) tail.pop_front();
    }
    std::string out;
    for (auto& l : tail) out += l + "\n";
    return out;
}

RedisServer& shared_redis() {
    static RedisServer server;
    return server;
}

}  // namespace asynq::testing
