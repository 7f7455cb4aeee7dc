// asynq::PeriodicTaskManager: asks a config provider for the periodic tasks, and keeps a Scheduler's entries in
// line with them, from one owned sync thread. Uses only the Scheduler's public API.
#include "asynq/periodic_task_manager.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <map>
#include <mutex>
#include <utility>

#include "asynq/errors.h"
#include "client/message_builder.h"
#include "scheduler/cron_schedule.h"
#include "scheduler/entry_identity.h"
#include "util/go_duration.h"
#include "util/logger.h"
#include "util/periodic_loop.h"

namespace asynq {
namespace {

constexpr std::string_view kPrefix = "periodic task manager: ";

std::chrono::milliseconds sync_interval_of(const PeriodicTaskManagerOptions& options) {
    return options.sync_interval > std::chrono::milliseconds(0) ? options.sync_interval : std::chrono::minutes(3);
}

// A config's identity (scheduler::entry_identity): two configs with the same one are the same entry, so a sync
// leaves it registered.
std::string identity_of(const PeriodicTaskConfig& config) {
    return scheduler::entry_identity(config.cronspec, config.task, config.options);
}

std::string describe(std::size_t index, const PeriodicTaskConfig& config) {
    return fmt::format("config {} (cron \"{}\", type \"{}\")", index, config.cronspec, config.task.type());
}

cctz::time_zone location_of(const SchedulerOptions& options) {
    cctz::time_zone zone;
    // The Scheduler, constructed first, has already refused an unknown location.
    scheduler::try_load_location(options.location, zone);
    return zone;
}

}  // namespace

class PeriodicTaskManager::Impl {
public:
    Impl(RedisOptions redis, PeriodicTaskManagerOptions options)
        : options_(std::move(options)),
          logger_(options_.scheduler.log_level, options_.scheduler.logger),
          scheduler_(std::move(redis), options_.scheduler),
          zone_(location_of(options_.scheduler)),
          loop_("periodic task manager", sync_interval_of(options_), [this] { periodic_sync(); }) {}

    void start() {
        std::lock_guard lock(lifecycle_mu_);
        if (state_ != State::kNew) {
            throw Error(ErrorCode::kFailedPrecondition,
                        state_ == State::kRunning ? "periodic task manager: already started"
                                                  : "periodic task manager: cannot start again after shutdown");
        }
        {
            std::lock_guard sync_lock(sync_mu_);
            sync();
        }
        try {
            scheduler_.start();
        } catch (...) {
            unregister_all();
            throw;
        }
        logger_.info("periodic task manager: started with {} entries, syncing every {}", entries().size(),
                     util::format_go_duration(sync_interval_of(options_)));
        state_ = State::kRunning;
        loop_.start();
    }

    void shutdown() {
        std::lock_guard lock(lifecycle_mu_);
        if (state_ != State::kRunning) return;
        state_ = State::kStopped;  // from here on sync_now() refuses
        // Syncs first, so that none registers entries with a scheduler that is going away: the loop, then a
        // sync_now() that was already under way.
        loop_.stop();
        { std::lock_guard sync_lock(sync_mu_); }
        scheduler_.shutdown();
        logger_.info("periodic task manager: stopped");
    }

    PeriodicTaskSyncResult sync_now() {
        // Not under lifecycle_mu_: shutdown() holds it while it joins the sync thread, which may be in on_sync,
        // which may call sync_now().
        std::lock_guard sync_lock(sync_mu_);
        if (state_ != State::kRunning) {
            throw Error(ErrorCode::kFailedPrecondition, "periodic task manager: sync_now: not running");
        }
        return sync();
    }

    std::vector<PeriodicTaskEntry> entries() const {
        std::lock_guard lock(entries_mu_);
        std::vector<PeriodicTaskEntry> out;
        out.reserve(entries_.size());
        for (const Registered& registered : entries_) out.push_back(registered.entry);
        return out;
    }

