// Outcomes of an attempt (spec §4.8–§4.11, §4.20; done is in fetch.cpp): mark_as_complete, requeue, retry, archive, and
// the handler's result. Each script returns 1 on success and 0 when the task was no longer active (a value: the
// recoverer may have taken it); negative codes mean Redis held an inconsistent task (see the scripts' headers).
#include <fmt/format.h>

#include "broker/broker.h"
#include "broker/keys.h"
#include "broker/outcome.h"
#include "broker/task_codec.h"
#include "lua_scripts.h"
#include "redis/errors.h"

namespace asynq::broker {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view kMaxInt64 = "9223372036854775807";  // the totals wrap to 1 here (spec §1.2)

bool outcome(const redis::Reply& reply, std::string_view operation, const wire::TaskMessage& message) {
    return script_outcome(reply.as_integer(), operation, message);
}

}  // namespace

bool Broker::mark_as_complete(const wire::TaskMessage& message) {
    const std::string& queue = message.queue();
    const auto now = clock_.now();
    wire::TaskMessage completed = message;  // a copy keeps unknown fields from newer writers (spec §3.6.3)
    completed.set_completed_at(util::unix_seconds(now));
    std::vector<std::string> script_keys = {keys::active_key(queue),         keys::lease_key(queue),
                                            keys::completed_key(queue),      keys::task_key(queue, message.id()),
                                            keys::processed_key(queue, now), keys::processed_total_key(queue)};
    if (!message.unique_key().empty()) script_keys.push_back(message.unique_key());
    auto reply = executor_.run(redis::Command::eval(lua::kMarkAsComplete, std::move(script_keys),
                                                    {message.id(), unix_seconds_text(now + kStatsRetention),
                                                     unix_seconds_text(now + std::chrono::seconds(message.retention())),
                                                     encode_task_message(completed), std::string(kMaxInt64)}));
    return outcome(reply, "mark_as_complete", message);
}

bool Broker::requeue(const wire::TaskMessage& message) {
    const std::string& queue = message.queue();
    auto reply = executor_.run(redis::Command::eval(lua::kRequeue,
                                                    {keys::active_key(queue), keys::lease_key(queue),
                                                     keys::pending_key(queue), keys::task_key(queue, message.id())},
                                                    {message.id()}));
    return outcome(reply, "requeue", message);
}

bool Broker::retry(const wire::TaskMessage& message, util::Clock::TimePoint retry_at, const std::string& error,
                   bool is_failure) {
    const std::string& queue = message.queue();
    const auto now = clock_.now();
    wire::TaskMessage updated = message;
    if (is_failure) updated.set_retried(message.retried() + 1);
    updated.set_error_msg(error);
    updated.set_last_failed_at(util::unix_seconds(now));
    auto reply = executor_.run(redis::Command::eval(
        lua::kRetry,
        {keys::task_key(queue, message.id()), keys::active_key(queue), keys::lease_key(queue), keys::retry_key(queue),
         keys::processed_key(queue, now), keys::failed_key(queue, now), keys::processed_total_key(queue),
         keys::failed_total_key(queue)},
        {message.id(), encode_task_message(updated), unix_seconds_text(retry_at),
         unix_seconds_text(now + kStatsRetention), is_failure ? "1" : "0", std::string(kMaxInt64)}));
    return outcome(reply, "retry", message);
}

bool Broker::archive(const wire::TaskMessage& message, const std::string& error) {
    const std::string& queue = message.queue();
    const auto now = clock_.now();
    wire::TaskMessage updated = message;  // retried stays: archiving is not a retry
    updated.set_error_msg(error);
    updated.set_last_failed_at(util::unix_seconds(now));
    auto reply = executor_.run(redis::Command::eval(
        lua::kArchive,
        {keys::task_key(queue, message.id()), keys::active_key(queue), keys::lease_key(queue),
         keys::archived_key(queue), keys::processed_key(queue, now), keys::failed_key(queue, now),
         keys::processed_total_key(queue), keys::failed_total_key(queue)},
        {message.id(), encode_task_message(updated), unix_seconds_text(now), unix_seconds_text(now - kArchiveRetention),
         std::string(kMaxArchiveSize), unix_seconds_text(now + kStatsRetention), std::string(kMaxInt64),
         keys::task_key_prefix(queue)}));
    return outcome(reply, "archive", message);
}

std::int64_t Broker::write_result(const std::string& queue, const std::string& id, std::string_view result) {
    const std::string key = keys::task_key(queue, id);
    executor_.run(redis::Command::keyed(key, {"HSET", key, "result", result}));
    // HSET answers with the number of new fields; the caller wants the bytes written, as Go's ResultWriter.
    return static_cast<std::int64_t>(result.size());
}

}  // namespace asynq::broker
