// Reading a task back (spec §4.22.4) and converting stored messages to the public TaskInfo.
#include <fmt/format.h>

#include <charconv>

#include "broker/broker.h"
#include "broker/keys.h"
#include "broker/task_codec.h"
#include "lua_scripts.h"
#include "redis/errors.h"

namespace asynq::broker {
namespace {

std::int64_t integer_of(const redis::Reply& reply) {
    if (reply.type() == redis::Reply::Type::kInteger) return reply.as_integer();
    if (reply.is_nil()) return 0;
    const std::string& text = reply.as_string();
    double value = 0;  // a zset score may come back as "1.7e9"-style text
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size()) {
        throw redis::ProtocolError(fmt::format("expected a number, got \"{}\"", text));
    }
    return static_cast<std::int64_t>(value);
}

}  // namespace

std::optional<TaskRecord> Broker::get_task(const std::string& queue, const std::string& id) {
    auto reply = executor_.run(redis::Command::eval(
        lua::kGetTaskInfo, {keys::task_key(queue, id), keys::scheduled_key(queue), keys::retry_key(queue)},
        {id, std::to_string(util::unix_seconds(clock_.now()))}));
    if (reply.is_nil()) return std::nullopt;

    const auto& fields = reply.as_array();
    if (fields.size() != 4) {
        throw redis::ProtocolError(fmt::format("get_task_info: expected 4 fields, got {}", fields.size()));
    }
    const std::string context = keys::task_key(queue, id);
    TaskRecord record;
    record.message = decode_task_message(fields[0].as_string(), context);
    std::string state_text = fields[1].as_optional_string().value_or("");
    auto state = parse_task_state(state_text);
    if (!state) throw Error(ErrorCode::kDataLoss, fmt::format("{}: unknown state \"{}\"", context, state_text));
    record.state = *state;
    record.result = fields[2].as_optional_string();
    if (auto next = integer_of(fields[3]); next > 0) record.next_process_at = util::from_unix_seconds(next);
    return record;
}

TaskInfo to_task_info(const wire::TaskMessage& message, TaskState state, util::Clock::TimePoint next_process_at,
                      std::optional<std::string> result) {
    auto time_or_epoch = [](std::int64_t unix_s) {
        return unix_s == 0 ? util::Clock::TimePoint{} : util::from_unix_seconds(unix_s);
    };
    TaskInfo info;
    info.id = message.id();
    info.queue = message.queue();
    info.type = message.type();
    info.payload = message.payload();
    info.headers.insert(message.headers().begin(), message.headers().end());
    info.state = state;
    info.max_retry = message.retry();
    info.retried = message.retried();
    info.last_error = message.error_msg();
    info.last_failed_at = time_or_epoch(message.last_failed_at());
    info.timeout = std::chrono::seconds(message.timeout());
    info.deadline = time_or_epoch(message.deadline());
    info.group = message.group_key();
    info.next_process_at = next_process_at;
    info.retention = std::chrono::seconds(message.retention());
    info.completed_at = time_or_epoch(message.completed_at());
    info.result = std::move(result);
    return info;
}

}  // namespace asynq::broker