    const std::string& scheduler_id() const noexcept { return scheduler_.id(); }

private:
    enum class State { kNew, kRunning, kStopped };

    struct Registered {
        std::string identity;
        PeriodicTaskEntry entry;
    };

    // The sync thread's step: errors are logged, not thrown, and the entries stay as they are. A config that
    // stays broken is reported once, not at every interval; a success after a failure says so.
    void periodic_sync() {
        PeriodicTaskSyncResult result;
        try {
            std::lock_guard sync_lock(sync_mu_);
            result = sync();
            if (!last_error_.empty()) {
                logger_.info("periodic task manager: sync succeeded again");
                last_error_.clear();
            }
        } catch (const std::exception& e) {
            std::lock_guard sync_lock(sync_mu_);
            std::string_view message = e.what();
            if (message.starts_with(kPrefix)) message.remove_prefix(kPrefix.size());
            if (message != last_error_) {
                logger_.error("periodic task manager: sync failed, entries unchanged ({} registered): {}",
                              entries().size(), message);
                last_error_ = message;
            }
            return;
        }
        if (result.changed() && options_.on_sync) {
            try {
                options_.on_sync(result);
            } catch (const std::exception& e) {
                logger_.error("periodic task manager: on_sync threw: {}", e.what());
            }
        }
    }

    std::vector<PeriodicTaskConfig> fetch_configs() {
        try {
            return options_.provider->get_configs();
        } catch (const Error& e) {
            throw Error(e.code(), fmt::format("periodic task manager: get_configs: {}", e.what()));
        } catch (const std::exception& e) {
            throw Error(ErrorCode::kUnavailable, fmt::format("periodic task manager: get_configs: {}", e.what()));
        }
    }

    // Checks a config as Scheduler::register_task would, without registering it, so that a sync can refuse a
    // config list before changing anything.
    void validate(std::size_t index, const PeriodicTaskConfig& config) const {
        try {
            if (config.cronspec.empty()) throw Error(ErrorCode::kInvalidArgument, "cron spec must not be empty");
            scheduler::CronSchedule::parse(config.cronspec, zone_);
            client::build_enqueue_request(config.task, config.options, std::chrono::system_clock::now());
        } catch (const std::exception& e) {
            throw Error(ErrorCode::kInvalidArgument,
                        fmt::format("periodic task manager: {}: {}", describe(index, config), e.what()));
        }
    }

    // One sync, all or nothing. Caller holds sync_mu_. New entries are registered before old ones go, so a
    // registration that fails can be rolled back with the old set still in place.
    PeriodicTaskSyncResult sync() {
        std::vector<PeriodicTaskConfig> configs = fetch_configs();
        std::vector<std::string> identities;
        identities.reserve(configs.size());
        for (std::size_t i = 0; i < configs.size(); ++i) {
            validate(i, configs[i]);
            identities.push_back(identity_of(configs[i]));
        }

        // Each config claims a current entry of its identity, if one is left (the same config listed twice claims
        // two); current entries left unclaimed are removed.
        const std::vector<Registered> previous = snapshot();
        std::map<std::string, std::deque<std::size_t>> unclaimed;
        for (std::size_t i = 0; i < previous.size(); ++i) unclaimed[previous[i].identity].push_back(i);
        std::vector<bool> claimed(previous.size(), false);

        PeriodicTaskSyncResult result;
        std::vector<Registered> next;
        next.reserve(configs.size());
        for (std::size_t i = 0; i < configs.size(); ++i) {
            auto found = unclaimed.find(identities[i]);
            if (found != unclaimed.end() && !found->second.empty()) {
                const std::size_t kept = found->second.front();
                found->second.pop_front();
                claimed[kept] = true;
                next.push_back(previous[kept]);
                ++result.unchanged;
                continue;
            }
            try {
                std::string entry_id =
                    scheduler_.register_task(configs[i].cronspec, configs[i].task, configs[i].options);
                PeriodicTaskEntry entry{.entry_id = std::move(entry_id), .config = std::move(configs[i])};
                result.added.push_back(entry);
                next.push_back({.identity = identities[i], .entry = std::move(entry)});
            } catch (const std::exception& e) {
                for (const PeriodicTaskEntry& added : result.added) unregister(added.entry_id);
                throw Error(ErrorCode::kInvalidArgument,
                            fmt::format("periodic task manager: {}: {}", describe(i, configs[i]), e.what()));
            }
        }
        for (std::size_t i = 0; i < previous.size(); ++i) {
            if (claimed[i]) continue;
            unregister(previous[i].entry.entry_id);
            result.removed.push_back(previous[i].entry);
        }
        {
            std::lock_guard lock(entries_mu_);
            entries_ = std::move(next);
        }
        for (const PeriodicTaskEntry& entry : result.added) {
            logger_.debug("periodic task manager: registered entry {}: cron \"{}\", type \"{}\"", entry.entry_id,
                          entry.config.cronspec, entry.config.task.type());
        }
        for (const PeriodicTaskEntry& entry : result.removed) {
            logger_.debug("periodic task manager: unregistered entry {}: cron \"{}\", type \"{}\"", entry.entry_id,
                          entry.config.cronspec, entry.config.task.type());
        }
        return result;
    }

