#include "server/syncer.h"

namespace asynq::server {

Syncer::Syncer(const util::Clock& clock, util::Logger& logger, std::chrono::milliseconds interval)
    : clock_(clock),
      logger_(logger),
      loop_(
          "syncer", interval, [this] { run_once(); },
          [this](const std::exception& e) {
              logger_.log_every(std::chrono::seconds(10), "syncer", LogLevel::kError,
                                std::string("syncer: ") + e.what());
          }) {}

void Syncer::add(std::string description, std::function<void()> write, util::Clock::TimePoint give_up_at) {
    std::lock_guard lock(mu_);
    writes_.push_back({std::move(description), std::move(write), give_up_at});
}

void Syncer::stop() noexcept {
    loop_.stop();
    try {
        run_once();
    } catch (...) {
        // run_once logs per write; nothing more to do at shutdown
    }
}

void Syncer::run_once() {
    std::vector<Write> batch;
    {
        std::lock_guard lock(mu_);
        batch.swap(writes_);
    }
    std::vector<Write> keep;
    for (auto& w : batch) {
        if (clock_.now() >= w.give_up_at) {
            logger_.error("syncer: giving up on {} (lease expired); the recoverer will retry the task", w.description);
            continue;
        }
        try {
            w.write();
            logger_.info("syncer: {} written after an earlier failure", w.description);
        } catch (const std::exception& e) {
            logger_.log_every(std::chrono::seconds(10), "syncer-write", LogLevel::kWarn,
                              "syncer: " + w.description + " failed again: " + e.what());
            keep.push_back(std::move(w));
        }
    }
    std::lock_guard lock(mu_);
    for (auto& w : keep) writes_.push_back(std::move(w));
}

std::size_t Syncer::pending() const {
    std::lock_guard lock(mu_);
    return writes_.size();
}

}  // namespace asynq::server
