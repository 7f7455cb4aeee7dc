#include "redis/coalescer.h"

#include <vector>

#include "redis/errors.h"

namespace asynq::redis {

Reply Coalescer::run(const Command& command) {
    Slot slot{.command = &command};
    bool leader = false;
    {
        std::lock_guard lock(mu_);
        waiting_.push_back(&slot);
        if (leaders_ < max_pipelines_) {
            ++leaders_;
            leader = true;
        }
    }
    if (!leader) {
        // Answered, or made leader by the previous one.
        if (await_change(slot, Slot::kWaiting) == Slot::kLead) lead(slot);
    } else {
        lead(slot);
    }
    if (slot.error) std::rethrow_exception(slot.error);
    if (slot.reply->is_error()) {
        throw make_reply_error(executor_.describe(), command.describe(), slot.reply->as_string());
    }
    return std::move(*slot.reply);
}

void Coalescer::lead(Slot& own) {
    while (true) {
        std::deque<Slot*> batch;
        {
            std::lock_guard lock(mu_);
            if (own.state == Slot::kAnswered) {
                // Our command is answered: pass the lead to the oldest waiter, or give the pipeline up.
                if (waiting_.empty()) {
                    --leaders_;
                } else {
                    waiting_.front()->state = Slot::kLead;
                    waiting_.front()->cv.notify_one();
                }
                return;
            }
            while (!waiting_.empty() && batch.size() < max_batch_) {
                batch.push_back(waiting_.front());
                waiting_.pop_front();
            }
        }
        // Our own command was taken by another leader: wait for its answer (no one can make us lead now).
        if (batch.empty()) {
            std::unique_lock lock(mu_);
            own.cv.wait(lock, [&] { return own.state == Slot::kAnswered; });
            continue;
        }
        send(batch);
    }
}

void Coalescer::send(const std::deque<Slot*>& batch) {
    std::vector<Command> commands;
    commands.reserve(batch.size());
    for (const Slot* slot : batch) commands.push_back(*slot->command);
    try {
        std::vector<Reply> replies = executor_.run_pipeline(commands);
        for (std::size_t i = 0; i < batch.size(); ++i) batch[i]->reply = std::move(replies[i]);
    } catch (const PipelineError& e) {
        // Answered commands keep their reply; the others may or may not have run.
        for (std::size_t i = 0; i < batch.size(); ++i) {
            if (e.replies()[i]) {
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
    // Under mu_: a waiter cannot return (and destroy its slot, which lives on its stack) before we are done.
    std::lock_guard lock(mu_);
    for (Slot* slot : batch) {
        slot->state = Slot::kAnswered;
        slot->cv.notify_one();
    }
}

int Coalescer::await_change(Slot& slot, int from) {
    std::unique_lock lock(mu_);
    slot.cv.wait(lock, [&] { return slot.state != from; });
    return slot.state;
}

}  // namespace asynq::redis
