#include "server/queue_watchers.h"

#include "broker/keys.h"
#include "util/backoff.h"

namespace asynq::server {

QueueWatchers::QueueWatchers(broker::Broker& broker, util::Logger& logger, std::vector<std::string> queues,
                             OnWork on_work, std::chrono::milliseconds block_timeout)
    : broker_(broker), logger_(logger), on_work_(std::move(on_work)), block_timeout_(block_timeout) {
    for (auto& queue : queues) {
        auto watcher = std::make_unique<Watcher>();
        watcher->queue = std::move(queue);
        watchers_.push_back(std::move(watcher));
    }
}

void QueueWatchers::start() {
    for (auto& watcher : watchers_) {
        Watcher* w = watcher.get();
        w->thread = std::jthread([this, w](std::stop_token stop) { run(*w, stop); });
    }
}

void QueueWatchers::stop() noexcept {
    for (auto& watcher : watchers_) watcher->thread.request_stop();
    for (auto& watcher : watchers_) {
        {
            std::lock_guard lock(watcher->mu);
            if (watcher->connection) watcher->connection->interrupt();  // unblocks a BLMOVE in flight
        }
        watcher->cv.notify_all();
        if (watcher->thread.joinable()) watcher->thread.join();
    }
}

void QueueWatchers::arm(std::span<const std::string> queues) {
    for (auto& watcher : watchers_) {
        for (const auto& queue : queues) {
            if (queue != watcher->queue) continue;
            {
                std::lock_guard lock(watcher->mu);
                watcher->armed = true;
            }
            watcher->cv.notify_all();
        }
    }
}

void QueueWatchers::run(Watcher& w, std::stop_token stop) {
    util::Backoff backoff(std::chrono::milliseconds(100), std::chrono::seconds(5));
    while (!stop.stop_requested()) {
        redis::Connection* connection = nullptr;
        {
            std::unique_lock lock(w.mu);
            if (!w.cv.wait(lock, stop, [&w] { return w.armed; })) return;
            if (w.connection && !w.connection->broken()) connection = w.connection.get();
        }
        try {
            if (connection == nullptr) {
                // No read timeout: the BLMOVE timeout bounds the wait, and stop() interrupts it.
                auto fresh =
                    broker_.executor().open_dedicated(broker::keys::pending_key(w.queue), std::chrono::milliseconds(0));
                std::lock_guard lock(w.mu);
                w.connection = std::move(fresh);
                connection = w.connection.get();
                // stop() may have run between the dial and here, finding no connection to interrupt.
                if (stop.stop_requested()) return;
            }
            // Only this thread uses the connection; stop() may interrupt() it, the one call safe from elsewhere.
            if (broker_.wait_for_pending(*connection, w.queue, block_timeout_)) {
                {
                    std::lock_guard lock(w.mu);
                    w.armed = false;
                }
                on_work_(w.queue);
            }
            backoff.reset();
        } catch (const std::exception& e) {
            if (stop.stop_requested()) return;
            logger_.log_every(std::chrono::seconds(30), "watcher:" + w.queue, LogLevel::kWarn,
                              "queue watcher " + w.queue + ": " + e.what() + " (the server falls back to polling)");
            std::unique_lock lock(w.mu);
            w.connection.reset();
            w.cv.wait_for(lock, stop, backoff.next(), [] { return false; });
        }
    }
}

}  // namespace asynq::server
