// Enqueue operations (spec §4.0–§4.5): the six enqueue scripts and queue registration.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "broker/broker.h"
#include "broker/keys.h"
#include "broker/task_codec.h"
#include "lua_scripts.h"
#include "redis/errors.h"

namespace asynq::broker {
namespace {

// Requests per pipelined round trip in enqueue_batch: large enough to amortise the round trip, small enough to
// bound the memory of one write (about 200 KB for small payloads).
constexpr std::size_t kBatchChunk = 1000;

EnqueueOutcome parse_outcome(const redis::Reply& reply, const redis::Script& script) {
    if (reply.type() == redis::Reply::Type::kInteger) {
        switch (reply.as_integer()) {
            case 1:
                return EnqueueOutcome::kEnqueued;
            case 0:
                return EnqueueOutcome::kTaskIdConflict;
            case -1:
                return EnqueueOutcome::kDuplicateTask;
            case -2:
                return EnqueueOutcome::kClaimedElsewhere;
            default:
                break;
        }
    }
    throw redis::ProtocolError(fmt::format("EVALSHA {}: unexpected reply {}", script.name, reply.debug_string()));
}

// The same script guarded by once_per_occurrence.lua (see src/broker/CMakeLists.txt).
const redis::Script& once_per_occurrence(const redis::Script& script) {
    for (const auto& [plain, guarded] :
         {std::pair{&lua::kEnqueue, &lua::kEnqueueOncePerOccurrence},
          std::pair{&lua::kEnqueueUnique, &lua::kEnqueueUniqueOncePerOccurrence},
          std::pair{&lua::kSchedule, &lua::kScheduleOncePerOccurrence},
          std::pair{&lua::kScheduleUnique, &lua::kScheduleUniqueOncePerOccurrence},
          std::pair{&lua::kAddToGroup, &lua::kAddToGroupOncePerOccurrence},
          std::pair{&lua::kAddToGroupUnique, &lua::kAddToGroupUniqueOncePerOccurrence}}) {
        if (plain == &script) return *guarded;
    }
    throw Error(ErrorCode::kInternal, fmt::format("enqueue: script {} has no occurrence guard", script.name));
}

// One of the six enqueue scripts with its keys and arguments, before it becomes a command.
struct ScriptCall {
    const redis::Script* script;
    std::vector<std::string> keys;
    std::vector<std::string> argv;
};

ScriptCall enqueue_call(const EnqueueRequest& request, util::Clock::TimePoint now) {
    const wire::TaskMessage& message = request.message;
    const std::string& queue = message.queue();
    const std::string& id = message.id();
    const bool unique = request.unique_ttl.count() > 0;
    if (unique != !message.unique_key().empty()) {
        throw Error(ErrorCode::kInternal,
                    fmt::format("enqueue: task {}: unique TTL and unique_key disagree (a bug in the client)", id));
    }
    std::string encoded = encode_task_message(message);
    std::string ttl = std::to_string(request.unique_ttl.count());

    switch (request.path) {
        case EnqueuePath::kPending: {
            std::string now_ns = std::to_string(util::unix_nanos(now));
            if (unique) {
                return ScriptCall{&lua::kEnqueueUnique,
                                  {message.unique_key(), keys::task_key(queue, id), keys::pending_key(queue)},
                                  {id, ttl, std::move(encoded), std::move(now_ns)}};
            }
            return ScriptCall{&lua::kEnqueue,
                              {keys::task_key(queue, id), keys::pending_key(queue)},
                              {std::move(encoded), id, std::move(now_ns)}};
        }
        case EnqueuePath::kScheduled: {
            std::string process_at = std::to_string(util::unix_seconds(request.process_at));
            if (unique) {
                return ScriptCall{&lua::kScheduleUnique,
                                  {message.unique_key(), keys::task_key(queue, id), keys::scheduled_key(queue)},
                                  {id, ttl, std::move(process_at), std::move(encoded)}};
            }
            return ScriptCall{&lua::kSchedule,
                              {keys::task_key(queue, id), keys::scheduled_key(queue)},
                              {std::move(encoded), std::move(process_at), id}};
        }
        case EnqueuePath::kAggregating: {
            const std::string& group = message.group_key();
            std::vector<std::string> script_keys = {keys::task_key(queue, id), keys::group_key(queue, group),
                                                    keys::all_groups_key(queue)};
            std::vector<std::string> argv = {std::move(encoded), id, std::to_string(util::unix_seconds(now)), group};
            if (unique) {
                script_keys.push_back(message.unique_key());
                argv.push_back(ttl);
                return ScriptCall{&lua::kAddToGroupUnique, std::move(script_keys), std::move(argv)};
            }
            return ScriptCall{&lua::kAddToGroup, std::move(script_keys), std::move(argv)};
        }
    }
    throw Error(ErrorCode::kInternal, "enqueue: unknown path");
}

}  // namespace

redis::Command Broker::enqueue_command(const EnqueueRequest& request) const {
    ScriptCall call = enqueue_call(request, clock_.now());
    if (request.claim) {
        // The guard reads the claim after the script's own keys and arguments.
        call.script = &once_per_occurrence(*call.script);
        call.keys.push_back(request.claim->key);
        call.argv.push_back(request.claim->holder);
        call.argv.push_back(std::to_string(request.claim->ttl.count()));
    }
    return redis::Command::eval(*call.script, std::move(call.keys), std::move(call.argv));
}

void Broker::register_queues(const std::set<std::string>& queues) {
    std::vector<std::string> due;
    for (const auto& queue : queues) {
        if (registered_queues_.needs_registration(queue)) due.push_back(queue);
    }
    if (due.empty()) return;
    // Its own command, before the scripts, as Go does: if the queue cannot be registered the enqueue fails,
    // since a task in an unregistered queue is invisible to Go's Inspector, CLI and UI ("queue not found").
    redis::Command sadd = redis::Command::keyed(keys::kAllQueues, {"SADD", keys::kAllQueues});
    sadd.args.insert(sadd.args.end(), due.begin(), due.end());
    executor_.run(sadd);
    for (const auto& queue : due) registered_queues_.mark_registered(queue);
}

EnqueueOutcome Broker::enqueue(const EnqueueRequest& request) {
    register_queues({request.message.queue()});
    redis::Command command = enqueue_command(request);
    const redis::Script& script = *command.script;
    return parse_outcome(enqueues_.run(std::move(command)), script);
}

namespace {

std::exception_ptr not_sent(const std::exception& cause) {
    return std::make_exception_ptr(
        Error(ErrorCode::kUnavailable, std::string("enqueue: not sent (safe to retry): ") + cause.what()));
}

std::exception_ptr outcome_unknown(const std::exception& cause) {
    return std::make_exception_ptr(Error(
        ErrorCode::kUnavailable,
        std::string("enqueue: outcome unknown, the task may have been enqueued (the connection broke after it was "
                    "sent): ") +
            cause.what()));
}

}  // namespace

std::vector<BatchEnqueueOutcome> Broker::enqueue_batch(std::span<const EnqueueRequest> requests) {
    std::vector<BatchEnqueueOutcome> results(requests.size());
    // Marks every item from `from` on that has no result yet.
    auto fail_rest = [&](std::size_t from, const std::exception_ptr& error) {
        for (std::size_t i = from; i < requests.size(); ++i) {
            if (!results[i].error && !results[i].outcome) results[i].error = error;
        }
    };

    for (std::size_t begin = 0; begin < requests.size(); begin += kBatchChunk) {
        const std::size_t end = std::min(requests.size(), begin + kBatchChunk);

        std::vector<redis::Command> commands;
        std::vector<std::size_t> item_of_command;  // commands[k] belongs to requests[item_of_command[k]]
        std::set<std::string> queues;
        for (std::size_t i = begin; i < end; ++i) {
            try {
                commands.push_back(enqueue_command(requests[i]));
                item_of_command.push_back(i);
                queues.insert(requests[i].message.queue());
            } catch (...) {
                results[i].error = std::current_exception();
            }
        }

        try {
            register_queues(queues);
        } catch (const redis::IoError& e) {
            fail_rest(begin, not_sent(e));  // Redis out of reach: nothing of this chunk or later was sent
            return results;
        } catch (const std::exception& e) {
            // Registration refused (e.g. an ACL): this chunk is not sent; later chunks try again.
            auto error = std::make_exception_ptr(
                Error(ErrorCode::kInternal, std::string("enqueue: queue registration failed, not sent: ") + e.what()));
            for (std::size_t i = begin; i < end; ++i) {
                if (!results[i].error) results[i].error = error;
            }
            continue;
        }

        std::vector<std::optional<redis::Reply>> replies;
        try {
            auto all = executor_.run_pipeline(commands);
            replies.assign(std::make_move_iterator(all.begin()), std::make_move_iterator(all.end()));
        } catch (const redis::PipelineError& e) {
            // The connection broke midway: answered items keep their outcome, the others are unknown, and the
            // chunks after this one were not sent.
            replies = e.replies();
            auto unknown = outcome_unknown(e);
            for (std::size_t k = 0; k < item_of_command.size(); ++k) {
                if (!replies[k]) results[item_of_command[k]].error = unknown;
            }
            fail_rest(end, not_sent(e));
        } catch (const redis::IoError& e) {
            fail_rest(begin, not_sent(e));
            return results;
        } catch (const std::exception& e) {
            // Anything else (a malformed reply...) leaves this chunk's fate unknown; earlier chunks keep theirs.
            for (std::size_t k = 0; k < item_of_command.size(); ++k) {
                results[item_of_command[k]].error = outcome_unknown(e);
            }
            fail_rest(end, not_sent(e));
            return results;
        }

        for (std::size_t k = 0; k < item_of_command.size(); ++k) {
            if (!replies[k]) continue;
            const redis::Command& command = commands[k];
            const redis::Reply& reply = *replies[k];
            BatchEnqueueOutcome& result = results[item_of_command[k]];
            try {
                if (reply.is_error()) {
                    throw redis::make_reply_error(executor_.describe(), command.describe(), reply.as_string());
                }
                result.outcome = parse_outcome(reply, *command.script);
            } catch (...) {
                result.error = std::current_exception();
            }
        }
        if (std::any_of(replies.begin(), replies.end(), [](const auto& r) { return !r; })) return results;
    }
    return results;
}

}  // namespace asynq::broker
