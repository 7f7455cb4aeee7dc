#include "redis/errors.h"

#include <array>

namespace asynq::redis {

PipelineError::PipelineError(const std::string& message, std::vector<std::optional<Reply>> replies)
    : IoError(message), replies_(std::move(replies)) {}
namespace {

bool starts_with_word(std::string_view text, std::string_view word) {
    return text.starts_with(word) && (text.size() == word.size() || text[word.size()] == ' ');
}

// Codes follow what the caller should do next (style.md §5): credentials and db are fixed by a person; a node that
// is loading, busy with a script, without a reachable master or a replica after a failover (READONLY) recovers on
// its own, so the caller retries.
ErrorCode code_for(std::string_view redis_message) {
    static constexpr std::array<std::string_view, 2> kAuthPrefixes = {"NOAUTH", "WRONGPASS"};
    static constexpr std::array<std::string_view, 4> kConfigTexts = {
        "invalid password", "invalid username-password pair",
        "called without any password configured",  // a password set for a server that has none
        "DB index is out of range"};               // SELECT of a db the server does not have
    static constexpr std::array<std::string_view, 5> kTransientPrefixes = {"LOADING", "BUSY", "MASTERDOWN", "TRYAGAIN",
                                                                           "READONLY"};
    for (auto prefix : kAuthPrefixes) {
        if (starts_with_word(redis_message, prefix)) return ErrorCode::kInvalidArgument;
    }
    for (auto text : kConfigTexts) {
        if (redis_message.find(text) != std::string_view::npos) return ErrorCode::kInvalidArgument;
    }
    for (auto prefix : kTransientPrefixes) {
        if (starts_with_word(redis_message, prefix)) return ErrorCode::kUnavailable;
    }
    return ErrorCode::kInternal;
}

}  // namespace

ReplyError make_reply_error(std::string_view address, std::string_view command, const std::string& redis_message) {
    std::string message = "redis ";
    message += address;
    message += ": ";
    message += command;
    message += ": ";
    message += redis_message;
    return ReplyError(code_for(redis_message), message, redis_message);
}

}  // namespace asynq::redis
