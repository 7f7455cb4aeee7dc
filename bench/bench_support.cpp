#include "bench_support.h"

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <stdexcept>

namespace bench {

RedisProbe::RedisProbe(int port) : context_(redisConnect("127.0.0.1", port)) {
    if (context_ == nullptr || context_->err != 0) {
        throw std::runtime_error("cannot connect to Redis on port " + std::to_string(port));
    }
}

RedisProbe::~RedisProbe() { redisFree(context_); }

std::string RedisProbe::info(const char* section) {
    auto* reply = static_cast<redisReply*>(redisCommand(context_, "INFO %s", section));
    if (reply == nullptr) throw std::runtime_error("INFO failed: Redis went away");
    std::string text(reply->str, reply->len);
    freeReplyObject(reply);
    return text;
}

void RedisProbe::command(const char* text) {
    auto* reply = static_cast<redisReply*>(redisCommand(context_, text));
    if (reply == nullptr) throw std::runtime_error(std::string(text) + " failed: Redis went away");
    freeReplyObject(reply);
}

long long RedisProbe::integer(const char* text) {
    auto* reply = static_cast<redisReply*>(redisCommand(context_, text));
    if (reply == nullptr) throw std::runtime_error(std::string(text) + " failed: Redis went away");
    const long long value = reply->integer;
    freeReplyObject(reply);
    return value;
}

double RedisProbe::cpu_seconds() {
    const auto cpu = info("cpu");
    return info_field(cpu, "used_cpu_sys:") + info_field(cpu, "used_cpu_user:");
}

long long RedisProbe::reads_processed() {
    return static_cast<long long>(info_field(info("stats"), "total_reads_processed:"));
}

long long RedisProbe::used_memory() { return static_cast<long long>(info_field(info("memory"), "used_memory:")); }

std::string RedisProbe::load_script(const char* source) {
    auto* reply = static_cast<redisReply*>(redisCommand(context_, "SCRIPT LOAD %s", source));
    if (reply == nullptr || reply->type != REDIS_REPLY_STRING) throw std::runtime_error("SCRIPT LOAD failed");
    std::string sha(reply->str, reply->len);
    freeReplyObject(reply);
    return sha;
}

double info_field(const std::string& text, const std::string& name) {
    auto at = text.find(name);
    return at == std::string::npos ? 0 : std::stod(text.substr(at + name.size()));
}

double our_cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

long long peak_rss_bytes() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);) {
        if (line.starts_with("VmHWM:")) return std::stoll(line.substr(6)) * 1024;  // "VmHWM:   1234 kB"
    }
    return 0;
}

double percentile(std::vector<double>& values, double p) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(p / 100.0 * static_cast<double>(values.size() - 1) + 0.5);
    return values[std::min(index, values.size() - 1)];
}

void progress(const std::string& what) { std::fprintf(stderr, "  measuring %s...\n", what.c_str()); }

CostMeter::CostMeter(RedisProbe& redis)
    : redis_(redis), redis_cpu_(redis.cpu_seconds()), our_cpu_(our_cpu_seconds()), reads_(redis.reads_processed()) {}

Costs CostMeter::finish(double tasks) {
    // Read our CPU first: the INFO calls below are not the measured work.
    const double our = our_cpu_seconds() - our_cpu_;
    const double redis_cpu = redis_.cpu_seconds() - redis_cpu_;
    // Minus the INFO stats request that reads the counter itself (and the INFO cpu one just before).
    const double reads = static_cast<double>(redis_.reads_processed() - reads_ - 2);
    return {.redis_cpu_us_per_task = redis_cpu * 1e6 / tasks,
            .our_cpu_us_per_task = our * 1e6 / tasks,
            .round_trips_per_task = reads / tasks};
}

}  // namespace bench
