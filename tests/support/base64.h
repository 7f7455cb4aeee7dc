#pragma once

#include <string>
#include <string_view>

namespace asynq::testing {

/// Standard alphabet, padded (the fixture format). decode throws std::invalid_argument on bad input.
std::string base64_encode(std::string_view bytes);
std::string base64_decode(std::string_view text);

}  // namespace asynq::testing
