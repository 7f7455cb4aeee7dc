#pragma once

#include <string>
#include <string_view>

// Payloads and results are arbitrary bytes, but protobuf string fields (Go rejects invalid ones) and JSON strings
// must be valid UTF-8.
namespace asynq::util {

/// True if bytes is well-formed UTF-8 (no overlong forms, surrogates or code points above U+10FFFF).
bool is_valid_utf8(std::string_view bytes) noexcept;

/// bytes with every byte that does not start a well-formed sequence replaced by U+FFFD (one per byte); valid
/// text comes back unchanged.
std::string replace_invalid_utf8(std::string_view bytes);

/// True if text is empty or only ASCII whitespace: what Go asynq refuses as a queue, type or group name.
bool is_blank(std::string_view text) noexcept;

/// Standard base64 (RFC 4648 §4) with `=` padding, as Go's base64.StdEncoding and `base64 -d` expect.
std::string base64_encode(std::string_view bytes);
/// The inverse; throws std::invalid_argument for text that is not padded standard base64.
std::string base64_decode(std::string_view text);

}  // namespace asynq::util
