#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>

#include "redis/command.h"
#include "redis/executor.h"
#include "redis/reply.h"

namespace asynq::redis {

/// Auto-pipelining: commands that many threads issue at the same time are sent together, one pipeline per round
/// trip, instead of one round trip each. Redis then reads and answers many commands per system call, which is most
/// of its cost per command. Thread-safe; the executor must outlive it.
///
/// A caller that finds fewer than `max_pipelines` pipelines under way sends the waiting commands itself (its own
/// among them) and keeps sending until its own command is answered; then it hands the waiting commands to the
/// oldest waiter, who goes on the same way. Others sleep until their command is answered. A lone caller pays
/// nothing extra: its pipeline holds only its own command.
class Coalescer {
public:
    explicit Coalescer(Executor& executor, int max_pipelines = 4, std::size_t max_batch = 512)
        : executor_(executor), max_pipelines_(max_pipelines), max_batch_(max_batch) {}

    /// As Executor::run: the reply, or ReplyError for an error reply; IoError when the node could not be reached
    /// (the command was not sent) or, as "outcome unknown", when the connection broke before its reply came.
    Reply run(const Command& command);

private:
    struct Slot {
        enum State : int { kWaiting, kAnswered, kLead };
        const Command* command;
        std::optional<Reply> reply;
        std::exception_ptr error;
        int state = kWaiting;        // guarded by mu_
        std::condition_variable cv;  // with mu_; notified under mu_, so the slot outlives the notify
    };
    /// Sends batches until `own` is answered. Called by a leader, without the lock.
    void lead(Slot& own);
    void send(const std::deque<Slot*>& batch);
    /// Waits until the slot's state is no longer `from`; returns the new state.
    int await_change(Slot& slot, int from);

    Executor& executor_;
    const int max_pipelines_;      // immutable
    const std::size_t max_batch_;  // immutable
    std::mutex mu_;
    std::deque<Slot*> waiting_;  // guarded by mu_: not yet sent, oldest first
    int leaders_ = 0;            // guarded by mu_: pipelines under way or about to be
};

}  // namespace asynq::redis
