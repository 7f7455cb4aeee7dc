#include "server/config.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <thread>

#include "asynq/errors.h"
#include "util/text.h"

namespace asynq::server {
namespace {

using namespace std::chrono_literals;

[[noreturn]] void invalid(std::string_view field, const std::string& problem) {
    throw Error(ErrorCode::kInvalidArgument, fmt::format("server options: {}: {}", field, problem));
}

template <typename Duration>
Duration positive_or_default(std::string_view field, Duration value, Duration fallback) {
    if (value < Duration::zero()) invalid(field, fmt::format("must not be negative (got {})", value));
    return value == Duration::zero() ? fallback : value;
}

}  // namespace

Config resolve_config(const ServerOptions& options) {
    Config c;
    if (options.concurrency < 0) {
        invalid("concurrency", fmt::format("must be >= 0, 0 = one per hardware thread (got {})", options.concurrency));
    }
    c.concurrency = options.concurrency > 0 ? options.concurrency
                                            : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));

    for (const auto& [name, priority] : options.queues) {
        if (util::is_blank(name)) invalid("queues", "queue names must not be blank");
        if (priority <= 0) invalid("queues", fmt::format("priority of \"{}\" must be > 0 (got {})", name, priority));
        c.queues[name] = priority;
    }
    if (c.queues.empty()) c.queues["default"] = 1;
    c.strict_priority = options.strict_priority;

    c.task_check_interval =
        positive_or_default("task_check_interval", options.task_check_interval, std::chrono::milliseconds(1s));
    c.health_check_interval =
        positive_or_default("health_check_interval", options.health_check_interval, std::chrono::milliseconds(15s));
    c.shutdown_timeout =
        positive_or_default("shutdown_timeout", options.shutdown_timeout, std::chrono::milliseconds(8s));
    c.delayed_task_check_interval = positive_or_default(
        "delayed_task_check_interval", options.delayed_task_check_interval, std::chrono::milliseconds(5s));
    c.janitor_interval =
        positive_or_default("janitor_interval", options.janitor_interval, std::chrono::milliseconds(8s));
    if (options.janitor_batch_size < 0) {
        invalid("janitor_batch_size", fmt::format("must be >= 0, 0 = 100 (got {})", options.janitor_batch_size));
    }
    c.janitor_batch_size = options.janitor_batch_size > 0 ? options.janitor_batch_size : 100;
    c.lease_duration = positive_or_default("lease_duration", options.lease_duration, std::chrono::seconds(30s));
    c.heartbeat_interval =
        positive_or_default("heartbeat_interval", options.heartbeat_interval, std::chrono::milliseconds(5s));
    c.recoverer_interval =
        positive_or_default("recoverer_interval", options.recoverer_interval, std::chrono::milliseconds(1min));
    c.recovery_grace = positive_or_default("recovery_grace", options.recovery_grace, std::chrono::seconds(30s));
    // Leases are renewed by heartbeats (jittered up to +10 %) and stored in whole seconds (up to 1 s lost): a
    // healthy server must renew a lease well before it lapses, so allow at least two beats.
    if (c.heartbeat_interval * 2 + std::chrono::seconds(1) > c.lease_duration) {
        invalid("heartbeat_interval", fmt::format("two heartbeats plus 1 s must fit in lease_duration ({} vs {})",
                                                  c.heartbeat_interval, c.lease_duration));
    }
    c.syncer_interval = std::min<std::chrono::milliseconds>(5s, c.heartbeat_interval);

    c.group_aggregation = static_cast<bool>(options.group_aggregator);
    c.group_grace_period =
        positive_or_default("group_grace_period", options.group_grace_period, std::chrono::milliseconds(1min));
    if (c.group_grace_period < 1s) {  // Go panics; the script counts whole seconds
        invalid("group_grace_period", fmt::format("must be >= 1 s, 0 = 1 min (got {})", c.group_grace_period));
    }
    c.group_max_delay = positive_or_default("group_max_delay", options.group_max_delay, 0ms);
    if (c.group_max_delay > 0ms && c.group_max_delay < 1s) {  // Go would truncate it to 0 s: no limit at all
        invalid("group_max_delay", fmt::format("must be 0 (no limit) or >= 1 s (got {})", c.group_max_delay));
    }
    if (options.group_max_size < 0) {
        invalid("group_max_size", fmt::format("must be >= 0, 0 = no limit (got {})", options.group_max_size));
    }
    c.group_max_size = options.group_max_size;
    c.aggregation_check_interval = positive_or_default("aggregation_check_interval", options.aggregation_check_interval,
                                                       std::min<std::chrono::milliseconds>(7s, c.group_grace_period));
    c.aggregation_timeout =
        positive_or_default("aggregation_timeout", options.aggregation_timeout, std::chrono::seconds(2min));
    return c;
}

std::string describe(const Config& c) {
    std::vector<std::string> queues;
    for (const auto& [name, priority] : c.queues) queues.push_back(fmt::format("{}={}", name, priority));
    return fmt::format(
        "concurrency={} queues=[{}] strict_priority={} task_check_interval={} shutdown_timeout={} "
        "delayed_task_check_interval={} janitor_interval={} janitor_batch_size={} lease_duration={} "
        "heartbeat_interval={} recoverer_interval={}{}",
        c.concurrency, fmt::join(queues, ","), c.strict_priority, c.task_check_interval, c.shutdown_timeout,
        c.delayed_task_check_interval, c.janitor_interval, c.janitor_batch_size, c.lease_duration, c.heartbeat_interval,
        c.recoverer_interval,
        c.group_aggregation
            ? fmt::format(" group_grace_period={} group_max_delay={} group_max_size={} aggregation_check_interval={} "
                          "aggregation_timeout={}",
                          c.group_grace_period, c.group_max_delay, c.group_max_size, c.aggregation_check_interval,
                          c.aggregation_timeout)
            : std::string(" group_aggregation=off"));
}

}  // namespace asynq::server
