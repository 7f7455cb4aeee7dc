#pragma once

#include <chrono>
#include <thread>

namespace asynq::testing {

/// Polls condition until it holds or the deadline passes; returns its last value. Deadlines are generous: they
/// only matter when something is broken. Use instead of sleeping for a fixed time.
template <typename Condition>
bool eventually(Condition&& condition, std::chrono::milliseconds deadline = std::chrono::seconds(30),
                std::chrono::milliseconds poll = std::chrono::milliseconds(5)) {
    auto until = std::chrono::steady_clock::now() + deadline;
    while (true) {
        if (condition()) return true;
        if (std::chrono::steady_clock::now() >= until) return condition();
        std::this_thread::sleep_for(poll);
    }
}

}  // namespace asynq::testing
