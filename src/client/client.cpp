#include "asynq/client.h"

#include <fmt/format.h>

#include "broker/broker.h"
#include "client/message_builder.h"
#include "redis/executor.h"

namespace asynq {
namespace {

TaskState state_of(broker::EnqueuePath path) {
    switch (path) {
        case broker::EnqueuePath::kPending:
            return TaskState::kPending;
        case broker::EnqueuePath::kScheduled:
            return TaskState::kScheduled;
        case broker::EnqueuePath::kAggregating:
            return TaskState::kAggregating;
    }
    return TaskState::kPending;
}

/// Turns the broker's outcome into TaskInfo, or throws the typed error Go users know.
TaskInfo finish(const broker::EnqueueRequest& request, broker::EnqueueOutcome outcome) {
    const auto& message = request.message;
    switch (outcome) {
        case broker::EnqueueOutcome::kEnqueued: {
            auto next =
                request.path == broker::EnqueuePath::kAggregating ? util::Clock::TimePoint{} : request.process_at;
            return broker::to_task_info(message, state_of(request.path), next, std::nullopt);
        }
        case broker::EnqueueOutcome::kTaskIdConflict:
            throw TaskIdConflictError(
                fmt::format("enqueue: task ID conflicts with another task (queue \"{}\", id \"{}\")", message.queue(),
                            message.id()));
        case broker::EnqueueOutcome::kDuplicateTask:
            throw DuplicateTaskError(
                fmt::format("enqueue: task already exists (unique lock {} is held)", message.unique_key()));
    }
    throw Error(ErrorCode::kInternal, "enqueue: unknown outcome");
}

}  // namespace

struct Client::Impl {
    explicit Impl(const RedisOptions& options)
        : executor(redis::make_executor(options)), broker(*executor, util::SystemClock::instance()) {}

    std::unique_ptr<redis::Executor> executor;
    broker::Broker broker;
};

Client::Client(RedisOptions options) : impl_(std::make_unique<Impl>(options)) {}
Client::~Client() = default;
Client::Client(Client&&) noexcept = default;
Client& Client::operator=(Client&&) noexcept = default;

TaskInfo Client::enqueue(const Task& task, const EnqueueOptions& options) {
    auto request = client::build_enqueue_request(task, options, impl_->broker.now());
    return finish(request, impl_->broker.enqueue(request));
}

std::vector<BatchResult> Client::enqueue_batch(std::span<const BatchItem> items) {
    std::vector<BatchResult> results(items.size());
    std::vector<broker::EnqueueRequest> requests;
    std::vector<std::size_t> item_of_request;
    requests.reserve(items.size());
    const auto now = impl_->broker.now();
    for (std::size_t i = 0; i < items.size(); ++i) {
        try {
            requests.push_back(client::build_enqueue_request(items[i].task, items[i].options, now));
            item_of_request.push_back(i);
        } catch (...) {
            results[i].error = std::current_exception();
        }
    }

    auto outcomes = impl_->broker.enqueue_batch(requests);
    for (std::size_t r = 0; r < requests.size(); ++r) {
        BatchResult& result = results[item_of_request[r]];
        if (outcomes[r].error) {
            result.error = outcomes[r].error;
            continue;
        }
        try {
            result.info = finish(requests[r], *outcomes[r].outcome);
        } catch (...) {
            result.error = std::current_exception();
        }
    }
    return results;
}

void Client::ping() { impl_->executor->run(redis::Command::keyless({"PING"})); }

ErrorCode BatchResult::error_code() const {
    if (!error) return ErrorCode::kInternal;
    try {
        std::rethrow_exception(error);
    } catch (const Error& e) {
        return e.code();
    } catch (...) {
        return ErrorCode::kInternal;
    }
}

std::string BatchResult::error_message() const {
    if (!error) return {};
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& e) {
        return e.what();
    } catch (...) {
        return "unknown error";
    }
}

}  // namespace asynq
