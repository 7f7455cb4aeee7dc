// Task aggregation: a client enqueues grouped notifications, a server combines each group into one digest task
// and processes that. Usage: example_aggregate [redis-uri] [enqueue|serve]; without a mode it does both, then
// serves until SIGTERM/SIGINT. See docs/groups.md.
#include <asynq/asynq.h>

#include <chrono>
#include <iostream>
#include <string>
#include <vector>

namespace {

// One digest per group: the group name is the recipient, the payloads are the lines of the digest.
asynq::AggregatedTask make_digest(const std::string& group, const std::vector<asynq::Task>& tasks) {
    std::string body;
    for (const auto& task : tasks) body += task.payload() + "\n";  // oldest first (to the second)
    // The options apply to the digest; its queue is always the group's.
    return {asynq::Task("notify:digest", group + "\n" + body), {.max_retry = 5, .timeout = std::chrono::minutes(1)}};
}

void enqueue(const asynq::RedisOptions& redis) {
    asynq::Client client(redis);
    for (const char* line : {"alice liked your post", "bob commented", "carol followed you"}) {
        // Same group: waits for the others, then the three arrive together in one digest.
        client.enqueue(asynq::Task("notify:item", line), {.group = "user:42"});
    }
    client.enqueue(asynq::Task("notify:item", "dave mentioned you"), {.group = "user:7"});
    std::cout << "enqueued 4 notifications in 2 groups\n";
}

void serve(const asynq::RedisOptions& redis) {
    auto mux = std::make_shared<asynq::ServeMux>();
    mux->handle("notify:digest", [](asynq::TaskContext&, const asynq::Task& task) {
        std::cout << "digest for " << task.payload() << "\n";
    });
    asynq::Server server(redis, {.group_aggregator = make_digest,
                                 .group_grace_period = std::chrono::seconds(5),  // quiet for 5 s: send
                                 .group_max_delay = std::chrono::minutes(1),     // or after a minute at most
                                 .group_max_size = 20});                         // or at 20 notifications
    server.run(mux);                                                             // blocks until SIGTERM/SIGINT
}

}  // namespace

int main(int argc, char** argv) {
    auto redis = asynq::RedisOptions::from_uri(argc > 1 ? argv[1] : "redis://127.0.0.1:6379");
    const std::string mode = argc > 2 ? argv[2] : "";
    try {
        if (mode.empty() || mode == "enqueue") enqueue(redis);
        if (mode.empty() || mode == "serve") serve(redis);
    } catch (const asynq::Error& e) {
        std::cerr << "aggregate: " << e.what() << "\n";
        return 1;
    }
}
