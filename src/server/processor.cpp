#include "server/processor.h"

#include <fmt/format.h>

#include "asynq/errors.h"
#include "asynq/task_errors.h"

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

}  // namespace

Processor::Processor(Dependencies deps, HandlerFunc handler) : deps_(deps), handler_(std::move(handler)) {}

Processor::~Processor() {
    stop_fetching();
    join();
}

void Processor::start() {
    deps_.fetcher.start();
    for (int i = 0; i < deps_.config.concurrency; ++i) workers_.emplace_back([this] { work(); });
}

void Processor::stop_fetching() noexcept { deps_.fetcher.stop_fetching(); }

void Processor::join() noexcept {
    for (auto& worker : workers_) {
        if (worker.joinable()) worker.join();
    }
    workers_.clear();
    for (auto& task : deps_.fetcher.finish()) {
        // Taken for a worker that stopped first: back to pending untouched, like a shutdown requeue.
        const Attempt attempt(std::move(task.message), deps_.clock.now(), {}, task.lease_expires_at);
        deps_.finisher.requeue(attempt);
    }
}

void Processor::work() {
    while (auto task = deps_.fetcher.next_task()) run_attempt(std::move(*task));
}

void Processor::run_attempt(broker::DequeuedTask dequeued) {
    const auto now = deps_.clock.now();
    const auto deadline = compute_deadline(dequeued.message, now);
    auto attempt = std::make_shared<Attempt>(std::move(dequeued.message), now, deadline, dequeued.lease_expires_at);
    const bool registered = deps_.in_flight.add(attempt);
    deps_.fetcher.started();  // shutdown's in-flight snapshot now sees the task, or add() refused it
    if (!registered) {
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
                deps_.finisher.succeeded(attempt);
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
