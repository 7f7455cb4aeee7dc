#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "support/redis_server.h"

struct redisContext;

namespace asynq::testing {

/// A plain hiredis connection for setting up and asserting Redis state. Deliberately independent of the code
/// under test (src/redis), so a bug there cannot hide itself.
class TestRedis {
public:
    /// A reply as a tree of values.
    struct Value {
        enum class Type { kNil, kStatus, kError, kInteger, kString, kArray } type = Type::kNil;
        std::string str;
        long long integer = 0;
        std::vector<Value> elements;
    };

    explicit TestRedis(const RedisServer& server);
    TestRedis(const std::string& host, int port);
    ~TestRedis();
    TestRedis(const TestRedis&) = delete;
    TestRedis& operator=(const TestRedis&) = delete;

    /// Runs a command (binary safe). Throws std::runtime_error on I/O failure or an error reply.
    Value command(const std::vector<std::string>& args);

    void flushall() { command({"FLUSHALL"}); }
    bool exists(const std::string& key) { return command({"EXISTS", key}).integer == 1; }
    std::string type(const std::string& key) { return command({"TYPE", key}).str; }
    std::optional<std::string> get(const std::string& key);
    std::map<std::string, std::string> hgetall(const std::string& key);
    std::optional<std::string> hget(const std::string& key, const std::string& field);
    std::vector<std::string> lrange(const std::string& key);
    std::vector<std::pair<std::string, double>> zrange_withscores(const std::string& key);
    std::set<std::string> smembers(const std::string& key);
    long long pttl(const std::string& key) { return command({"PTTL", key}).integer; }
    long long llen(const std::string& key) { return command({"LLEN", key}).integer; }
    long long zcard(const std::string& key) { return command({"ZCARD", key}).integer; }
    /// Every key in the db, sorted.
    std::vector<std::string> keys();

private:
    redisContext* context_ = nullptr;
};

/// Base fixture: the binary's shared Redis, flushed before every test.
class RedisTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (!shared_redis().running()) shared_redis().restart();  // an earlier test may have stopped it
        admin_ = std::make_unique<TestRedis>(shared_redis());
        admin_->flushall();
    }
    RedisServer& server() { return shared_redis(); }
    TestRedis& redis() { return *admin_; }

private:
    std::unique_ptr<TestRedis> admin_;
};

}  // namespace asynq::testing
