#include "server/maintenance.h"

#include <fmt/format.h>

#include "redis/command.h"
#include "redis/errors.h"

namespace asynq::server {
namespace {

util::PeriodicLoop::ErrorHandler log_errors(util::Logger& logger, std::string name) {
    return [&logger, name](const std::exception& e) {
        logger.log_every(std::chrono::seconds(10), name, LogLevel::kError, name + ": " + e.what());
    };
}

// Runs one step for one queue. A step that fails for that queue alone (a damaged key, a script error) is logged
// and the other queues go on; Redis out of reach fails the whole run, reported once by the loop.
template <typename Step>
void for_queue(util::Logger& logger, std::string_view component, const std::string& queue, Step&& step) {
    try {
        step();
    } catch (const redis::IoError&) {
        throw;
    } catch (const std::exception& e) {
        logger.log_every(std::chrono::seconds(10), fmt::format("{}:{}", component, queue), LogLevel::kError,
                         fmt::format("{}: queue {}: {}", component, queue, e.what()));
    }
}

}  // namespace

Forwarder::Forwarder(broker::Broker& broker, util::Logger& logger, std::vector<std::string> queues,
                     std::chrono::milliseconds interval)
    : broker_(broker),
      logger_(logger),
      queues_(std::move(queues)),
      loop_(
          "forwarder", interval, [this] { run_once(); }, log_errors(logger, "forwarder")) {}

std::int64_t Forwarder::run_once() {
    std::int64_t moved = 0;
    for (const auto& queue : queues_) {
        for_queue(logger_, "forwarder", queue, [&] { moved += broker_.forward_due_tasks(queue); });
    }
    if (moved > 0) logger_.debug("forwarder: {} due tasks moved to pending", moved);
    return moved;
}

Recoverer::Recoverer(broker::Broker& broker, const util::Clock& clock, util::Logger& logger, Finisher& finisher,
                     std::vector<std::string> queues, std::chrono::milliseconds interval, std::chrono::seconds grace)
    : broker_(broker),
      clock_(clock),
      logger_(logger),
      finisher_(finisher),
      queues_(std::move(queues)),
      grace_(grace),
      loop_(
          "recoverer", interval, [this] { run_once(); }, log_errors(logger, "recoverer"),
          util::PeriodicLoop::FirstRun::kImmediately) {}

int Recoverer::run_once() {
    // Tolerate clock skew between servers: only leases expired for a while are taken over.
    const auto cutoff = clock_.now() - grace_;
    int recovered = 0;
    for (const auto& queue : queues_) {
        for_queue(logger_, "recoverer", queue, [&] {
            std::vector<broker::BadTask> bad;
            auto messages = broker_.list_lease_expired(queue, cutoff, bad);
            for (const auto& b : bad) logger_.error("recoverer: queue {}: task {}: {}", b.queue, b.id, b.problem);
            for (const auto& message : messages) {
                logger_.warn("recoverer: task {} ({}) in queue {} lost its worker (lease expired); recovering",
                             message.id(), message.type(), queue);
                finisher_.recover(message);
                ++recovered;
            }
        });
        // As Go's recoverer: every server, with or without an aggregator, returns the aggregation sets of dead
        // aggregations to their groups, so a server with an aggregator finds them again.
        for_queue(logger_, "recoverer (aggregation sets)", queue, [&] {
            if (const auto reclaimed = broker_.reclaim_stale_aggregation_sets(queue); reclaimed > 0) {
                logger_.warn("recoverer: queue {}: {} aggregation sets past their deadline returned to their groups",
                             queue, reclaimed);
            }
        });
    }
    return recovered;
}

Janitor::Janitor(broker::Broker& broker, util::Logger& logger, std::vector<std::string> queues,
                 std::chrono::milliseconds interval, int batch_size)
    : broker_(broker),
      logger_(logger),
      queues_(std::move(queues)),
      batch_size_(batch_size),
      loop_(
          "janitor", interval, [this] { run_once(); }, log_errors(logger, "janitor")) {}

std::int64_t Janitor::run_once() {
    std::int64_t deleted = 0;
    for (const auto& queue : queues_) {
        for_queue(logger_, "janitor", queue, [&] { deleted += broker_.delete_expired_completed(queue, batch_size_); });
    }
    if (deleted > 0) logger_.debug("janitor: {} expired completed tasks deleted", deleted);
    return deleted;
}

Healthchecker::Healthchecker(broker::Broker& broker, util::Logger& logger,
                             std::function<void(std::exception_ptr)> check, std::chrono::milliseconds interval)
    : broker_(broker),
      logger_(logger),
      check_(std::move(check)),
      loop_(
          "healthchecker", interval, [this] { run_once(); }, log_errors(logger, "healthchecker"),
          util::PeriodicLoop::FirstRun::kImmediately) {}

void Healthchecker::run_once() {
    std::exception_ptr error;
    try {
        broker_.executor().run(redis::Command::keyless({"PING"}));
    } catch (...) {
        error = std::current_exception();
    }
    try {
        check_(error);
    } catch (const std::exception& e) {
        logger_.error("health check callback threw: {}", e.what());
    }
}

}  // namespace asynq::server
