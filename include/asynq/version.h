#pragma once

namespace asynq {

/// Library version (semantic versioning).
inline constexpr const char* kVersion = "0.1.0";

}  // namespace asynq
