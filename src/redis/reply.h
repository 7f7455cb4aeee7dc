#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace asynq::redis {

/// One Redis reply as a value (hiredis replies are converted and freed at once, so nothing from hiredis
/// escapes src/redis). Error replies are values too: a pipeline returns them in place, run() throws them.
class Reply {
public:
    enum class Type { kNil, kStatus, kError, kInteger, kString, kArray };

    Reply() = default;  // nil
    static Reply nil() { return Reply(); }
    static Reply status(std::string text);
    static Reply error(std::string text);
    static Reply integer(std::int64_t value);
    static Reply string(std::string bytes);
    static Reply array(std::vector<Reply> elements);

    Type type() const noexcept { return type_; }
    bool is_nil() const noexcept { return type_ == Type::kNil; }
    bool is_error() const noexcept { return type_ == Type::kError; }
    bool is_array() const noexcept { return type_ == Type::kArray; }

    /// The value of an integer reply. Throws ProtocolError for any other type.
    std::int64_t as_integer() const;
    /// The bytes of a string or status reply (or the text of an error reply). Throws ProtocolError otherwise.
    const std::string& as_string() const;
    /// nullopt for nil, the bytes for a string/status reply; throws ProtocolError otherwise.
    std::optional<std::string> as_optional_string() const;
    /// Elements of an array reply. Throws ProtocolError otherwise.
    const std::vector<Reply>& as_array() const;
    std::vector<Reply>& as_array();

    /// For error replies: the error prefix, e.g. "NOSCRIPT", "WRONGTYPE", "ERR".
    std::string error_prefix() const;

    /// Human-readable form for logs and test failure messages.
    std::string debug_string() const;

private:
    Type type_ = Type::kNil;
    std::int64_t integer_ = 0;
    std::string string_;  // string, status or error text
    std::vector<Reply> elements_;
};

}  // namespace asynq::redis