    std::vector<Registered> snapshot() const {
        std::lock_guard lock(entries_mu_);
        return entries_;
    }

    void unregister(const std::string& entry_id) {
        try {
            scheduler_.unregister_task(entry_id);
        } catch (const std::exception& e) {
            // Only an unknown id fails, and every id here came from this scheduler: a bug, but not one worth
            // stopping the sync for.
            logger_.error("periodic task manager: unregistering entry {}: {}", entry_id, e.what());
        }
    }

    void unregister_all() {
        std::lock_guard sync_lock(sync_mu_);
        for (const Registered& registered : snapshot()) unregister(registered.entry.entry_id);
        std::lock_guard lock(entries_mu_);
        entries_.clear();
    }

    const PeriodicTaskManagerOptions options_;  // immutable
    const util::Logger logger_;
    Scheduler scheduler_;                     // thread-safe
    const cctz::time_zone zone_;              // immutable: the scheduler's default location, for validating cron specs
    std::mutex lifecycle_mu_;                 // serialises start and shutdown
    std::atomic<State> state_ = State::kNew;  // written under lifecycle_mu_
    std::mutex sync_mu_;                      // serialises syncs: held for a whole sync, provider call included
    std::string last_error_;                  // guarded by sync_mu_: the last periodic sync's error, "" after a success
    mutable std::mutex entries_mu_;
    std::vector<Registered> entries_;  // guarded by entries_mu_; changed only under sync_mu_ too
    util::PeriodicLoop loop_;          // last: its thread stops before the members it uses go
};

PeriodicTaskManager::PeriodicTaskManager(RedisOptions redis, PeriodicTaskManagerOptions options) {
    if (!options.provider) {
        throw Error(ErrorCode::kInvalidArgument, "periodic task manager: provider: must not be null");
    }
    impl_ = std::make_unique<Impl>(std::move(redis), std::move(options));
}

PeriodicTaskManager::~PeriodicTaskManager() {
    try {
        impl_->shutdown();
    } catch (...) {
    }
}

void PeriodicTaskManager::start() { impl_->start(); }

void PeriodicTaskManager::shutdown() { impl_->shutdown(); }

PeriodicTaskSyncResult PeriodicTaskManager::sync_now() { return impl_->sync_now(); }

std::vector<PeriodicTaskEntry> PeriodicTaskManager::entries() const { return impl_->entries(); }

const std::string& PeriodicTaskManager::scheduler_id() const noexcept { return impl_->scheduler_id(); }

}  // namespace asynq
