#include "redis/executor.h"

#include <cassert>

#include "redis/errors.h"
#include "redis/standalone_executor.h"

namespace asynq::redis {
namespace {

// A script missing from the node's cache (restart, failover, SCRIPT FLUSH): worth one more try as EVAL.
bool is_noscript(const Command& command, const Reply& reply) {
    return command.script != nullptr && reply.is_error() && reply.error_prefix() == "NOSCRIPT";
}

}  // namespace

Reply Executor::run(const Command& command) {
    Reply reply = send(command);
    if (is_noscript(command, reply)) reply = send(command.as_eval());
    if (reply.is_error()) throw make_reply_error(describe(), command.describe(), reply.as_string());
    return reply;
}

std::vector<Reply> Executor::run_pipeline(std::span<const Command> commands) {
    std::vector<Reply> replies = send_pipeline(commands);
    assert(replies.size() == commands.size());

    std::vector<std::size_t> missing;
    std::vector<Command> retries;
    for (std::size_t i = 0; i < commands.size(); ++i) {
        if (is_noscript(commands[i], replies[i])) {
            missing.push_back(i);
            retries.push_back(commands[i].as_eval());
        }
    }
    if (retries.empty()) return replies;

    // One more round trip for all of them. Commands after a NOSCRIPT one already ran, so the scripts run out of
    // their original order; pipelines carry independent commands, and MULTI/EXEC is the tool when order matters.
    std::vector<Reply> retried;
    try {
        retried = send_pipeline(retries);
    } catch (const IoError& e) {
        // The first round's replies stay known; of the retried commands, only those answered before the failure.
        std::vector<std::optional<Reply>> known(replies.begin(), replies.end());
        const auto* partial = dynamic_cast<const PipelineError*>(&e);
        for (std::size_t j = 0; j < missing.size(); ++j) {
            known[missing[j]] = partial != nullptr ? partial->replies()[j] : std::nullopt;
        }
        throw PipelineError(e.what(), std::move(known));
    }
    assert(retried.size() == retries.size());
    for (std::size_t j = 0; j < missing.size(); ++j) replies[missing[j]] = std::move(retried[j]);
    return replies;
}

std::unique_ptr<Executor> make_executor(const RedisOptions& options) {
    options.validate();
    return std::make_unique<StandaloneExecutor>(options);
}

void throw_first_error(const Executor& executor, std::span<const Command> commands, const std::vector<Reply>& replies) {
    for (std::size_t i = 0; i < replies.size(); ++i) {
        if (replies[i].is_error()) {
            throw make_reply_error(executor.describe(), commands[i].describe(), replies[i].as_string());
        }
    }
}

}  // namespace asynq::redis
