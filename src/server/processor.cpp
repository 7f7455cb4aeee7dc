#include "server/processor.h"

#include <fmt/format.h>

#include "asynq/errors.h"
#include "asynq/task_errors.h"
#include "util/backoff.h"

namespace asynq::server {
namespace {

std::string stop_text(StopReason reason) {
    switch (reason) {
        case StopReason::kDeadline:
            return "context deadline exceeded";
        case StopReason::kCanceled:
            return "context canceled";
        case StopReason::kShutdown:
            return "server shutting down";
        case StopReason::kLeaseExpired:
            return "asynq: task lease expired";
        case StopReason::kNone:
            break;
    }
    return "attempt ended";
}

std::vector<std::string> names(const std::map<std::string, int>& queues) {
    std::vector<std::string> out;
    for (auto& [name, priority] : queues) out.push_back(name);
    return out;
}

}  // namespace

Processor::Processor(Dependencies deps, HandlerFunc handler)
    : deps_(deps),
      handler_(std::move(handler)),
      selector_(deps.config.queues, deps.config.strict_priority),
      gate_(deps.config.task_check_interval, [this](std::span<const std::string> queues) { watchers_.arm(queues); }),
      watchers_(deps.broker, deps.logger, names(deps.config.queues),
                [this](const std::string&) { gate_.notify_work(); }) {}

Processor::~Processor() {
    stop_fetching();
    join();
}

void Processor::start() {
    watchers_.start();
    for (int i = 0; i < deps_.config.concurrency; ++i) {
        workers_.emplace_back([this] { work(fetch_stop_.get_token()); });
    }
}

void Processor::stop_fetching() noexcept { fetch_stop_.request_stop(); }

void Processor::join() noexcept {
    for (auto& worker : workers_) {
        if (worker.joinable()) worker.join();
    }
    workers_.clear();
    watchers_.stop();
}

void Processor::work(std::stop_token stop) {
    util::Backoff backoff(std::chrono::milliseconds(100), std::chrono::seconds(5));
    std::mutex sleep_mu;
    std::condition_variable_any sleep_cv;
    while (!stop.stop_requested()) {
        broker::DequeueResult result;
        try {
            result = deps_.broker.dequeue(selector_.order(), deps_.config.lease_duration);
            backoff.reset();
        } catch (const std::exception& e) {
            deps_.logger.log_every(std::chrono::seconds(10), "dequeue", LogLevel::kError,
                                   std::string("dequeue failed: ") + e.what());
            std::unique_lock lock(sleep_mu);
            sleep_cv.wait_for(lock, stop, backoff.next(), [] { return false; });  // interruptible backoff
            continue;
        }
        for (const auto& bad : result.bad_tasks) {
            deps_.logger.error("queue {}: task {}: {}", bad.queue, bad.id, bad.problem);
        }
        if (!result.task) {
            gate_.wait(result.empty_queues, stop);
            continue;
        }
        gate_.work_found();
        run_attempt(std::move(*result.task));
    }
}

void Processor::run_attempt(broker::DequeuedTask dequeued) {
    const auto now = deps_.clock.now();
    const auto deadline = compute_deadline(dequeued.message, now);
    auto attempt = std::make_shared<Attempt>(std::move(dequeued.message), now, deadline, dequeued.lease_expires_at);
    if (!deps_.in_flight.add(attempt)) {
        // Dequeued while shutdown was taking its snapshot: hand the task back untouched, no handler call.
        if (attempt->claim_outcome()) deps_.finisher.requeue(*attempt);
        return;
    }
    deps_.timekeeper.watch(attempt);
    const auto& message = attempt->message();
    deps_.logger.debug("task {} ({}) from queue {} started", message.id(), message.type(), message.queue());

    if (deadline <= now) {
        // Already past its deadline: fail at once without calling the handler (spec §6.5).
        attempt->request_stop(StopReason::kDeadline);
        if (attempt->claim_outcome()) deps_.finisher.failed(*attempt, std::make_exception_ptr(DeadlineExceeded()));
    } else {
        broker::Broker& broker = deps_.broker;
        ResultWriter writer(message.id(), [attempt, &broker](std::string_view data) -> std::size_t {
            if (attempt->stop_token().stop_requested()) {
                throw Error(ErrorCode::kFailedPrecondition,
                            "failed to write task result: " + stop_text(attempt->stop_reason()));
            }
            return static_cast<std::size_t>(broker.write_result(attempt->queue(), attempt->id(), data));
        });
        TaskContext context(
            {message.id(), message.queue(), message.retried(), message.retry(), deadline}, attempt->stop_token(),
            [attempt] { return attempt->stop_reason(); }, std::move(writer));
        std::exception_ptr error;
        try {
            handler_(context, task_of(message));
        } catch (...) {
            error = std::current_exception();  // a throwing handler never takes the worker down
        }
        if (attempt->claim_outcome()) {
            if (error) {
                deps_.finisher.failed(*attempt, error);
            } else {
                deps_.finisher.succeeded(*attempt);
            }
        } else {
            deps_.logger.debug("task {}: handler returned after its outcome was recorded ({}); result discarded",
                               message.id(), stop_text(attempt->stop_reason()));
        }
    }
    deps_.timekeeper.forget(*attempt);
    deps_.in_flight.remove(*attempt);
}

}  // namespace asynq::server
