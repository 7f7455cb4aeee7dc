// A worker process: handlers by task type, graceful shutdown on SIGTERM/SIGINT. The README quotes the block
// between the markers, and the test build compiles this file.
// [worker]
#include <asynq/asynq.h>

#include <chrono>
#include <iostream>

int main(int argc, char** argv) {
    auto redis = asynq::RedisOptions::from_uri(argc > 1 ? argv[1] : "redis://127.0.0.1:6379");

    auto mux = std::make_shared<asynq::ServeMux>();
    mux->handle("email:", [](asynq::TaskContext& context, const asynq::Task& task) {
        std::cout << "sending " << task.type() << " " << task.payload() << " (attempt " << context.retry_count() + 1
                  << ")\n";
        if (task.payload().empty()) throw asynq::SkipRetry("no recipient");  // archive at once, no retries
    });
    mux->handle("report:daily", [](asynq::TaskContext& context, const asynq::Task&) {
        while (!context.stop_requested()) {  // stop token: timeout, deadline, cancellation or shutdown
            // ... one step of a long computation ...
            break;
        }
        context.result_writer().write("report ready");  // kept while the task is retained
    });

    asynq::Server server(redis, {.concurrency = 10,
                                 .queues = {{"critical", 6}, {"default", 3}, {"low", 1}},
                                 .shutdown_timeout = std::chrono::seconds(10)});
    server.run(mux);  // blocks; SIGTERM/SIGINT shut down gracefully, SIGTSTP stops taking new tasks
}
// [worker]
