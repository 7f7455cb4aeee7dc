// A worker process for crash tests: runs an asynq::Server whose handler records each task id it starts in the
// Redis set `test:started` and then blocks until its stop token fires (or forever, if killed first).
// Usage: test_worker <redis-port> <concurrency> <lease-seconds>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <iostream>
#include <mutex>

#include "asynq/server.h"
#include "support/test_redis.h"

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: test_worker <redis-port> <concurrency> <lease-seconds>\n";
        return 2;
    }
    const int port = std::atoi(argv[1]);
    asynq::RedisOptions redis;
    redis.port = port;
    asynq::ServerOptions options;
    options.concurrency = std::atoi(argv[2]);
    options.lease_duration = std::chrono::seconds(std::atoi(argv[3]));
    options.heartbeat_interval = std::chrono::milliseconds(options.lease_duration) / 4;
    asynq::Server server(redis, options);
    server.run([port](asynq::TaskContext& context, const asynq::Task&) {
        {
            asynq::testing::TestRedis recorder("127.0.0.1", port);
            recorder.command({"SADD", "test:started", context.task_id()});
        }
        std::mutex mu;
        std::condition_variable_any cv;
        std::unique_lock lock(mu);
        cv.wait(lock, context.stop_token(), [] { return false; });
    });
    return 0;
}
