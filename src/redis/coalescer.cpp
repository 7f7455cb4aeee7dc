#include "redis/coalescer.h"

#include <vector>

#include "redis/errors.h"

namespace asynq::redis {

Reply Coalescer::run(Command command) {
    Slot slot(std::move(command));
    bool leader = false;
    {
        std::lock_guard lock(mu_);
        // A leader sends its own command itself: with few callers each one has its own pipeline, as without us.
        if (leaders_ < max_pipelines_) {
            ++leaders_;
            leader = true;
        } else {
            waiting_.push_back(&slot);
        }
    }
    if (leader) {
        lead(slot);
    } else if (await_change(slot, Slot::kWaiting) == Slot::kLead) {  // answered, or made leader by the last one
        lead(slot);
    }
    if (slot.error) std::rethrow_exception(slot.error);
    return std::move(*slot.reply);
}

void Coalescer::lead(Slot& own) {
    std::deque<Slot*> batch{&own};
    {
        std::lock_guard lock(mu_);
        while (!waiting_.empty() && batch.size() < max_batch_) {
            batch.push_back(waiting_.front());
            waiting_.pop_front();
        }
    }
    send(batch);
    std::lock_guard lock(mu_);
    // Pass the pipeline to the oldest waiter, taken off the queue so that no other leader sends its command (the
    // lead would be lost with it); or give the pipeline up.
    if (waiting_.empty()) {
        --leaders_;
    } else {
        Slot* next = waiting_.front();
        waiting_.pop_front();
        set_state(*next, Slot::kLead);
    }
}

void Coalescer::send(const std::deque<Slot*>& batch) {
    // Moved, not copied: a command carries the whole encoded task. Its owner needs only the reply or error.
    std::vector<Command> commands;
    commands.reserve(batch.size());
    for (Slot* slot : batch) commands.push_back(std::move(slot->command));
    try {
        std::vector<Reply> replies = executor_.run_pipeline(commands);
        for (std::size_t i = 0; i < batch.size(); ++i) {
            if (replies[i].is_error()) {
                batch[i]->error = std::make_exception_ptr(
                    make_reply_error(executor_.describe(), commands[i].describe(), replies[i].as_string()));
            } else {
                batch[i]->reply = std::move(replies[i]);
            }
        }
    } catch (const PipelineError& e) {
        // Answered commands keep their reply; the others may or may not have run.
        for (std::size_t i = 0; i < batch.size(); ++i) {
            if (e.replies()[i] && e.replies()[i]->is_error()) {
                batch[i]->error = std::make_exception_ptr(
                    make_reply_error(executor_.describe(), commands[i].describe(), e.replies()[i]->as_string()));
            } else if (e.replies()[i]) {
                batch[i]->reply = e.replies()[i];
            } else {
                batch[i]->error = std::make_exception_ptr(
                    IoError(std::string(e.what()) + " (outcome unknown: " + commands[i].describe() + ")"));
            }
        }
    } catch (...) {
        const std::exception_ptr error = std::current_exception();  // nothing was sent
        for (Slot* slot : batch) slot->error = error;
    }
    for (Slot* slot : batch) set_state(*slot, Slot::kAnswered);
}

void Coalescer::set_state(Slot& slot, int state) {
    // Notified under the slot's lock: its owner cannot return (and destroy the slot, which lives on its stack)
    // before we let go of it.
    std::lock_guard lock(slot.mu);
    slot.state = state;
    slot.cv.notify_one();
}

int Coalescer::await_change(Slot& slot, int from) {
    std::unique_lock lock(slot.mu);
    slot.cv.wait(lock, [&] { return slot.state != from; });
    return slot.state;
}

}  // namespace asynq::redis
