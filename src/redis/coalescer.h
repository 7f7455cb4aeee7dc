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
/// A caller that finds fewer than `max_pipelines` pipelines under way sends its command itself, with the commands
/// waiting at that moment; once answered it passes its pipeline to the oldest waiter, who goes on the same way.
/// Others sleep until their command is answered. With few callers each sends its own command alone, as without a
/// coalescer.
class Coalescer {
public:
    explicit Coalescer(Executor& executor, int max_pipelines = 2, std::size_t max_batch = 512)
        : executor_(executor), max_pipelines_(max_pipelines), max_batch_(max_batch) {}

    /// As Executor::run: the reply, or ReplyError for an error reply; IoError when the node could not be reached
    /// (the command was not sent) or, as "outcome unknown", when the connection broke before its reply came.
    Reply run(Command command);

private:
    struct Slot {
        enum State : int { kWaiting, kAnswered, kLead };
        explicit Slot(Command c) : command(std::move(c)) {}
        Command command;             // moved out by the leader that sends it
        std::optional<Reply> reply;  // written by the leader that sent it, read by the owner once answered
        std::exception_ptr error;    // likewise
        std::mutex mu;               // lock order: Coalescer::mu_, then this
        int state = kWaiting;        // guarded by mu
        std::condition_variable cv;  // with mu; notified under mu, so the slot outlives the notify
    };
    /// Sends `own` (not in waiting_) with the commands waiting, then passes the pipeline on. Without the lock.
    void lead(Slot& own);
    void send(const std::deque<Slot*>& batch);
    /// Waits until the slot's state is no longer `from`; returns the new state.
    int await_change(Slot& slot, int from);
    void set_state(Slot& slot, int state);

    Executor& executor_;
    const int max_pipelines_;      // immutable
    const std::size_t max_batch_;  // immutable
    std::mutex mu_;
    std::deque<Slot*> waiting_;  // guarded by mu_: not yet sent, oldest first
    int leaders_ = 0;            // guarded by mu_: pipelines under way or about to be
};

}  // namespace asynq::redis
