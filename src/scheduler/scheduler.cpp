// asynq::Scheduler: enqueues registered tasks on their cron schedules from one owned thread, and keeps its entries
// and their history in Redis in Go's layout (spec §5.2, §5.3).
#include "asynq/scheduler.h"

#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include "asynq/errors.h"
#include "broker/broker.h"
#include "broker/keys.h"
#include "client/enqueue_result.h"
#include "client/message_builder.h"
#include "redis/executor.h"
#include "scheduler/cron_schedule.h"
#include "scheduler/enqueue_option_strings.h"
#include "scheduler/entry_identity.h"
#include "scheduler/occurrence.h"
#include "server/server_identity.h"
#include "util/clock.h"
#include "util/logger.h"
#include "util/uuid.h"

namespace asynq {
namespace {

using TimePoint = std::chrono::system_clock::time_point;

google::protobuf::Timestamp timestamp(TimePoint time) {
    google::protobuf::Timestamp out;
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(time.time_since_epoch()).count();
    out.set_seconds(ns / 1'000'000'000);
    out.set_nanos(static_cast<int>(ns % 1'000'000'000));
    return out;
}

cctz::time_zone location_of(const SchedulerOptions& options) {
    cctz::time_zone zone;
    if (!scheduler::try_load_location(options.location, zone)) {
        throw Error(ErrorCode::kInvalidArgument, "scheduler: location: unknown time zone \"" + options.location + "\"");
    }
    return zone;
}

}  // namespace

class Scheduler::Impl {
public:
    struct Entry {
        std::string id;
        scheduler::CronSchedule schedule;
        Task task;
        EnqueueOptions options;
        std::vector<std::string> option_strings;
        std::string identity;  // scheduler::entry_identity: the same in every scheduler running this entry
        TimePoint next{};
        TimePoint prev{};
    };

    Impl(RedisOptions redis, SchedulerOptions options)
        : options_(std::move(options)),
          zone_(location_of(options_)),
          heartbeat_(options_.heartbeat_interval > std::chrono::milliseconds(0) ? options_.heartbeat_interval
                                                                                : std::chrono::seconds(10)),
          logger_(options_.log_level, options_.logger),
          executor_(redis::make_executor(redis)),
          broker_(*executor_, util::SystemClock::instance()) {
        const auto identity = server::ServerIdentity::of_this_process();
        id_ = identity.host + ":" + std::to_string(identity.pid) + ":" + identity.id;
    }

    std::string add(std::string_view cronspec, Task task, EnqueueOptions options) {
        auto schedule = scheduler::CronSchedule::parse(cronspec, zone_);
        // Validated now, so a bad option is refused at registration rather than at every firing.
        client::build_enqueue_request(task, options, std::chrono::system_clock::now());
        auto option_strings = scheduler::enqueue_option_strings(options);
        auto identity = scheduler::entry_identity(schedule.spec(), task, options);
        Entry entry{.id = util::new_uuid(),
                    .schedule = std::move(schedule),
                    .task = std::move(task),
                    .options = options,
                    .option_strings = std::move(option_strings),
                    .identity = std::move(identity)};
        entry.next = entry.schedule.next(std::chrono::system_clock::now());
        std::string id = entry.id;
        {
            std::lock_guard lock(mu_);
            entries_.emplace(id, std::move(entry));
            changed_entries_ = true;
        }
        changed_.notify_all();
        return id;
    }

    void remove(const std::string& entry_id) {
        {
            std::lock_guard lock(mu_);
            if (entries_.erase(entry_id) == 0) {
                throw Error(ErrorCode::kNotFound, "scheduler: no entry with id \"" + entry_id + "\"");
            }
            changed_entries_ = true;
        }
        changed_.notify_all();
    }

    void start() {
        std::lock_guard lock(lifecycle_mu_);
        if (loop_.joinable()) throw Error(ErrorCode::kFailedPrecondition, "scheduler: already started");
        executor_->run(redis::Command::keyless({"PING"}));  // fail fast, naming the address
        logger_.info("scheduler {} starting", id_);
        loop_ = std::jthread([this](std::stop_token stop) { run(stop); });
    }

    void shutdown() {
        std::lock_guard lock(lifecycle_mu_);
        if (!loop_.joinable()) return;
        loop_.request_stop();
        changed_.notify_all();
        loop_.join();
        std::vector<std::string> ids;
        {
            std::lock_guard entries_lock(mu_);
            for (const auto& [id, entry] : entries_) ids.push_back(id);
        }
        try {
            broker_.clear_scheduler_state(id_, ids);
        } catch (const std::exception& e) {
            logger_.warn("scheduler {}: clearing its entries failed: {} (they expire on their own)", id_, e.what());
        }
        logger_.info("scheduler {} stopped", id_);
    }

    const std::string& id() const noexcept { return id_; }

private:
    void run(std::stop_token stop) {
        auto next_heartbeat = std::chrono::system_clock::now();  // at once: `asynq cron ls` sees us from the start
        std::unique_lock lock(mu_);
        while (!stop.stop_requested()) {
            TimePoint wake = next_heartbeat;
            for (const auto& [id, entry] : entries_) {
                if (entry.next != TimePoint{}) wake = std::min(wake, entry.next);
            }
            changed_.wait_until(lock, stop, wake, [this] { return changed_entries_; });  // entries changed: recompute
            changed_entries_ = false;
            if (stop.stop_requested()) break;
            const auto now = std::chrono::system_clock::now();
            std::vector<Entry> due;
            for (auto& [id, entry] : entries_) {
                if (entry.next == TimePoint{} || entry.next > now) continue;
                entry.prev = entry.next;
                entry.next = entry.schedule.next(now);
                due.push_back(entry);
            }
            const bool beat = now >= next_heartbeat;
            std::vector<wire::SchedulerEntry> snapshot;
            if (beat) {
                next_heartbeat = now + heartbeat_;
                for (const auto& [id, entry] : entries_) snapshot.push_back(to_wire(entry));
            }
            lock.unlock();
            for (const auto& entry : due) fire(entry);
            if (beat) write_heartbeat(snapshot);
            lock.lock();
        }
    }

    wire::SchedulerEntry to_wire(const Entry& entry) const {
        wire::SchedulerEntry out;
        out.set_id(entry.id);
        out.set_spec(std::string(entry.schedule.spec()));
        out.set_task_type(entry.task.type());
        out.set_task_payload(entry.task.payload());
        for (const auto& option : entry.option_strings) out.add_enqueue_options(option);
        *out.mutable_next_enqueue_time() = timestamp(entry.next);
        if (entry.prev != TimePoint{}) *out.mutable_prev_enqueue_time() = timestamp(entry.prev);
        return out;
    }

    void fire(const Entry& entry) {
        if (options_.pre_enqueue) {
            try {
                options_.pre_enqueue(entry.task, entry.options);
            } catch (const std::exception& e) {
                logger_.error("scheduler: pre_enqueue threw for entry {}: {}", entry.id, e.what());
            } catch (...) {  // user code may throw anything; it must not end the scheduler's thread
                logger_.error("scheduler: pre_enqueue threw a non-standard exception for entry {}", entry.id);
            }
        }
        try {
            auto request = client::build_enqueue_request(entry.task, entry.options, std::chrono::system_clock::now());
            if (options_.one_enqueue_per_occurrence) request.claim = claim(entry, request.message.queue());
            const auto outcome = broker_.enqueue(request);
            if (outcome == broker::EnqueueOutcome::kClaimedElsewhere) {
                logger_.debug("scheduler: entry {}: another scheduler enqueued this occurrence", entry.id);
                return;
            }
            const TaskInfo info = client::task_info_of(request, outcome);
            logger_.debug("scheduler: entry {} enqueued task {}", entry.id, info.id);
            wire::SchedulerEnqueueEvent event;
            event.set_task_id(info.id);
            *event.mutable_enqueue_time() = timestamp(std::chrono::system_clock::now());
            try {
                broker_.record_scheduler_enqueue(entry.id, event);
            } catch (const std::exception& e) {
                logger_.warn("scheduler: recording the enqueue of entry {} failed: {}", entry.id, e.what());
            }
            post(&info, nullptr, entry);
        } catch (const std::exception& e) {
            logger_.error("scheduler: entry {} ({} {}): enqueue failed: {}", entry.id, entry.schedule.spec(),
                          entry.task.type(), e.what());
            post(nullptr, &e, entry);
        }
    }

    broker::OccurrenceClaim claim(const Entry& entry, const std::string& queue) const {
        const auto occurrence = scheduler::occurrence_of(entry.schedule, entry.prev, entry.next);
        return broker::OccurrenceClaim{
            .key = broker::keys::scheduler_occurrence_key(queue, entry.identity, occurrence.name),
            .holder = id_,
            .ttl = occurrence.claim_ttl};
    }

    void post(const TaskInfo* info, const std::exception* error, const Entry& entry) {
        if (!options_.post_enqueue) return;
        try {
            options_.post_enqueue(info, error);
        } catch (const std::exception& e) {
            logger_.error("scheduler: post_enqueue threw for entry {}: {}", entry.id, e.what());
        } catch (...) {
            logger_.error("scheduler: post_enqueue threw a non-standard exception for entry {}", entry.id);
        }
    }

    void write_heartbeat(const std::vector<wire::SchedulerEntry>& entries) {
        try {
            const auto ttl = std::chrono::duration_cast<std::chrono::seconds>(2 * heartbeat_);
            broker_.write_scheduler_entries(id_, entries, std::max(ttl, std::chrono::seconds(1)));
        } catch (const std::exception& e) {
            logger_.log_every(std::chrono::seconds(30), "scheduler-heartbeat", LogLevel::kWarn,
                              std::string("scheduler: writing its entries failed: ") + e.what());
        }
    }

    const SchedulerOptions options_;  // immutable
    const cctz::time_zone zone_;      // immutable
    const std::chrono::milliseconds heartbeat_;
    util::Logger logger_;
    std::unique_ptr<redis::Executor> executor_;
    broker::Broker broker_;
    std::string id_;  // immutable after construction
    std::mutex mu_;
    std::condition_variable_any changed_;
    std::map<std::string, Entry> entries_;  // guarded by mu_
    bool changed_entries_ = false;          // guarded by mu_: an entry was added or removed
    std::mutex lifecycle_mu_;               // serialises start and shutdown
    std::jthread loop_;                     // last: stopped first
};

Scheduler::Scheduler(RedisOptions redis, SchedulerOptions options)
    : impl_(std::make_unique<Impl>(std::move(redis), std::move(options))) {}

Scheduler::~Scheduler() {
    try {
        impl_->shutdown();
    } catch (...) {
    }
}

std::string Scheduler::register_task(std::string_view cronspec, Task task, EnqueueOptions options) {
    return impl_->add(cronspec, std::move(task), std::move(options));
}

void Scheduler::unregister_task(const std::string& entry_id) { impl_->remove(entry_id); }

void Scheduler::start() { impl_->start(); }

void Scheduler::shutdown() { impl_->shutdown(); }

const std::string& Scheduler::id() const noexcept { return impl_->id(); }

}  // namespace asynq
