#include "util/logger.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace asynq {

std::string_view to_string(LogLevel level) noexcept {
    switch (level) {
        case LogLevel::kDebug:
            return "debug";
        case LogLevel::kInfo:
            return "info";
        case LogLevel::kWarn:
            return "warn";
        case LogLevel::kError:
            return "error";
    }
    return "unknown";
}

}  // namespace asynq

namespace asynq::util {
namespace {

spdlog::level::level_enum to_spdlog(LogLevel level) {
    switch (level) {
        case LogLevel::kDebug:
            return spdlog::level::debug;
        case LogLevel::kInfo:
            return spdlog::level::info;
        case LogLevel::kWarn:
            return spdlog::level::warn;
        case LogLevel::kError:
            return spdlog::level::err;
    }
    return spdlog::level::info;
}

}  // namespace

Logger::Logger(LogLevel level, LogSink sink) : level_(level), sink_(std::move(sink)) {
    if (!sink_) {
        // Not registered in spdlog's global registry: several servers in one process each own theirs.
        stderr_ = std::make_shared<spdlog::logger>("asynq", std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
        stderr_->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z asynq %l: %v");
        stderr_->set_level(to_spdlog(level));
    }
}

Logger::~Logger() = default;

void Logger::log(LogLevel level, std::string_view message) const {
    if (!enabled(level)) return;
    if (sink_) {
        try {
            sink_(level, message);
        } catch (...) {
            // A failing user sink must not take a worker down; there is nowhere else to report it.
        }
        return;
    }
    stderr_->log(to_spdlog(level), "{}", message);
}

void Logger::log_every(std::chrono::seconds period, const std::string& key, LogLevel level,
                       const std::string& message) {
    if (!enabled(level)) return;
    int suppressed = 0;
    {
        std::lock_guard lock(mu_);
        auto& throttle = throttles_[key];
        auto now = std::chrono::steady_clock::now();
        if (throttle.last != std::chrono::steady_clock::time_point{} && now - throttle.last < period) {
            ++throttle.suppressed;
            return;
        }
        suppressed = throttle.suppressed;
        throttle = {now, 0};
    }
    log(level, suppressed == 0 ? message : fmt::format("{} ({} similar messages suppressed)", message, suppressed));
}

}  // namespace asynq::util
