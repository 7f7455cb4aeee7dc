#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>

#include "server/attempt.h"
#include "server/finisher.h"

namespace asynq::server {

/// Records failures decided on threads that must never wait: the timekeeper (other tasks' deadlines), the
/// subscriber and the heartbeater (every task's lease renewal). Those threads claim the outcome and stop the
/// handler on time, then queue the failure here; this thread runs the error handler (user code) and the Redis
/// write. Thread-safe.
class FailureQueue {
public:
    explicit FailureQueue(Finisher& finisher) : finisher_(finisher) {}
    ~FailureQueue() { stop(); }

    void start();
    /// Records everything queued so far, then stops and joins.
    void stop() noexcept;
    /// The attempt's outcome must already be claimed by the caller.
    void push(std::shared_ptr<Attempt> attempt, std::exception_ptr error);

private:
    void run(std::stop_token stop);

    Finisher& finisher_;
    std::mutex mu_;
    std::condition_variable_any cv_;
    std::deque<std::pair<std::shared_ptr<Attempt>, std::exception_ptr>> queue_;  // guarded by mu_
    std::jthread thread_;                                                        // last: joined first
};

}  // namespace asynq::server
