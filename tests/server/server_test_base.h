#pragma once

#include <google/protobuf/message.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "asynq/client.h"
#include "asynq/server.h"
#include "asynq/task_errors.h"
#include "broker/proto/asynq.pb.h"
#include "support/eventually.h"
#include "support/test_redis.h"

namespace asynq {

/// A Server on the test Redis with short intervals, and a Client to feed it.
class ServerTest : public testing::RedisTest {
public:
    /// Options that make a test fast without changing behaviour: short polling and maintenance intervals.
    static ServerOptions fast(ServerOptions options = {}) {
        using namespace std::chrono_literals;
        if (options.concurrency == 0) options.concurrency = 4;
        if (options.task_check_interval == 0ms) options.task_check_interval = 200ms;
        if (options.delayed_task_check_interval == 0ms) options.delayed_task_check_interval = 200ms;
        if (options.janitor_interval == 0ms) options.janitor_interval = 200ms;
        if (options.shutdown_timeout == 0ms) options.shutdown_timeout = 2s;
        if (!options.logger) options.logger = [](LogLevel, std::string_view) {};  // quiet tests
        return options;
    }

protected:
    void SetUp() override {
        RedisTest::SetUp();
        client_ = std::make_unique<Client>(server().options());
    }

    /// A started server that shuts down when the handle goes out of scope. Declare it after everything its
    /// handlers capture, so handlers can never outlive what they use.
    class RunningServer {
    public:
        explicit RunningServer(std::unique_ptr<Server> server) : server_(std::move(server)) {}
        RunningServer(RunningServer&&) noexcept = default;
        ~RunningServer() {
            if (server_) server_->shutdown();
        }
        Server* operator->() const noexcept { return server_.get(); }
        Server& operator*() const noexcept { return *server_; }

    private:
        std::unique_ptr<Server> server_;
    };

    [[nodiscard]] RunningServer start(HandlerFunc handler, ServerOptions options = {}) {
        auto started = std::make_unique<Server>(server().options(), fast(std::move(options)));
        started->start(std::move(handler));
        return RunningServer(std::move(started));
    }

    Client& client() { return *client_; }

    /// n pending tasks of type "t" in the queue (payload: the queue name).
    void fill(const std::string& queue, int n) {
        std::vector<BatchItem> items;
        for (int i = 0; i < n; ++i) items.push_back({Task("t", queue), {.queue = queue}});
        for (auto& r : client().enqueue_batch(items)) ASSERT_TRUE(r.ok()) << r.error_message();
    }

    /// The stored message of a task.
    wire::TaskMessage stored_message(const std::string& queue, const std::string& id) {
        wire::TaskMessage m;
        auto bytes = redis().hget("asynq:{" + queue + "}:t:" + id, "msg");
        if (bytes) m.ParseFromString(*bytes);
        return m;
    }
    std::string state_of(const std::string& queue, const std::string& id) {
        return redis().hget("asynq:{" + queue + "}:t:" + id, "state").value_or("<gone>");
    }
    long long counter(const std::string& key) {
        auto v = redis().get(key);
        return v ? std::stoll(*v) : 0;
    }
    bool in_zset(const std::string& key, const std::string& member) {
        return redis().command({"ZSCORE", key, member}).type != testing::TestRedis::Value::Type::kNil;
    }

private:
    std::unique_ptr<Client> client_;
};

/// A group aggregator for tests: one "digest" task whose payload is "<group>=<payloads, sorted, comma-separated>"
/// (sorted because tasks that joined in the same second come in id order).
inline AggregatedTask join_payloads(const std::string& group, const std::vector<Task>& tasks) {
    std::multiset<std::string> payloads;
    for (const auto& task : tasks) payloads.insert(task.payload());
    std::string joined;
    for (const auto& payload : payloads) joined += (joined.empty() ? "" : ",") + payload;
    return Task("digest", group + "=" + joined);
}

/// A gate a handler can wait on, opened by the test. Waits are bounded so a broken test cannot hang forever.
class Latch {
public:
    void open() {
        {
            std::lock_guard lock(mu_);
            open_ = true;
        }
        cv_.notify_all();
    }
    bool wait(std::chrono::seconds limit = std::chrono::seconds(60)) {
        std::unique_lock lock(mu_);
        return cv_.wait_for(lock, limit, [this] { return open_; });
    }

private:
    std::mutex mu_;
    std::condition_variable cv_;
    bool open_ = false;
};

/// Blocks until the stop token fires (or the limit passes); true if it fired.
inline bool wait_for_stop(std::stop_token stop, std::chrono::seconds limit = std::chrono::seconds(60)) {
    std::mutex mu;
    std::condition_variable_any cv;
    std::unique_lock lock(mu);
    cv.wait_for(lock, stop, limit, [] { return false; });  // returns when stop is requested or at the limit
    return stop.stop_requested();
}

/// Thread-safe record of what handlers saw.
class Seen {
public:
    void add(const std::string& item) {
        std::lock_guard lock(mu_);
        items_.insert(item);
        ++count_;
    }
    std::size_t count() const {
        std::lock_guard lock(mu_);
        return count_;
    }
    std::multiset<std::string> items() const {
        std::lock_guard lock(mu_);
        return items_;
    }

private:
    mutable std::mutex mu_;
    std::multiset<std::string> items_;
    std::size_t count_ = 0;
};

}  // namespace asynq
