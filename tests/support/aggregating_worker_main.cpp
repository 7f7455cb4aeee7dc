// A server process for crash tests of aggregation: its group aggregator records each call in the Redis set
// `test:aggregating` (as `<group>|<number of tasks>`) and then blocks forever, so the test can kill -9 the process
// in the middle of an aggregation. Grace period 1 s, checks every 100 ms.
// Usage: test_aggregating_worker <redis-port> <aggregation-timeout-seconds>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <iostream>
#include <mutex>

#include "asynq/server.h"
#include "support/test_redis.h"

int main(int argc, char** argv) {
    using namespace std::chrono_literals;
    if (argc != 3) {
        std::cerr << "usage: test_aggregating_worker <redis-port> <aggregation-timeout-seconds>\n";
        return 2;
    }
    const int port = std::atoi(argv[1]);
    asynq::RedisOptions redis;
    redis.port = port;
    asynq::ServerOptions options;
    options.concurrency = 1;
    options.group_grace_period = 1s;
    options.aggregation_check_interval = 100ms;
    options.aggregation_timeout = std::chrono::seconds(std::atoi(argv[2]));
    options.group_aggregator = [port](const std::string& group,
                                      const std::vector<asynq::Task>& tasks) -> asynq::AggregatedTask {
        {
            asynq::testing::TestRedis recorder("127.0.0.1", port);
            recorder.command({"SADD", "test:aggregating", group + "|" + std::to_string(tasks.size())});
        }
        std::mutex mu;
        std::condition_variable cv;
        std::unique_lock lock(mu);
        cv.wait(lock, [] { return false; });  // until killed
        return asynq::Task("never");
    };
    asynq::Server server(redis, options);
    server.run([](asynq::TaskContext&, const asynq::Task&) {});
    return 0;
}
