// Taking work and acknowledging successes (spec §4.6, §4.7): ack_and_fetch across queues, done on top of it,
// and waiting for pending work on a dedicated connection.
#include <fmt/format.h>

#include "broker/bad_task.h"
#include "broker/broker.h"
#include "broker/keys.h"
#include "broker/outcome.h"
#include "lua_scripts.h"
#include "redis/errors.h"

namespace asynq::broker {
namespace {

constexpr std::size_t kFixedKeys = 6;  // ack_and_fetch.lua's KEYS before the acknowledged tasks' hashes

// BLMOVE's timeout argument: seconds as a decimal ("0.5", "10").
std::string seconds_text(std::chrono::milliseconds timeout) {
    if (timeout.count() % 1000 == 0) return std::to_string(timeout.count() / 1000);
    return fmt::format("{}.{:03d}", timeout.count() / 1000, timeout.count() % 1000);
}

redis::Command fetch_command(const FetchRequest& request, const std::string& lease_expiry,
                             const std::string& counter_expiry, util::Clock::TimePoint now) {
    const std::string& queue = request.queue;
    std::vector<std::string> script_keys = {keys::pending_key(queue),        keys::paused_key(queue),
                                            keys::active_key(queue),         keys::lease_key(queue),
                                            keys::processed_key(queue, now), keys::processed_total_key(queue)};
    script_keys.reserve(kFixedKeys + 2 * request.acks.size());
    std::vector<std::string> argv = {lease_expiry, keys::task_key_prefix(queue), std::to_string(request.count),
                                     counter_expiry, std::to_string(request.acks.size())};
    argv.reserve(argv.size() + 2 * request.acks.size());
    for (const wire::TaskMessage* message : request.acks) script_keys.push_back(keys::task_key(queue, message->id()));
    for (const wire::TaskMessage* message : request.acks) {
        argv.push_back(message->id());
        if (message->unique_key().empty()) {
            argv.emplace_back("0");
        } else {
            script_keys.push_back(message->unique_key());
            argv.push_back(std::to_string(script_keys.size()));  // Lua's 1-based index of the lock just added
        }
    }
    return redis::Command::eval(lua::kAckAndFetch, std::move(script_keys), std::move(argv));
}

[[noreturn]] void unexpected(const std::string& queue, const redis::Reply& reply) {
    throw redis::ProtocolError(
        fmt::format("ack_and_fetch: queue \"{}\": unexpected reply {}", queue, reply.debug_string()));
}

}  // namespace

// Reads one reply of ack_and_fetch.lua; bad tasks are moved aside here (a rare extra round trip).
FetchResult Broker::read_fetch_reply(const FetchRequest& request, const redis::Reply& reply,
                                     util::Clock::TimePoint lease_expires_at) {
    FetchResult result;
    if (reply.is_error()) {
        result.error = std::make_exception_ptr(
            redis::make_reply_error(executor_.describe(), "EVALSHA ack_and_fetch", reply.as_string()));
        return result;
    }
    if (reply.type() != redis::Reply::Type::kArray) unexpected(request.queue, reply);
    const auto& parts = reply.as_array();
    if (parts.size() < 2 || parts[0].type() != redis::Reply::Type::kArray ||
        parts[0].as_array().size() != request.acks.size()) {
        unexpected(request.queue, reply);
    }
    for (const auto& code : parts[0].as_array()) result.ack_codes.push_back(code.as_integer());
    result.paused = parts[1].as_integer() == 1;
    const auto now = clock_.now();
    // Every task in the reply is active and leased now: none may be dropped because another entry is odd or a
    // bad one cannot be moved aside (those stay leased, for the recoverer).
    for (std::size_t i = 2; i < parts.size(); ++i) {
        const redis::Reply& part = parts[i];
        if (part.type() != redis::Reply::Type::kArray || part.as_array().empty() || part.as_array().size() > 2 ||
            part.as_array()[0].type() != redis::Reply::Type::kString) {
            result.bad_tasks.push_back(
                {.queue = request.queue, .id = "?", .problem = "unexpected entry " + part.debug_string()});
            continue;
        }
        const auto& entry = part.as_array();
        const std::string& id = entry[0].as_string();
        if (entry.size() == 1) {
            result.bad_tasks.push_back(
                {.queue = request.queue, .id = id, .problem = "task hash is missing; dangling id removed from active"});
            continue;
        }
        CheckedMessage checked = check_task_message(entry[1].as_optional_string(), request.queue, id);
        if (!checked.message) {
            std::string outcome;
            try {
                outcome = archive_bad_task(executor_, request.queue, id, now) ? "; moved to archived"
                                                                              : "; already moved by another server";
            } catch (const std::exception& e) {
                outcome = std::string("; could not be moved aside (") + e.what() + "): left leased for the recoverer";
            }
            result.bad_tasks.push_back({.queue = request.queue, .id = id, .problem = checked.problem + outcome});
            continue;
        }
        result.tasks.push_back({.message = std::move(*checked.message), .lease_expires_at = lease_expires_at});
    }
    return result;
}

std::vector<FetchResult> Broker::ack_and_fetch(std::span<const FetchRequest> requests,
                                               std::chrono::seconds lease_duration) {
    const auto now = clock_.now();
    // Stored in whole seconds (spec §0.3); the caller's in-memory lease uses the same truncated value.
    const std::int64_t lease_expiry = util::unix_seconds(now + lease_duration);
    const std::string lease_expiry_text = std::to_string(lease_expiry);
    const std::string counter_expiry = std::to_string(util::unix_seconds(now + kStatsRetention));
    std::vector<redis::Command> commands;
    commands.reserve(requests.size());
    for (const auto& request : requests)
        commands.push_back(fetch_command(request, lease_expiry_text, counter_expiry, now));

    std::vector<std::optional<redis::Reply>> replies;
    std::exception_ptr lost;
    try {
        auto all = executor_.run_pipeline(commands);
        replies.assign(std::make_move_iterator(all.begin()), std::make_move_iterator(all.end()));
    } catch (const redis::PipelineError& e) {
        replies = e.replies();
        lost = std::current_exception();
    }  // any other IoError: nothing was sent; it propagates

    std::vector<FetchResult> results;
    results.reserve(requests.size());
    for (std::size_t i = 0; i < requests.size(); ++i) {
        if (!replies[i]) {
            results.push_back({.error = lost});
            continue;
        }
        try {
            results.push_back(read_fetch_reply(requests[i], *replies[i], util::from_unix_seconds(lease_expiry)));
        } catch (...) {
            results.push_back({.error = std::current_exception()});
        }
    }
    return results;
}

bool Broker::done(const wire::TaskMessage& message) {
    const FetchRequest request{.queue = message.queue(), .acks = {&message}, .count = 0};
    FetchResult result = std::move(ack_and_fetch(std::span(&request, 1), std::chrono::seconds(0)).front());
    if (result.error) std::rethrow_exception(result.error);
    return script_outcome(result.ack_codes.at(0), "done", message);
}

bool Broker::wait_for_pending(redis::Connection& connection, const std::string& queue,
                              std::chrono::milliseconds timeout) {
    // Moving the right end to the right end of the same list leaves it as it was; BLMOVE only serves to block
    // until the list is non-empty. A zero timeout waits forever (Redis's meaning); the connection's read timeout
    // must be longer than `timeout` (or 0), else the read fails first with TimeoutError.
    const std::string pending = keys::pending_key(queue);
    const auto command =
        redis::Command::keyed(pending, {"BLMOVE", pending, pending, "RIGHT", "RIGHT", seconds_text(timeout)});
    redis::Reply reply = connection.run(command);
    if (reply.is_error()) {
        throw redis::make_reply_error(connection.endpoint().to_string(), command.describe(), reply.as_string());
    }
    return !reply.is_nil();
}

}  // namespace asynq::broker
