#pragma once

#include <string>
#include <string_view>

// Payloads and results are arbitrary bytes, but JSON strings must be valid UTF-8.
namespace asynq::cli {

/// True if bytes is well-formed UTF-8 (no overlong forms, surrogates or code points above U+10FFFF).
bool is_valid_utf8(std::string_view bytes) noexcept;

/// bytes with every byte that does not start a well-formed sequence replaced by U+FFFD (one per byte); valid
/// text comes back unchanged.
std::string replace_invalid_utf8(std::string_view bytes);

/// Standard base64 (RFC 4648 §4) with `=` padding, as Go's base64.StdEncoding and `base64 -d` expect.
std::string base64_encode(std::string_view bytes);

}  // namespace asynq::cli
