// Quick start: enqueue tasks onto a Redis-backed queue. The README quotes the block between the markers, and
// the test build compiles this file, so the README example cannot go stale.
// [quickstart]
#include <asynq/asynq.h>

#include <chrono>
#include <iostream>

int main(int argc, char** argv) {
    using namespace std::chrono_literals;
    // redis://[user:password@]host:port[/db]; the default is redis://127.0.0.1:6379
    auto redis = asynq::RedisOptions::from_uri(argc > 1 ? argv[1] : "redis://127.0.0.1:6379");
    asynq::Client client(redis);

    try {
        // Run as soon as a worker is free, on the "critical" queue, retried at most 3 times.
        auto info = client.enqueue(asynq::Task("email:welcome", R"({"user_id":42})"),
                                   {.queue = "critical", .max_retry = 3, .timeout = 30s});
        std::cout << "enqueued " << info.id << " to " << info.queue << "\n";

        // Run in one hour, at most once per hour for the same payload.
        client.enqueue(asynq::Task("report:daily", "2026-11-25"), {.unique_ttl = 1h, .process_in = 1h});
    } catch (const asynq::DuplicateTaskError& e) {
        std::cout << "already queued: " << e.what() << "\n";
    } catch (const asynq::Error& e) {  // e.code() says what to do next, e.g. kUnavailable: retry later
        std::cerr << "enqueue failed: " << e.what() << "\n";
        return 1;
    }
}
// [quickstart]
