#pragma once

#include <exception>
#include <functional>
#include <memory>

#include "asynq/server.h"
#include "broker/broker.h"
#include "server/attempt.h"
#include "server/metrics_recorder.h"
#include "server/syncer.h"
#include "util/logger.h"

namespace asynq::server {

/// Writes the outcome of an attempt (spec §7.1): success, the failure path (error handler, RevokeTask, archive,
/// retry with backoff) and shutdown requeues. Every write is skipped once the in-memory lease has passed (the
/// recoverer owns the task then); a write that fails goes to the syncer. Thread-safe.
class Finisher {
public:
    struct Policy {
        std::function<std::chrono::nanoseconds(int, const std::exception&, const Task&)> retry_delay;  // may be empty
        std::function<bool(const std::exception&)> is_failure;                                         // may be empty
        std::function<void(const Task&, const std::exception&)> error_handler;                         // may be empty
    };

    /// Takes the success of an attempt without retention to write in a batch; false if it cannot (then the
    /// finisher writes it itself).
    using AckSink = std::function<bool(std::shared_ptr<const Attempt>)>;

    /// `metrics`, when given, counts every outcome of an attempt (not recover()'s, which are not attempts).
    Finisher(broker::Broker& broker, const util::Clock& clock, util::Logger& logger, Syncer& syncer, Policy policy,
             AckSink ack_sink = {}, MetricsRecorder* metrics = nullptr)
        : broker_(broker),
          clock_(clock),
          logger_(logger),
          syncer_(syncer),
          policy_(std::move(policy)),
          ack_sink_(std::move(ack_sink)),
          metrics_(metrics) {}

    /// The handler returned: Done (through the ack sink when there is one), or MarkAsComplete when the task has a
    /// retention.
    void succeeded(const std::shared_ptr<const Attempt>& attempt);
    /// Done (spec §4.7) written on its own: for a success the ack sink could not take or could not write.
    void done(const Attempt& attempt);
    /// The attempt failed with `error` (a std::exception: see normalize_error).
    void failed(const Attempt& attempt, const std::exception_ptr& error);
    /// The shutdown timeout passed while the handler ran: back to pending, no retry charged.
    void requeue(const Attempt& attempt);
    /// A task whose lease expired on some server (spec §4.14): archived if out of retries, else retried with
    /// "asynq: task lease expired". Written directly (no lease to check, no error handler, as Go's recoverer);
    /// a failure propagates and the next recoverer run tries again.
    void recover(const wire::TaskMessage& message);

private:
    std::chrono::nanoseconds retry_delay(const wire::TaskMessage& message, const std::exception& error,
                                         const Task& task) const;
    bool is_failure(const wire::TaskMessage& message, const std::exception& error) const;
    void count(const Attempt& attempt, AttemptOutcome outcome) const;
    /// Runs write now; on a Redis error hands it to the syncer until the lease expires.
    void write(const Attempt& attempt, const char* what, std::function<bool()> op);

    broker::Broker& broker_;
    const util::Clock& clock_;
    util::Logger& logger_;
    Syncer& syncer_;
    const Policy policy_;             // immutable
    const AckSink ack_sink_;          // immutable; may be empty
    MetricsRecorder* const metrics_;  // may be null
};

/// What a handler threw, as an exception_ptr to a std::exception: anything else becomes a PanicError (Go's panic).
std::exception_ptr normalize_error(std::exception_ptr error);

/// The task a handler or a callback sees for a stored message.
Task task_of(const wire::TaskMessage& message);

}  // namespace asynq::server
