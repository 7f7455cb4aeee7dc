#include "server/finisher.h"

#include "asynq/task_errors.h"
#include "server/retry_delay.h"
#include "util/text.h"

namespace asynq::server {
namespace {

/// Calls fn with the std::exception inside error.
template <typename Fn>
auto with_exception(const std::exception_ptr& error, Fn&& fn) {
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& e) {
        return fn(e);
    }
}

/// Go's errors.Is through wrapping: the exception itself or one nested in it (std::throw_with_nested).
template <typename T>
bool is_or_wraps(const std::exception& e) {
    if (dynamic_cast<const T*>(&e) != nullptr) return true;
    try {
        std::rethrow_if_nested(e);
    } catch (const std::exception& inner) {
        return is_or_wraps<T>(inner);
    } catch (...) {
    }
    return false;
}

}  // namespace

std::exception_ptr normalize_error(std::exception_ptr error) {
    try {
        std::rethrow_exception(error);
    } catch (const std::exception&) {
        return error;
    } catch (...) {
        return std::make_exception_ptr(PanicError("a value that is not a std::exception was thrown"));
    }
}

Task task_of(const wire::TaskMessage& message) {
    Headers headers(message.headers().begin(), message.headers().end());
    // Proto3 cannot tell a missing payload from an empty one; Go decodes both as nil, and so do we.
    if (message.payload().empty()) return Task::without_payload(message.type(), std::move(headers));
    return Task(message.type(), message.payload(), std::move(headers));
}

void Finisher::write(const Attempt& attempt, const char* what, std::function<bool()> op) {
    const std::string description = std::string(what) + " of task " + attempt.id() + " (queue " + attempt.queue() + ")";
    if (!attempt.lease_valid(clock_.now())) {
        logger_.warn("{} skipped: the lease expired; the recoverer will retry the task", description);
        return;
    }
    try {
        if (!op()) logger_.warn("{}: the task was no longer active here (recovered elsewhere?)", description);
    } catch (const std::exception& e) {
        logger_.warn("{} failed: {}; retrying until the lease expires", description, e.what());
        syncer_.add(
            description,
            [op, description, this] {
                if (!op()) logger_.warn("{}: the task was no longer active here", description);
            },
            attempt.lease_expires_at());
    }
}

void Finisher::count(const Attempt& attempt, AttemptOutcome outcome) const {
    if (metrics_ == nullptr) return;
    const auto now = clock_.now();
    // Past its lease the outcome is not ours to write (write() skips it): the recoverer decides, uncounted here.
    if (!attempt.lease_valid(now)) return;
    metrics_->record(attempt.queue(), attempt.message().type(), outcome, now - attempt.started_at());
}

void Finisher::succeeded(const std::shared_ptr<const Attempt>& attempt) {
    count(*attempt, AttemptOutcome::kSucceeded);
    const auto& message = attempt->message();
    logger_.debug("task {} ({}) succeeded", message.id(), message.type());
    if (message.retention() > 0) {
        write(*attempt, "mark as complete", [this, message] { return broker_.mark_as_complete(message); });
    } else if (!ack_sink_ || !ack_sink_(attempt)) {
        done(*attempt);
    }
}

void Finisher::done(const Attempt& attempt) {
    write(attempt, "done", [this, message = attempt.message()] { return broker_.done(message); });
}

void Finisher::failed(const Attempt& attempt, const std::exception_ptr& error_ptr) {
    const auto& message = attempt.message();
    const std::exception_ptr error = normalize_error(error_ptr);
    with_exception(error, [&](const std::exception& e) {
        logger_.debug("task {} ({}) failed: {}", message.id(), message.type(), e.what());
        const Task task = task_of(message);
        if (policy_.error_handler) {
            try {
                policy_.error_handler(task, e);
            } catch (const std::exception& handler_error) {
                logger_.error("error handler threw for task {}: {}", message.id(), handler_error.what());
            } catch (...) {
                logger_.error("error handler threw for task {}", message.id());
            }
        }
        if (is_or_wraps<RevokeTask>(e)) {  // v0.25+: deleted, counted processed, lock released
            count(attempt, AttemptOutcome::kRevoked);
            write(attempt, "revoke", [this, message] { return broker_.done(message); });
            return;
        }
        // error_msg is a protobuf string: Go's decoder rejects the whole message if it is not valid UTF-8.
        const std::string text = util::replace_invalid_utf8(e.what());
        if (message.retried() >= message.retry() || is_or_wraps<SkipRetry>(e)) {
            count(attempt, AttemptOutcome::kArchived);
            write(attempt, "archive", [this, message, text] { return broker_.archive(message, text); });
            return;
        }
        count(attempt, AttemptOutcome::kRetried);
        const auto delay = retry_delay(message, e, task);
        const bool is_failure = this->is_failure(message, e);
        const auto retry_at = clock_.now() + std::chrono::duration_cast<util::Clock::TimePoint::duration>(delay);
        write(attempt, "retry", [this, message, retry_at, text, is_failure] {
            return broker_.retry(message, retry_at, text, is_failure);
        });
    });
}

std::chrono::nanoseconds Finisher::retry_delay(const wire::TaskMessage& message, const std::exception& error,
                                               const Task& task) const {
    if (policy_.retry_delay) {
        try {
            return policy_.retry_delay(message.retried(), error, task);
        } catch (const std::exception& delay_error) {
            logger_.error("retry_delay threw for task {}: {}; using the default", message.id(), delay_error.what());
        } catch (...) {
            logger_.error("retry_delay threw for task {}; using the default", message.id());
        }
    }
    return default_retry_delay(message.retried());
}

bool Finisher::is_failure(const wire::TaskMessage& message, const std::exception& error) const {
    if (!policy_.is_failure) return true;
    try {
        return policy_.is_failure(error);
    } catch (const std::exception& predicate_error) {
        logger_.error("is_failure threw for task {}: {}; counting a failure", message.id(), predicate_error.what());
        return true;
    } catch (...) {
        logger_.error("is_failure threw for task {}; counting a failure", message.id());
        return true;
    }
}

void Finisher::recover(const wire::TaskMessage& message) {
    const LeaseExpired error;
    if (message.retried() >= message.retry()) {
        if (!broker_.archive(message, error.what())) logger_.debug("recover {}: no longer active", message.id());
        return;
    }
    const auto retry_at = clock_.now() + std::chrono::duration_cast<util::Clock::TimePoint::duration>(
                                             retry_delay(message, error, task_of(message)));
    if (!broker_.retry(message, retry_at, error.what(), is_failure(message, error))) {
        logger_.debug("recover {}: no longer active", message.id());
    }
}

void Finisher::requeue(const Attempt& attempt) {
    count(attempt, AttemptOutcome::kRequeued);
    const auto& message = attempt.message();
    write(attempt, "requeue", [this, message] { return broker_.requeue(message); });
}

}  // namespace asynq::server
