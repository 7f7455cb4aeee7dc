#include "asynq/client.h"

#include "broker/broker.h"
#include "client/enqueue_result.h"
#include "client/message_builder.h"
#include "redis/executor.h"

namespace asynq {

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
    return client::task_info_of(request, impl_->broker.enqueue(request));
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
            result.info = client::task_info_of(requests[r], *outcomes[r].outcome);
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
