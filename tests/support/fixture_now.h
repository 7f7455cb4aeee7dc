#pragma once

// Helpers for tests that load Go fixtures into Redis and read them with a real clock (Inspector and CLI tests).

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

#include "support/fixtures.h"

namespace asynq::testing {

/// A Go fixture moved to the present, so that a real-clock Inspector sees what Go's saw when the dump was taken:
/// daily counter keys are renamed to today's UTC date, and heartbeat zsets (servers, workers, schedulers) are
/// scored as many seconds ahead of now as they were of the dump, with their keys kept without expiry (the
/// recorded TTLs are seconds; a test must not race them). Task times stay as Go wrote them.
inline Dump fixture_now(const std::string& scenario) {
    auto dump = load_fixture(scenario);
    const auto now = std::chrono::system_clock::now();
    const auto now_s = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    const auto shift = now_s - dump.taken_at_ms / 1000;
    const std::string today = [&] {
        const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(now)};
        char text[16];
        std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                      static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
        return std::string(text);
    }();
    for (auto& key : dump.keys) {
        if (auto at = key.key.find(":2026-11-25"); at != std::string::npos) key.key.replace(at + 1, 10, today);
        if (key.key == "asynq:servers" || key.key == "asynq:workers" || key.key == "asynq:schedulers") {
            for (auto& [member, score] : key.zset_value) score += static_cast<double>(shift);
        }
        if (key.key.rfind("asynq:servers:", 0) == 0 || key.key.rfind("asynq:workers:", 0) == 0 ||
            key.key.rfind("asynq:schedulers:", 0) == 0) {
            key.ttl_ms = -1;
        }
    }
    return dump;
}

inline std::int64_t unix_s(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace asynq::testing
