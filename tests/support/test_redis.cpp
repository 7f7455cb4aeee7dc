#include "support/test_redis.h"

#include <hiredis/hiredis.h>

#include <algorithm>
#include <stdexcept>

namespace asynq::testing {
namespace {

TestRedis::Value convert(const redisReply* r) {
    TestRedis::Value v;
    switch (r->type) {
        case REDIS_REPLY_NIL:
            v.type = TestRedis::Value::Type::kNil;
            break;
        case REDIS_REPLY_STATUS:
            v.type = TestRedis::Value::Type::kStatus;
            v.str.assign(r->str, r->len);
            break;
        case REDIS_REPLY_ERROR:
            v.type = TestRedis::Value::Type::kError;
            v.str.assign(r->str, r->len);
            break;
        case REDIS_REPLY_INTEGER:
            v.type = TestRedis::Value::Type::kInteger;
            v.integer = r->integer;
            break;
        case REDIS_REPLY_STRING:
            v.type = TestRedis::Value::Type::kString;
            v.str.assign(r->str, r->len);
            break;
        case REDIS_REPLY_ARRAY:
            v.type = TestRedis::Value::Type::kArray;
            for (size_t i = 0; i < r->elements; ++i) v.elements.push_back(convert(r->element[i]));
            break;
    }
    return v;
}

}  // namespace

TestRedis::TestRedis(const RedisServer& server) : TestRedis(server.host(), server.port()) {}

TestRedis::TestRedis(const std::string& host, int port) {
    timeval tv{5, 0};
    context_ = redisConnectWithTimeout(host.c_str(), port, tv);
    if (context_ == nullptr || context_->err != 0) {
        std::string err = context_ ? context_->errstr : "allocation failed";
        if (context_) redisFree(context_);
        throw std::runtime_error("TestRedis: cannot connect to " + host + ":" + std::to_string(port) + ": " + err);
    }
    redisSetTimeout(context_, tv);
}

TestRedis::~TestRedis() {
    if (context_) redisFree(context_);
}

TestRedis::Value TestRedis::command(const std::vector<std::string>& args) {
    std::vector<const char*> argv;
    std::vector<size_t> lens;
    for (auto& a : args) {
        argv.push_back(a.data());
        lens.push_back(a.size());
    }
    auto* reply =
        static_cast<redisReply*>(redisCommandArgv(context_, static_cast<int>(argv.size()), argv.data(), lens.data()));
    if (reply == nullptr) throw std::runtime_error(std::string("TestRedis: ") + args[0] + ": " + context_->errstr);
    Value v = convert(reply);
    freeReplyObject(reply);
    if (v.type == Value::Type::kError) throw std::runtime_error("TestRedis: " + args[0] + ": " + v.str);
    return v;
}

std::optional<std::string> TestRedis::get(const std::string& key) {
    auto v = command({"GET", key});
    if (v.type == Value::Type::kNil) return std::nullopt;
    return v.str;
}

std::optional<std::string> TestRedis::hget(const std::string& key, const std::string& field) {
    auto v = command({"HGET", key, field});
    if (v.type == Value::Type::kNil) return std::nullopt;
    return v.str;
}

std::map<std::string, std::string> TestRedis::hgetall(const std::string& key) {
    auto v = command({"HGETALL", key});
    std::map<std::string, std::string> out;
    for (size_t i = 0; i + 1 < v.elements.size(); i += 2) out[v.elements[i].str] = v.elements[i + 1].str;
    return out;
}

std::vector<std::string> TestRedis::lrange(const std::string& key) {
    std::vector<std::string> out;
    for (auto& e : command({"LRANGE", key, "0", "-1"}).elements) out.push_back(e.str);
    return out;
}

std::vector<std::pair<std::string, double>> TestRedis::zrange_withscores(const std::string& key) {
    auto v = command({"ZRANGE", key, "0", "-1", "WITHSCORES"});
    std::vector<std::pair<std::string, double>> out;
    for (size_t i = 0; i + 1 < v.elements.size(); i += 2) {
        out.emplace_back(v.elements[i].str, std::stod(v.elements[i + 1].str));
    }
    return out;
}

std::set<std::string> TestRedis::smembers(const std::string& key) {
    std::set<std::string> out;
    for (auto& e : command({"SMEMBERS", key}).elements) out.insert(e.str);
    return out;
}

std::vector<std::string> TestRedis::keys() {
    std::vector<std::string> out;
    for (auto& e : command({"KEYS", "*"}).elements) out.push_back(e.str);
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace asynq::testing
