#pragma once

#include <algorithm>
#include <chrono>

namespace asynq::util {

/// Exponential backoff: initial, 2x initial, ... capped at max. Not thread-safe; owners lock around it.
class Backoff {
public:
    Backoff(std::chrono::milliseconds initial, std::chrono::milliseconds max) : initial_(initial), max_(max) {}

    /// The delay to wait after one more consecutive failure.
    std::chrono::milliseconds next() {
        std::chrono::milliseconds delay =
            std::min<std::chrono::milliseconds>(max_, initial_ * (1LL << std::min(failures_, 20)));
        ++failures_;
        return delay;
    }
    void reset() noexcept { failures_ = 0; }
    int failures() const noexcept { return failures_; }

private:
    std::chrono::milliseconds initial_;
    std::chrono::milliseconds max_;
    int failures_ = 0;
};

}  // namespace asynq::util
