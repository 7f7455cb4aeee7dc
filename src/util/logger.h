#pragma once

#include <fmt/format.h>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "asynq/logging.h"

namespace spdlog {
class logger;
}

namespace asynq::util {

/// The logger every component shares: a level filter in front of the user's LogSink, or spdlog writing to
/// stderr when there is none. Thread-safe.
class Logger {
public:
    Logger(LogLevel level, LogSink sink);
    ~Logger();

    bool enabled(LogLevel level) const noexcept { return level >= level_; }
    void log(LogLevel level, std::string_view message) const;

    template <typename... Args>
    void debug(fmt::format_string<Args...> format, Args&&... args) const {
        if (enabled(LogLevel::kDebug)) log(LogLevel::kDebug, fmt::format(format, std::forward<Args>(args)...));
    }
    template <typename... Args>
    void info(fmt::format_string<Args...> format, Args&&... args) const {
        if (enabled(LogLevel::kInfo)) log(LogLevel::kInfo, fmt::format(format, std::forward<Args>(args)...));
    }
    template <typename... Args>
    void warn(fmt::format_string<Args...> format, Args&&... args) const {
        if (enabled(LogLevel::kWarn)) log(LogLevel::kWarn, fmt::format(format, std::forward<Args>(args)...));
    }
    template <typename... Args>
    void error(fmt::format_string<Args...> format, Args&&... args) const {
        if (enabled(LogLevel::kError)) log(LogLevel::kError, fmt::format(format, std::forward<Args>(args)...));
    }

    /// Logs at most once per period for a given key (an error that repeats on every tick, e.g. Redis down),
    /// adding how many were suppressed in between.
    void log_every(std::chrono::seconds period, const std::string& key, LogLevel level, const std::string& message);

private:
    const LogLevel level_;                    // immutable
    const LogSink sink_;                      // immutable
    std::shared_ptr<spdlog::logger> stderr_;  // immutable; used when sink_ is empty
    struct Throttle {
        std::chrono::steady_clock::time_point last{};
        int suppressed = 0;
    };
    std::mutex mu_;
    std::map<std::string, Throttle> throttles_;  // guarded by mu_
};

}  // namespace asynq::util
