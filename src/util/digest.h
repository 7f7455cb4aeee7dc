#pragma once

#include <string>
#include <string_view>

namespace asynq::util {

/// Lowercase hex MD5 of the bytes (32 chars), as Go's hex.EncodeToString(md5.Sum(b)): the unique-lock key.
std::string md5_hex(std::string_view bytes);

/// Lowercase hex SHA-1 of the bytes (40 chars): the name Redis gives a script (EVALSHA).
std::string sha1_hex(std::string_view bytes);

/// Lowercase hex SHA-256 of the bytes (64 chars): identities of scheduler entries and periodic task configs.
std::string sha256_hex(std::string_view bytes);

}  // namespace asynq::util
