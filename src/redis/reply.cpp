#include "redis/reply.h"

#include <string_view>
#include <utility>

#include "redis/errors.h"

namespace asynq::redis {
namespace {

// Quoted and escaped, so binary payloads stay readable in logs and test failures.
void append_quoted(std::string& out, const std::string& bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += '"';
    for (unsigned char c : bytes) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c >= 0x20 && c < 0x7f) {
            out += static_cast<char>(c);
        } else {
            out += "\\x";
            out += kHex[c >> 4];
            out += kHex[c & 0xf];
        }
    }
    out += '"';
}

void append_debug(std::string& out, const Reply& reply) {
    switch (reply.type()) {
        case Reply::Type::kNil:
            out += "(nil)";
            return;
        case Reply::Type::kStatus:
            out += "(status) " + reply.as_string();
            return;
        case Reply::Type::kError:
            out += "(error) " + reply.as_string();
            return;
        case Reply::Type::kInteger:
            out += "(integer) " + std::to_string(reply.as_integer());
            return;
        case Reply::Type::kString:
            append_quoted(out, reply.as_string());
            return;
        case Reply::Type::kArray: {
            out += '[';
            bool first = true;
            for (const Reply& element : reply.as_array()) {
                if (!first) out += ", ";
                first = false;
                append_debug(out, element);
            }
            out += ']';
            return;
        }
    }
}

// For exception messages: a huge array or payload must not become a huge message.
std::string shown(const Reply& reply) {
    static constexpr std::size_t kMaxShown = 200;
    std::string text = reply.debug_string();
    if (text.size() > kMaxShown) text = text.substr(0, kMaxShown) + "...";
    return text;
}

}  // namespace

Reply Reply::status(std::string text) {
    Reply r;
    r.type_ = Type::kStatus;
    r.string_ = std::move(text);
    return r;
}

Reply Reply::error(std::string text) {
    Reply r;
    r.type_ = Type::kError;
    r.string_ = std::move(text);
    return r;
}

Reply Reply::integer(std::int64_t value) {
    Reply r;
    r.type_ = Type::kInteger;
    r.integer_ = value;
    return r;
}

Reply Reply::string(std::string bytes) {
    Reply r;
    r.type_ = Type::kString;
    r.string_ = std::move(bytes);
    return r;
}

Reply Reply::array(std::vector<Reply> elements) {
    Reply r;
    r.type_ = Type::kArray;
    r.elements_ = std::move(elements);
    return r;
}

std::int64_t Reply::as_integer() const {
    if (type_ != Type::kInteger) {
        throw ProtocolError("redis reply: expected an integer, got " + shown(*this));
    }
    return integer_;
}

const std::string& Reply::as_string() const {
    if (type_ != Type::kString && type_ != Type::kStatus && type_ != Type::kError) {
        throw ProtocolError("redis reply: expected a string, got " + shown(*this));
    }
    return string_;
}

std::optional<std::string> Reply::as_optional_string() const {
    if (type_ == Type::kNil) return std::nullopt;
    if (type_ != Type::kString && type_ != Type::kStatus) {
        throw ProtocolError("redis reply: expected a string or nil, got " + shown(*this));
    }
    return string_;
}

const std::vector<Reply>& Reply::as_array() const {
    if (type_ != Type::kArray) throw ProtocolError("redis reply: expected an array, got " + shown(*this));
    return elements_;
}

std::vector<Reply>& Reply::as_array() {
    if (type_ != Type::kArray) throw ProtocolError("redis reply: expected an array, got " + shown(*this));
    return elements_;
}

std::string Reply::error_prefix() const {
    if (type_ != Type::kError) return {};
    return string_.substr(0, string_.find(' '));
}

std::string Reply::debug_string() const {
    std::string out;
    append_debug(out, *this);
    return out;
}

}  // namespace asynq::redis
