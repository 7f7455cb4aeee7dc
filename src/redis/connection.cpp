#include "redis/connection.h"

#include <hiredis/hiredis.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <utility>

#include "redis/errors.h"

namespace asynq::redis {
namespace {

struct ContextDeleter {
    void operator()(redisContext* context) const noexcept { redisFree(context); }
};
using ContextPtr = std::unique_ptr<redisContext, ContextDeleter>;

struct ReplyDeleter {
    void operator()(redisReply* reply) const noexcept { freeReplyObject(reply); }
};
using ReplyPtr = std::unique_ptr<redisReply, ReplyDeleter>;

timeval to_timeval(std::chrono::milliseconds duration) {
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(duration.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((duration.count() % 1000) * 1000);
    return tv;
}

std::string ms_text(std::chrono::milliseconds duration) { return std::to_string(duration.count()) + "ms"; }

// hiredis reports a socket timeout (SO_RCVTIMEO/SO_SNDTIMEO, or its poll() while connecting) as a plain I/O error;
// only errno tells it apart from a reset or a refusal.
bool is_timeout(int hiredis_error, int saved_errno) {
    return hiredis_error == REDIS_ERR_IO &&
           (saved_errno == EAGAIN || saved_errno == EWOULDBLOCK || saved_errno == ETIMEDOUT);
}

Reply to_reply(const redisReply* reply) {
    switch (reply->type) {
        case REDIS_REPLY_NIL:
            return Reply::nil();
        case REDIS_REPLY_STATUS:
            return Reply::status(std::string(reply->str, reply->len));
        case REDIS_REPLY_ERROR:
            return Reply::error(std::string(reply->str, reply->len));
        case REDIS_REPLY_INTEGER:
            return Reply::integer(reply->integer);
        case REDIS_REPLY_STRING:
            return Reply::string(std::string(reply->str, reply->len));
        case REDIS_REPLY_ARRAY: {
            std::vector<Reply> elements;
            elements.reserve(reply->elements);
            for (std::size_t i = 0; i < reply->elements; ++i) elements.push_back(to_reply(reply->element[i]));
            return Reply::array(std::move(elements));
        }
    }
    throw ProtocolError("redis reply: unknown hiredis reply type " + std::to_string(reply->type));
}

}  // namespace

std::unique_ptr<Connection> Connection::open(const Endpoint& endpoint, const RedisOptions& options) {
    const timeval dial_timeout = to_timeval(options.dial_timeout);
    errno = 0;
    // redisConnect*WithTimeout bound the connect itself and leave SO_RCVTIMEO/SO_SNDTIMEO at the same value,
    // which is what AUTH and SELECT should run under; TCP_NODELAY is set by hiredis for TCP.
    ContextPtr context(endpoint.unix_socket.empty()
                           ? redisConnectWithTimeout(endpoint.host.c_str(), endpoint.port, dial_timeout)
                           : redisConnectUnixWithTimeout(endpoint.unix_socket.c_str(), dial_timeout));
    const int saved_errno = errno;
    const std::string prefix = "redis " + endpoint.to_string() + ": connect: ";
    if (context == nullptr) throw IoError(prefix + "cannot allocate a hiredis context");
    if (context->err != 0) {
        if (is_timeout(context->err, saved_errno))
            throw TimeoutError(prefix + "timed out after " + ms_text(options.dial_timeout));
        throw IoError(prefix + context->errstr);
    }
    if (endpoint.unix_socket.empty() && redisEnableKeepAlive(context.get()) != REDIS_OK) {
        // Keepalive lets the kernel notice a peer that vanished without a FIN (host down, cable pulled).
        throw IoError(prefix + "enabling TCP keepalive: " + context->errstr);
    }

    std::unique_ptr<Connection> connection(new Connection(endpoint, context.get(), options));
    static_cast<void>(context.release());  // owned by connection from here on
    connection->handshake(options);
    return connection;
}

Connection::Connection(Endpoint endpoint, redisContext* context, const RedisOptions& options)
    : endpoint_(std::move(endpoint)),
      address_(endpoint_.to_string()),
      context_(context),
      fd_(context->fd),
      read_timeout_(options.dial_timeout),
      write_timeout_(options.dial_timeout) {}

Connection::~Connection() { redisFree(context_); }

void Connection::handshake(const RedisOptions& options) {
    set_socket_timeouts(options.dial_timeout, options.dial_timeout);
    // AUTH with a user name needs Redis 6 ACLs; with a password only it is the classic form Redis < 6 accepts.
    std::optional<Command> auth;
    if (!options.username.empty()) {
        auth = Command::keyless({"AUTH", options.username, options.password});
    } else if (!options.password.empty()) {
        auth = Command::keyless({"AUTH", options.password});
    }
    if (auth) {
        Reply reply = run(*auth);
        if (reply.is_error()) throw make_reply_error(address_, "AUTH", reply.as_string());
    }
    if (options.db != 0) {
        Reply reply = run(Command::keyless({"SELECT", std::to_string(options.db)}));
        if (reply.is_error()) throw make_reply_error(address_, "SELECT", reply.as_string());
    }
    set_socket_timeouts(options.read_timeout, options.write_timeout);
}

void Connection::set_socket_timeouts(std::chrono::milliseconds read, std::chrono::milliseconds write) {
    // A zero timeval means "no timeout" to the kernel, matching the options' "0 = wait forever".
    const timeval read_tv = to_timeval(read);
    const timeval write_tv = to_timeval(write);
    if (::setsockopt(context_->fd, SOL_SOCKET, SO_RCVTIMEO, &read_tv, sizeof read_tv) != 0 ||
        ::setsockopt(context_->fd, SOL_SOCKET, SO_SNDTIMEO, &write_tv, sizeof write_tv) != 0) {
        broken_ = true;
        throw IoError("redis " + address_ + ": setting socket timeouts: " + std::strerror(errno));
    }
    read_timeout_ = read;
    write_timeout_ = write;
}

Reply Connection::run(const Command& command) {
    const std::string label = command.describe();
    ensure_usable(label);
    try {
        append(command, label);
        flush(label);
        return read_one(label);
    } catch (...) {
        // Whatever went wrong (I/O, a malformed reply, bad_alloc), hiredis's buffers may now be out of step with
        // the socket: a later borrower must never read this request's reply as its own.
        broken_ = true;
        throw;
    }
}

std::vector<Reply> Connection::run_pipeline(std::span<const Command> commands) {
    std::vector<Reply> replies;
    if (commands.empty()) return replies;
    const std::string label = "pipeline of " + std::to_string(commands.size()) + " commands";
    ensure_usable(label);
    replies.reserve(commands.size());
    try {
        for (const Command& command : commands) append(command, label);
        flush(label);  // one write (or a few, for a large buffer) for the whole pipeline
        for (const Command& command : commands) replies.push_back(read_one(command.describe()));
        return replies;
    } catch (const IoError& e) {
        broken_ = true;
        // Keep what arrived: those commands surely ran; the rest may or may not have.
        std::vector<std::optional<Reply>> known(std::make_move_iterator(replies.begin()),
                                                std::make_move_iterator(replies.end()));
        known.resize(commands.size());
        throw PipelineError(e.what(), std::move(known));
    } catch (...) {
        broken_ = true;
        throw;
    }
}

Reply Connection::read_reply() {
    ensure_usable("read");
    try {
        return read_one("read");
    } catch (...) {
        broken_ = true;
        throw;
    }
}

bool Connection::peer_closed() const noexcept {
    if (broken_) return true;
    char byte = 0;
    const ssize_t n = ::recv(context_->fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    if (n == 0) return true;  // orderly shutdown: the server closed it (restart, timeout, CLIENT KILL)
    if (n > 0) return true;   // bytes nobody asked for: the reply stream is out of step, so it is unusable
    return errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR;
}

void Connection::interrupt() noexcept {
    // shutdown(), not close(): the descriptor stays valid (no reuse by another open() while the owner still
    // reads it) and a blocked recv() returns 0 at once, which hiredis reports as the server closing the
    // connection. Only fd_ is touched, which never changes after construction, so there is no data race.
    interrupted_ = true;
    static_cast<void>(::shutdown(fd_, SHUT_RDWR));
}

void Connection::ensure_usable(std::string_view label) const {
    if (broken_) {
        throw IoError("redis " + address_ + ": " + std::string(label) + ": connection broken by an earlier failure");
    }
    if (interrupted_) throw IoError("redis " + address_ + ": " + std::string(label) + ": connection interrupted");
}

void Connection::append(const Command& command, std::string_view label) {
    std::vector<const char*> argv;
    std::vector<std::size_t> lengths;
    argv.reserve(command.args.size());
    lengths.reserve(command.args.size());
    for (const std::string& arg : command.args) {
        argv.push_back(arg.data());
        lengths.push_back(arg.size());
    }
    errno = 0;
    if (redisAppendCommandArgv(context_, static_cast<int>(argv.size()), argv.data(), lengths.data()) != REDIS_OK) {
        fail(label, write_timeout_, errno);
    }
}

namespace {

/// hiredis writes with write(), so writing to a socket the server closed raises SIGPIPE, whose default action
/// kills the process. A library must neither die nor change the process's signal dispositions, so SIGPIPE is
/// blocked in this thread while we write, and a SIGPIPE our own write raised is consumed before unblocking.
class SigpipeSuppressor {
public:
    SigpipeSuppressor() {
        sigemptyset(&pipe_);
        sigaddset(&pipe_, SIGPIPE);
        sigset_t pending;
        sigpending(&pending);
        already_pending_ = sigismember(&pending, SIGPIPE) == 1;  // someone else's: leave it alone
        pthread_sigmask(SIG_BLOCK, &pipe_, &previous_);
    }
    ~SigpipeSuppressor() {
        if (write_failed_with_epipe_ && !already_pending_) {
            const timespec no_wait{0, 0};
            while (sigtimedwait(&pipe_, nullptr, &no_wait) < 0 && errno == EINTR) {
            }
        }
        pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
    }
    void saw_errno(int error) noexcept { write_failed_with_epipe_ = write_failed_with_epipe_ || error == EPIPE; }

private:
    sigset_t pipe_;
    sigset_t previous_;
    bool already_pending_ = false;
    bool write_failed_with_epipe_ = false;
};

}  // namespace

void Connection::flush(std::string_view label) {
    int done = 0;
    int saved_errno = 0;
    {
        SigpipeSuppressor suppressor;
        do {
            errno = 0;
            if (redisBufferWrite(context_, &done) != REDIS_OK) {
                saved_errno = errno;
                suppressor.saw_errno(saved_errno);
                break;
            }
        } while (done == 0);
    }
    if (done == 0) fail(label, write_timeout_, saved_errno);
}

Reply Connection::read_one(std::string_view label) {
    void* raw = nullptr;
    errno = 0;
    if (redisGetReply(context_, &raw) != REDIS_OK || raw == nullptr) fail(label, read_timeout_, errno);
    ReplyPtr reply(static_cast<redisReply*>(raw));
    return to_reply(reply.get());
}

void Connection::fail(std::string_view label, std::chrono::milliseconds timeout, int saved_errno) {
    broken_ = true;
    const std::string prefix = "redis " + address_ + ": " + std::string(label) + ": ";
    if (context_->err == REDIS_ERR_PROTOCOL) throw ProtocolError(prefix + "protocol error: " + context_->errstr);
    if (is_timeout(context_->err, saved_errno)) throw TimeoutError(prefix + "timed out after " + ms_text(timeout));
    throw IoError(prefix + (context_->err != 0 ? context_->errstr : "no reply"));
}

}  // namespace asynq::redis
