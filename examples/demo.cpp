// The demo behind scripts/demo.sh: enqueues a mix of tasks that uses every enqueue option and a batch, then runs
// workers that process them live: most succeed, some fail and are retried, slow ones time out and end archived.
// Usage: example_demo [redis-uri] [batch-size] [seconds-of-processing]
#include <asynq/asynq.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <iomanip>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;

void show(const asynq::TaskInfo& info, const std::string& what) {
    std::cout << "  " << std::left << std::setw(34) << what << " -> " << std::setw(11) << to_string(info.state)
              << " queue=" << std::setw(9) << info.queue << " id=" << info.id << "\n";
}

/// Enqueues and shows the outcome; a duplicate or id conflict is an expected refusal, shown as such.
template <typename Enqueue>
void attempt(const std::string& what, Enqueue&& enqueue) {
    try {
        show(enqueue(), what);
    } catch (const asynq::Error& e) {
        if (e.code() != asynq::ErrorCode::kAlreadyExists) throw;
        std::cout << "  " << std::left << std::setw(34) << what << " -> refused: " << e.what() << "\n";
    }
}

/// Runs workers for `seconds`, printing a progress line per second.
int process(const asynq::RedisOptions& redis, int seconds) {
    std::atomic<long> succeeded = 0, failed = 0, timed_out = 0;
    auto handler = [&](asynq::TaskContext& context, const asynq::Task& task) {
        if (task.type() == "bulk:item" && context.retry_count() == 0 && std::stoi(task.payload()) % 20 == 7) {
            ++failed;  // about one in twenty fails on its first attempt and succeeds when retried
            throw std::runtime_error("transient failure (demo)");
        }
        if (task.type() == "demo:slow") {
            // Works for 3 s but has a 1 s timeout: the stop token fires and the attempt fails.
            std::mutex mu;
            std::condition_variable_any cv;
            std::unique_lock lock(mu);
            cv.wait_for(lock, context.stop_token(), 3s, [] { return false; });
            if (context.stop_requested()) {
                ++timed_out;
                throw std::runtime_error("gave up: deadline exceeded");
            }
        }
        ++succeeded;
    };

    asynq::Server server(redis, {.concurrency = 20,
                                 .queues = {{"critical", 6}, {"default", 3}, {"low", 1}},
                                 .retry_delay = [](int, const std::exception&, const asynq::Task&) { return 1s; },
                                 .delayed_task_check_interval = 500ms,
                                 .log_level = asynq::LogLevel::kWarn});
    server.start(handler);
    std::cout << "\nWorkers running (concurrency 20, queues critical:6 default:3 low:1) for " << seconds << " s:\n";
    long last = 0;
    for (int second = 1; second <= seconds; ++second) {
        std::this_thread::sleep_for(1s);
        long done = succeeded + failed + timed_out;
        std::cout << std::right << "  [" << std::setw(2) << second << "s] " << std::setw(6) << done - last
                  << " attempts/s   succeeded " << std::setw(6) << succeeded << "   failed (will retry) "
                  << std::setw(4) << failed << "   timed out " << timed_out << "\n"
                  << std::flush;
        last = done;
    }
    std::cout << "Shutting down gracefully...\n";
    server.shutdown();
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    auto redis = asynq::RedisOptions::from_uri(argc > 1 ? argv[1] : "redis://127.0.0.1:6379");
    const int batch_size = argc > 2 ? std::stoi(argv[2]) : 5000;
    const int run_seconds = argc > 3 ? std::stoi(argv[3]) : 12;
    asynq::Client client(redis);

    try {
        std::cout << "Enqueueing one task per option kind:\n";
        attempt("defaults", [&] { return client.enqueue(asynq::Task("email:welcome", R"({"user_id":42})")); });
        attempt("queue + max_retry + timeout", [&] {
            return client.enqueue(asynq::Task("image:resize", R"({"w":64})"),
                                  {.queue = "critical", .max_retry = 5, .timeout = 90s});
        });
        attempt("deadline, no payload", [&] {
            return client.enqueue(asynq::Task("cleanup:tmp"),
                                  {.queue = "low", .deadline = std::chrono::system_clock::now() + 24h});
        });
        for (auto* what : {"unique for 1h", "same unique task again"}) {
            attempt(what, [&] { return client.enqueue(asynq::Task("cache:warm", "k1"), {.unique_ttl = 1h}); });
        }
        attempt("process in 1h",
                [&] { return client.enqueue(asynq::Task("reminder:send", R"({"id":7})"), {.process_in = 1h}); });
        attempt("process at now + 6h", [&] {
            return client.enqueue(asynq::Task("report:nightly", "nightly"),
                                  {.process_at = std::chrono::system_clock::now() + 6h});
        });
        for (auto* what : {"task id", "same task id again"}) {
            attempt(what, [&] {
                return client.enqueue(asynq::Task("order:ship", R"({"order":1001})"), {.task_id = "order-1001"});
            });
        }
        attempt("retention 2h", [&] { return client.enqueue(asynq::Task("audit:record", "kept"), {.retention = 2h}); });
        attempt("group", [&] { return client.enqueue(asynq::Task("digest:item", "a"), {.group = "daily-digest"}); });
        attempt("headers", [&] {
            return client.enqueue(asynq::Task("trace:me", "t", {{"request-id", "r-123"}}), {.queue = "low"});
        });

        std::cout << "\nBatch-enqueueing " << batch_size << " tasks (pipelined):\n";
        const int chunk = std::max(1, batch_size / 10);
        auto started = std::chrono::steady_clock::now();
        int done = 0, failed = 0;
        while (done < batch_size) {
            std::vector<asynq::BatchItem> items;
            for (int i = 0; i < chunk && done + i < batch_size; ++i) {
                int n = done + i;
                items.push_back({asynq::Task("bulk:item", std::to_string(n)),
                                 {.queue = n % 3 == 0 ? "critical" : "default", .max_retry = 3}});
            }
            for (auto& result : client.enqueue_batch(items)) failed += result.ok() ? 0 : 1;
            done += static_cast<int>(items.size());
            std::cout << "  " << done << "/" << batch_size << " enqueued\n" << std::flush;
        }
        auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        std::cout << "  batch done in " << std::fixed << std::setprecision(3) << seconds << " s ("
                  << std::setprecision(0) << batch_size / seconds << " tasks/s), " << failed << " failed\n";
        for (int i = 0; i < 3; ++i) {
            client.enqueue(asynq::Task("demo:slow", std::to_string(i)), {.max_retry = 1, .timeout = 1s});
        }
        std::cout << "  + 3 demo:slow tasks that outlive their 1 s timeout\n";
        if (failed != 0) return 1;
        return process(redis, run_seconds);
    } catch (const asynq::Error& e) {
        std::cerr << "demo: " << e.what() << "\n";
        return 1;
    }
}
