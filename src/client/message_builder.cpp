#include "client/message_builder.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "asynq/errors.h"
#include "broker/keys.h"
#include "util/text.h"
#include "util/uuid.h"

namespace asynq::client {
namespace {

using std::chrono::duration_cast;
using std::chrono::nanoseconds;
using std::chrono::seconds;

// Go's default when neither a timeout nor a deadline is given (spec §4.0).
constexpr seconds kDefaultTimeout{30 * 60};

[[noreturn]] void invalid(std::string_view field, const std::string& problem) {
    throw Error(ErrorCode::kInvalidArgument, fmt::format("enqueue: {}: {}", field, problem));
}

std::string show(nanoseconds d) { return fmt::format("{}", duration_cast<std::chrono::milliseconds>(d)); }

void check_non_negative(std::string_view field, nanoseconds d) {
    if (d < nanoseconds::zero()) invalid(field, "must not be negative (got " + show(d) + ")");
}

void validate(const Task& task, const EnqueueOptions& options) {
    if (util::is_blank(task.type())) invalid("type", "task type must not be empty");
    if (util::is_blank(options.queue)) invalid("queue", "queue name must contain one or more characters");
    if (options.max_retry < 0) invalid("max_retry", fmt::format("must be >= 0 (got {})", options.max_retry));
    if (options.task_id && util::is_blank(*options.task_id)) invalid("task_id", "task ID must not be empty");
    if (options.group && util::is_blank(*options.group)) invalid("group", "group name must not be empty");
    if (options.timeout) {
        check_non_negative("timeout", *options.timeout);
        // The wire stores whole seconds; Go would silently store 0 (= 30 min) for a sub-second timeout.
        if (*options.timeout > nanoseconds::zero() && *options.timeout < seconds(1)) {
            invalid("timeout",
                    "must be at least 1s, the wire stores whole seconds (got " + show(*options.timeout) + ")");
        }
    }
    if (options.deadline && options.deadline->time_since_epoch() <= nanoseconds::zero()) {
        invalid("deadline", "must be after 1970-01-01T00:00:00Z");
    }
    if (options.unique_ttl && *options.unique_ttl < seconds(1)) {
        invalid("unique_ttl", "unique TTL cannot be less than 1s (got " + show(*options.unique_ttl) + ")");
    }
    if (options.process_at && options.process_in) {
        invalid("process_at", "process_at and process_in are mutually exclusive: set one");
    }
    if (options.process_in) check_non_negative("process_in", *options.process_in);
    check_non_negative("retention", options.retention);
}

}  // namespace

broker::EnqueueRequest build_enqueue_request(const Task& task, const EnqueueOptions& options,
                                             util::Clock::TimePoint now) {
    validate(task, options);

    broker::EnqueueRequest request;
    wire::TaskMessage& message = request.message;
    message.set_type(task.type());
    if (task.has_payload()) message.set_payload(task.payload());
    message.mutable_headers()->insert(task.headers().begin(), task.headers().end());
    message.set_id(options.task_id ? *options.task_id : util::new_uuid());
    message.set_queue(options.queue);
    message.set_retry(options.max_retry);

    // A zero timeout counts as unset, as in Go (Timeout(0)).
    const bool has_timeout = options.timeout && *options.timeout > nanoseconds::zero();
    if (has_timeout) message.set_timeout(duration_cast<seconds>(*options.timeout).count());
    if (options.deadline) message.set_deadline(util::unix_seconds(*options.deadline));
    if (!has_timeout && !options.deadline) message.set_timeout(kDefaultTimeout.count());

    message.set_retention(duration_cast<seconds>(options.retention).count());
    if (options.group) message.set_group_key(*options.group);

    std::optional<std::string_view> payload;
    if (task.has_payload()) payload = task.payload();
    if (options.unique_ttl) message.set_unique_key(broker::keys::unique_key(options.queue, task.type(), payload));

    util::Clock::TimePoint process_at = now;
    if (options.process_at) process_at = *options.process_at;
    if (options.process_in) process_at = now + duration_cast<util::Clock::TimePoint::duration>(*options.process_in);

    if (process_at > now) {
        // Scheduled even with a group (Go quirk, spec §4.0): the forwarder later sends it to pending.
        request.path = broker::EnqueuePath::kScheduled;
        request.process_at = process_at;
        if (options.unique_ttl) {
            // The lock must outlive the wait: it lasts until process time + unique TTL.
            request.unique_ttl = duration_cast<seconds>(process_at + *options.unique_ttl - now);
        }
    } else {
        request.path = options.group ? broker::EnqueuePath::kAggregating : broker::EnqueuePath::kPending;
        request.process_at = now;
        if (options.unique_ttl) request.unique_ttl = duration_cast<seconds>(*options.unique_ttl);
    }
    return request;
}

}  // namespace asynq::client
