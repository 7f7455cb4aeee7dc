#pragma once

#include <string>
#include <string_view>

namespace asynq::util {

/// Lowercase hex MD5 of the bytes (32 chars), as Go's hex.EncodeToString(md5.Sum(b)).
std::string md5_hex(std::string_view bytes);

}  // namespace asynq::util
