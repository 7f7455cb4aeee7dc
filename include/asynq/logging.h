#pragma once

#include <functional>
#include <string_view>

namespace asynq {

/// Severity of a log message. kError means work may be lost or an operator must act; kWarn degraded but
/// recovering (Redis reconnecting); kInfo lifecycle only (start, effective configuration, stop); kDebug per task.
enum class LogLevel { kDebug, kInfo, kWarn, kError };

/// Receives log messages at or above the configured level. Called from many threads; must be thread-safe and
/// must not call back into the server.
using LogSink = std::function<void(LogLevel level, std::string_view message)>;

std::string_view to_string(LogLevel level) noexcept;

}  // namespace asynq
