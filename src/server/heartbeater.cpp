#include "server/heartbeater.h"

#include <google/protobuf/timestamp.pb.h>

#include "asynq/task_errors.h"
#include "broker/server_metrics_codec.h"

namespace asynq::server {
namespace {

void set_timestamp(google::protobuf::Timestamp* out, util::Clock::TimePoint t) {
    const auto ns = util::unix_nanos(t);
    out->set_seconds(ns / 1'000'000'000);
    out->set_nanos(static_cast<int>(ns % 1'000'000'000));
}

}  // namespace

Heartbeater::Heartbeater(Dependencies deps)
    : deps_(deps),
      started_at_(deps.clock.now()),
      loop_(
          "heartbeater", deps.config.heartbeat_interval, [this] { beat(); },
          [this](const std::exception& e) {
              deps_.logger.log_every(std::chrono::seconds(10), "heartbeat", LogLevel::kError,
                                     std::string("heartbeat: ") + e.what());
          },
          util::PeriodicLoop::FirstRun::kImmediately) {}

void Heartbeater::start() { loop_.start(); }

void Heartbeater::stop() noexcept {
    loop_.stop();
    try {
        deps_.broker.clear_server_state(deps_.identity.host, deps_.identity.pid, deps_.identity.id);
    } catch (const std::exception& e) {
        deps_.logger.warn("could not clear server state (it expires by itself): {}", e.what());
    }
}

void Heartbeater::set_status(std::string status) {
    std::lock_guard lock(mu_);
    status_ = std::move(status);
}

void Heartbeater::beat() {
    const auto attempts = deps_.in_flight.snapshot();
    // Leases first: a failed state write must not cost a lease.
    renew_leases(attempts);
    write_state(attempts);
}

void Heartbeater::renew_leases(const std::vector<std::shared_ptr<Attempt>>& attempts) {
    const auto now = deps_.clock.now();
    std::map<std::string, std::vector<std::string>> ids_by_queue;
    std::map<std::string, std::vector<std::shared_ptr<Attempt>>> attempts_by_queue;
    for (const auto& attempt : attempts) {
        if (attempt->outcome_claimed()) continue;  // finishing: its outcome write checks the lease itself
        if (!attempt->lease_valid(now)) {
            // Redis was out of reach for a whole lease: another server's recoverer may own the task now. Stop
            // the handler and write nothing (spec §6.4).
            if (attempt->claim_outcome()) {
                attempt->request_stop(StopReason::kLeaseExpired);
                deps_.failures.push(attempt, std::make_exception_ptr(LeaseExpired()));
            }
            continue;
        }
        ids_by_queue[attempt->queue()].push_back(attempt->id());
        attempts_by_queue[attempt->queue()].push_back(attempt);
    }
    for (auto& [queue, ids] : ids_by_queue) {
        try {
            const auto expires_at = deps_.broker.extend_leases(queue, ids, now + deps_.config.lease_duration);
            for (auto& attempt : attempts_by_queue[queue]) attempt->extend_lease(expires_at);
        } catch (const std::exception& e) {
            deps_.logger.log_every(std::chrono::seconds(10), "extend-lease", LogLevel::kWarn,
                                   "could not renew leases in queue " + queue + ": " + e.what());
        }
    }
}

void Heartbeater::write_state(const std::vector<std::shared_ptr<Attempt>>& attempts) {
    broker::ServerState state;
    auto& info = state.info;
    info.set_host(deps_.identity.host);
    info.set_pid(deps_.identity.pid);
    info.set_server_id(deps_.identity.id);
    info.set_concurrency(deps_.config.concurrency);
    for (const auto& [queue, priority] : deps_.config.queues) (*info.mutable_queues())[queue] = priority;
    info.set_strict_priority(deps_.config.strict_priority);
    {
        std::lock_guard lock(mu_);
        info.set_status(status_);
    }
    set_timestamp(info.mutable_start_time(), started_at_);
    std::vector<std::shared_ptr<Attempt>> running;
    for (const auto& attempt : attempts) {
        // Once its outcome is recorded the task may run elsewhere: do not show it as ours any more.
        if (!attempt->outcome_claimed()) running.push_back(attempt);
    }
    info.set_active_worker_count(static_cast<int>(running.size()));
    for (const auto& attempt : running) {
        auto& worker = state.workers.emplace_back();
        worker.set_host(deps_.identity.host);
        worker.set_pid(deps_.identity.pid);
        worker.set_server_id(deps_.identity.id);
        worker.set_task_id(attempt->id());
        worker.set_task_type(attempt->message().type());
        worker.set_task_payload(attempt->message().payload());
        worker.set_queue(attempt->queue());
        set_timestamp(worker.mutable_start_time(), attempt->started_at());
        set_timestamp(worker.mutable_deadline(), attempt->deadline());
    }
    // Go's TTL: twice the interval, so one missed beat does not drop the server from the UI.
    state.ttl = std::chrono::duration_cast<std::chrono::seconds>(deps_.config.heartbeat_interval * 2);
    if (state.ttl < std::chrono::seconds(1)) state.ttl = std::chrono::seconds(1);
    if (deps_.metrics != nullptr) {
        ServerMetrics metrics;
        metrics.host = deps_.identity.host;
        metrics.pid = deps_.identity.pid;
        metrics.server_id = deps_.identity.id;
        metrics.updated = std::chrono::system_clock::now();
        metrics.duration_bounds = processing_duration_bounds();
        metrics.tasks = deps_.metrics->snapshot();
        state.metrics = broker::encode_server_metrics(metrics);
    }
    deps_.broker.write_server_state(state);
}

}  // namespace asynq::server
