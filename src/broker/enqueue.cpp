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

EnqueueOutcome parse_outcome(const redis::Reply& reply, const redis::Command& command) {
    if (reply.type() == redis::Reply::Type::kInteger) {
        switch (reply.as_integer()) {
            case 1:
                return EnqueueOutcome::kEnqueued;
            case 0:
                return EnqueueOutcome::kTaskIdConflict;
            case -1:
                return EnqueueOutcome::kDuplicateTask;
            default:
                break;
        }
    }
    throw redis::ProtocolError(fmt::format("{}: unexpected reply {}", command.describe(), reply.debug_string()));
}

}  // namespace

redis::Command Broker::enqueue_command(const EnqueueRequest& request) const {
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
    auto now = clock_.now();

    switch (request.path) {
        case EnqueuePath::kPending: {
            std::string now_ns = std::to_string(util::unix_nanos(now));
            if (unique) {
                return redis::Command::eval(lua::kEnqueueUnique,
                                            {message.unique_key(), keys::task_key(queue, id), keys::pending_key(queue)},
                                            {id, ttl, std::move(encoded), std::move(now_ns)});
            }
            return redis::Command::eval(lua::kEnqueue, {keys::task_key(queue, id), keys::pending_key(queue)},
                                        {std::move(encoded), id, std::move(now_ns)});
        }
        case EnqueuePath::kScheduled: {
            std::string process_at = std::to_string(util::unix_seconds(request.process_at));
            if (unique) {
                return redis::Command::eval(
                    lua::kScheduleUnique, {message.unique_key(), keys::task_key(queue, id), keys::scheduled_key(queue)},
                    {id, ttl, std::move(process_at), std::move(encoded)});
            }
            return redis::Command::eval(lua::kSchedule, {keys::task_key(queue, id), keys::scheduled_key(queue)},
                                        {std::move(encoded), std::move(process_at), id});
        }
        case EnqueuePath::kAggregating: {
            const std::string& group = message.group_key();
            std::vector<std::string> script_keys = {keys::task_key(queue, id), keys::group_key(queue, group),
                                                    keys::all_groups_key(queue)};
            std::vector<std::string> argv = {std::move(encoded), id, std::to_string(util::unix_seconds(now)), group};
            if (unique) {
                script_keys.push_back(message.unique_key());
                argv.push_back(ttl);
                return redis::Command::eval(lua::kAddToGroupUnique, std::move(script_keys), std::move(argv));
            }
            return redis::Command::eval(lua::kAddToGroup, std::move(script_keys), std::move(argv));
        }
    }
    throw Error(ErrorCode::kInternal, "enqueue: unknown path");
}

EnqueueOutcome Broker::enqueue(const EnqueueRequest& request) {
    const std::string& queue = request.message.queue();
    // The SADD rides in the same pipeline as the script: registering a queue costs no extra round trip.
    std::vector<redis::Command> commands;
    const bool register_queue = registered_queues_.needs_registration(queue);
    if (register_queue) commands.push_back(redis::Command::keyed(keys::kAllQueues, {"SADD", keys::kAllQueues, queue}));
    commands.push_back(enqueue_command(request));

    auto replies = executor_.run_pipeline(commands);
    // The task's fate is the script's reply. A failed SADD only leaves the queue unmarked, so the next enqueue
    // registers it again.
    if (register_queue && !replies.front().is_error()) registered_queues_.mark_registered(queue);
    const redis::Reply& reply = replies.back();
    if (reply.is_error()) {
        throw redis::make_reply_error(executor_.describe(), commands.back().describe(), reply.as_string());
    }
    return parse_outcome(reply, commands.back());
}

std::vector<BatchEnqueueOutcome> Broker::enqueue_batch(std::span<const EnqueueRequest> requests) {
    std::vector<BatchEnqueueOutcome> results(requests.size());
    for (std::size_t begin = 0; begin < requests.size(); begin += kBatchChunk) {
        const std::size_t end = std::min(requests.size(), begin + kBatchChunk);

        // One SADD for every queue of this chunk that needs registering, ahead of the scripts.
        std::set<std::string> to_register;
        for (std::size_t i = begin; i < end; ++i) {
            const std::string& queue = requests[i].message.queue();
            if (registered_queues_.needs_registration(queue)) to_register.insert(queue);
        }
        std::vector<redis::Command> commands;
        if (!to_register.empty()) {
            redis::Command sadd = redis::Command::keyed(keys::kAllQueues, {"SADD", keys::kAllQueues});
            sadd.args.insert(sadd.args.end(), to_register.begin(), to_register.end());
            commands.push_back(std::move(sadd));
        }
        const std::size_t first_script = commands.size();
        std::vector<std::size_t> item_of_command;  // commands[first_script + k] belongs to requests[item_of_command[k]]
        for (std::size_t i = begin; i < end; ++i) {
            try {
                commands.push_back(enqueue_command(requests[i]));
                item_of_command.push_back(i);
            } catch (...) {
                results[i].error = std::current_exception();
            }
        }

        std::vector<redis::Reply> replies;
        try {
            replies = executor_.run_pipeline(commands);
        } catch (const redis::IoError&) {
            // The connection broke: this chunk's outcome is unknown and later chunks were not sent.
            auto error = std::current_exception();
            for (std::size_t i = begin; i < requests.size(); ++i) {
                if (!results[i].error) results[i].error = error;
            }
            return results;
        }

        if (!to_register.empty() && !replies.front().is_error()) {
            for (auto& queue : to_register) registered_queues_.mark_registered(queue);
        }
        for (std::size_t k = 0; k < item_of_command.size(); ++k) {
            const redis::Command& command = commands[first_script + k];
            const redis::Reply& reply = replies[first_script + k];
            BatchEnqueueOutcome& result = results[item_of_command[k]];
            try {
                if (reply.is_error()) {
                    throw redis::make_reply_error(executor_.describe(), command.describe(), reply.as_string());
                }
                result.outcome = parse_outcome(reply, command);
            } catch (...) {
                result.error = std::current_exception();
            }
        }
    }
    return results;
}

}  // namespace asynq::broker
