#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "server/attempt.h"

namespace asynq::server {

/// The attempts this server is running, by task id. Thread-safe.
class InFlight {
public:
    /// Registers an attempt; false once close() was called (shutdown has taken its snapshot): the caller must then
    /// requeue the task instead of running it.
    bool add(const std::shared_ptr<Attempt>& attempt);
    /// Refuses further add() and returns the attempts still in flight.
    std::vector<std::shared_ptr<Attempt>> close();
    void remove(const Attempt& attempt);
    /// The attempts running this task id (cancellation is not queue-scoped, spec §4.21; the same id may run in
    /// two queues).
    std::vector<std::shared_ptr<Attempt>> find(const std::string& task_id) const;
    std::vector<std::shared_ptr<Attempt>> snapshot() const;
    std::size_t size() const;
    /// Blocks until no attempt is in flight or the deadline passes; true if none is left.
    bool wait_until_empty(std::chrono::steady_clock::time_point deadline) const;

private:
    mutable std::mutex mu_;
    mutable std::condition_variable emptied_;
    std::multimap<std::string, std::shared_ptr<Attempt>> attempts_;  // guarded by mu_
    bool closed_ = false;                                            // guarded by mu_
};

}  // namespace asynq::server
