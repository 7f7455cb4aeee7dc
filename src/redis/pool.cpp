#include "redis/pool.h"

#include <algorithm>
#include <thread>
#include <utility>

#include "redis/errors.h"

namespace asynq::redis {
namespace {

using namespace std::chrono_literals;

constexpr auto kFirstDialBackoff = 100ms;
constexpr auto kMaxDialBackoff = 5s;
constexpr int kConnectionsPerHardwareThread = 10;  // go-redis's default pool size
constexpr auto kPoolTimeoutWithoutReadTimeout = 5s;

int effective_size(const RedisOptions& options) {
    if (options.pool_size > 0) return options.pool_size;
    const int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    return kConnectionsPerHardwareThread * threads;
}

std::chrono::milliseconds effective_wait(const RedisOptions& options) {
    if (options.pool_timeout.count() > 0) return options.pool_timeout;
    // A borrower is normally back within one read timeout; with no read timeout there is no such bound, so pick
    // a fixed wait rather than blocking forever.
    if (options.read_timeout.count() == 0) return kPoolTimeoutWithoutReadTimeout;
    return options.read_timeout + 1s;
}

std::string ms_text(std::chrono::milliseconds duration) { return std::to_string(duration.count()) + "ms"; }

// Fails fast with the last dial error instead of dialing again. An AUTH refusal keeps its type and code (fix the
// credentials); anything else is reported as the node being unavailable.
[[noreturn]] void throw_within_backoff(const std::exception_ptr& last_failure, std::chrono::milliseconds wait) {
    const std::string suffix = " (reconnecting, next attempt in " + ms_text(wait) + ")";
    try {
        std::rethrow_exception(last_failure);
    } catch (const ReplyError& e) {
        throw ReplyError(e.code(), e.what() + suffix, e.redis_message());
    } catch (const std::exception& e) {
        throw IoError(e.what() + suffix);
    }
}

}  // namespace

ConnectionPool::Lease::~Lease() {
    if (connection_ != nullptr) pool_->give_back(std::move(connection_));
}

ConnectionPool::ConnectionPool(Endpoint endpoint, RedisOptions options)
    : endpoint_(std::move(endpoint)),
      options_(std::move(options)),
      max_size_(effective_size(options_)),
      wait_timeout_(effective_wait(options_)),
      dial_backoff_(kFirstDialBackoff, kMaxDialBackoff) {
    idle_.reserve(static_cast<std::size_t>(max_size_));  // so give_back() never allocates
}

// Leases must not outlive the pool (they point back to it); the idle connections close here.
ConnectionPool::~ConnectionPool() = default;

ConnectionPool::Lease ConnectionPool::acquire() {
    const auto deadline = std::chrono::steady_clock::now() + wait_timeout_;
    std::unique_ptr<Connection> idle;
    {
        std::unique_lock lock(mu_);
        if (!freed_.wait_until(lock, deadline, [&] { return !idle_.empty() || open_ < max_size_; })) {
            throw PoolTimeoutError("redis " + endpoint_.to_string() + ": no free connection within " +
                                   ms_text(wait_timeout_) + " (pool size " + std::to_string(max_size_) + ")");
        }
        if (!idle_.empty()) {
            idle = std::move(idle_.back());  // most recently used: the likeliest to be alive and warm
            idle_.pop_back();
        } else {
            ++open_;  // reserve the slot before dialing outside the lock
        }
    }

    // The liveness check is a syscall, so it runs outside the lock too. A connection whose peer closed it (Redis
    // restarted) is replaced in the same slot: the caller's command then runs on a fresh connection instead of
    // failing on a dead one.
    if (idle != nullptr) {
        if (!idle->peer_closed()) return Lease(this, std::move(idle));
        idle.reset();
    }
    return Lease(this, dial());
}

std::unique_ptr<Connection> ConnectionPool::dial() {
    // The caller has reserved a slot (counted in open_); give it back on failure.
    {
        std::unique_lock lock(mu_);
        const auto now = std::chrono::steady_clock::now();
        if (now < next_dial_allowed_) {
            --open_;
            freed_.notify_one();
            throw_within_backoff(last_dial_failure_,
                                 std::chrono::ceil<std::chrono::milliseconds>(next_dial_allowed_ - now));
        }
    }
    try {
        auto connection = Connection::open(endpoint_, options_);
        std::lock_guard lock(mu_);
        dial_backoff_.reset();
        next_dial_allowed_ = {};
        return connection;
    } catch (const std::exception& e) {
        std::lock_guard lock(mu_);
        --open_;
        last_dial_failure_ = std::current_exception();
        next_dial_allowed_ = std::chrono::steady_clock::now() + dial_backoff_.next();
        freed_.notify_one();
        throw;
    }
}

void ConnectionPool::give_back(std::unique_ptr<Connection> connection) noexcept {
    const bool reusable = !connection->broken();
    if (!reusable) connection.reset();  // close the socket before taking the lock
    {
        std::lock_guard lock(mu_);
        if (reusable) {
            idle_.push_back(std::move(connection));  // capacity reserved for max_size_: cannot throw
        } else {
            --open_;
        }
    }
    freed_.notify_one();
}

int ConnectionPool::open_connections() const {
    std::lock_guard lock(mu_);
    return open_;
}

}  // namespace asynq::redis
