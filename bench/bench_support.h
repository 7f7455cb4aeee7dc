#pragma once
// What every measurement of asynq_bench shares: a raw Redis connection for INFO figures and resets, CPU clocks,
// percentiles and progress lines.
#include <hiredis/hiredis.h>

#include <chrono>
#include <string>
#include <vector>

namespace bench {

using Clock = std::chrono::steady_clock;

/// A plain hiredis connection to the Redis under test, for INFO and FLUSHALL (never used by asynq-cpp itself).
class RedisProbe {
public:
    explicit RedisProbe(int port);
    ~RedisProbe();
    RedisProbe(const RedisProbe&) = delete;
    RedisProbe& operator=(const RedisProbe&) = delete;

    std::string info(const char* section);
    void command(const char* text);
    long long integer(const char* text);  ///< a command whose reply is an integer (LLEN...)
    double cpu_seconds();                 ///< used_cpu_sys + used_cpu_user
    long long reads_processed();          ///< read events Redis handled: requests, pipelined ones counting once
    long long used_memory();
    std::string load_script(const char* source);  ///< SCRIPT LOAD; returns the SHA-1

private:
    redisContext* context_;
};

/// One INFO field as a number ("name:" prefix included in `name`); 0 when absent.
double info_field(const std::string& text, const std::string& name);
/// This process's user + system CPU time.
double our_cpu_seconds();
/// Peak resident set of this process (VmHWM), in bytes.
long long peak_rss_bytes();
/// The p-th percentile (0..100) of the values (sorted in place).
double percentile(std::vector<double>& values, double p);
/// A progress line on stderr.
void progress(const std::string& what);

/// Figures of one measured run, shared by throughput rows: CPU on both sides and Redis round trips per task.
struct Costs {
    double redis_cpu_us_per_task = 0;
    double our_cpu_us_per_task = 0;
    double round_trips_per_task = 0;
};

/// Starts counting at construction; finish(tasks) gives the per-task costs since then.
class CostMeter {
public:
    explicit CostMeter(RedisProbe& redis);
    Costs finish(double tasks);

private:
    RedisProbe& redis_;
    double redis_cpu_, our_cpu_;
    long long reads_;
};

}  // namespace bench
