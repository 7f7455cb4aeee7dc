#pragma once

#include <chrono>
#include <map>
#include <string>

#include "asynq/server.h"

namespace asynq::server {

/// ServerOptions with every default applied and every value checked; what the components read.
struct Config {
    int concurrency = 0;
    std::map<std::string, int> queues;
    bool strict_priority = false;
    std::chrono::milliseconds task_check_interval{};
    std::chrono::milliseconds health_check_interval{};
    std::chrono::milliseconds shutdown_timeout{};
    std::chrono::milliseconds delayed_task_check_interval{};
    std::chrono::milliseconds janitor_interval{};
    int janitor_batch_size = 0;
    std::chrono::seconds lease_duration{};
    std::chrono::milliseconds heartbeat_interval{};
    std::chrono::milliseconds recoverer_interval{};
    std::chrono::seconds recovery_grace{};
    /// Group aggregation: on iff ServerOptions::group_aggregator is set; the rest is resolved either way.
    bool group_aggregation = false;
    std::chrono::milliseconds group_grace_period{};
    std::chrono::milliseconds group_max_delay{};  ///< 0 = no limit
    int group_max_size = 0;                       ///< 0 = no limit
    std::chrono::milliseconds aggregation_check_interval{};
    std::chrono::seconds aggregation_timeout{};
    /// How long a syncer keeps retrying a failed outcome write when the lease gives no bound (Go: 5 s ticks).
    std::chrono::milliseconds syncer_interval{5000};
};

/// Applies Go's defaults (spec §6.2) and validates. Throws Error(kInvalidArgument) naming the field, e.g.
/// `server options: queues: priority of "low" must be > 0 (got 0)`.
Config resolve_config(const ServerOptions& options);

/// One line for the startup log: the effective configuration.
std::string describe(const Config& config);

}  // namespace asynq::server
