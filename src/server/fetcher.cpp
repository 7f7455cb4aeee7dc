#include "server/fetcher.h"

#include "broker/outcome.h"
#include "util/backoff.h"
#include "util/periodic_loop.h"

namespace asynq::server {
namespace {

// At most this many tasks per queue and round: bounds the script's run time and its reply.
constexpr int kMaxTakePerCall = 500;

std::vector<std::string> names(const std::map<std::string, int>& queues) {
    std::vector<std::string> out;
    for (const auto& [name, priority] : queues) out.push_back(name);
    return out;
}

}  // namespace

Fetcher::Fetcher(Dependencies deps)
    : deps_(deps),
      selector_(deps.config.queues, deps.config.strict_priority),
      watchers_(deps.broker, deps.logger, names(deps.config.queues),
                [this](const std::string& queue) { on_work(queue); }) {}

Fetcher::~Fetcher() { finish(); }

void Fetcher::start() {
    watchers_.start();
    thread_ = std::jthread([this] { run(); });
}

void Fetcher::stop_fetching() noexcept {
    {
        std::lock_guard lock(mu_);
        fetching_ = false;
    }
    worker_cv_.notify_all();
    loop_cv_.notify_all();
}

std::optional<broker::DequeuedTask> Fetcher::next_task() {
    std::unique_lock lock(mu_);
    ++waiting_workers_;
    if (loop_waiting_) loop_cv_.notify_one();
    // After stop_fetching, workers stay until the round under way has handed out what it took.
    worker_cv_.wait(lock, [this] { return !ready_.empty() || (!fetching_ && !round_in_flight_); });
    --waiting_workers_;
    if (ready_.empty()) return std::nullopt;
    broker::DequeuedTask task = std::move(ready_.front());
    ready_.pop_front();
    ++handed_out_;
    return task;
}

void Fetcher::started() {
    std::lock_guard lock(mu_);
    --handed_out_;
    if (drained()) drained_cv_.notify_all();
}

bool Fetcher::wait_until_drained(std::chrono::steady_clock::time_point deadline) {
    std::unique_lock lock(mu_);
    return drained_cv_.wait_until(lock, deadline, [this] { return drained(); });
}

bool Fetcher::ack(std::shared_ptr<const Attempt> attempt) {
    std::lock_guard lock(mu_);
    if (finished_) return false;
    acks_.push_back(std::move(attempt));
    if (loop_waiting_) loop_cv_.notify_one();
    return true;
}

std::vector<broker::DequeuedTask> Fetcher::finish() noexcept {
    {
        std::lock_guard lock(mu_);
        fetching_ = false;
        finishing_ = true;
    }
    worker_cv_.notify_all();
    loop_cv_.notify_all();
    if (thread_.joinable()) thread_.join();
    watchers_.stop();
    std::lock_guard lock(mu_);
    finished_ = true;  // also when the loop never started
    std::vector<broker::DequeuedTask> left(std::make_move_iterator(ready_.begin()),
                                           std::make_move_iterator(ready_.end()));
    ready_.clear();
    return left;
}

void Fetcher::on_work(const std::string& queue) {
    std::lock_guard lock(mu_);
    skipped_.erase(queue);
    if (loop_waiting_) loop_cv_.notify_one();
}

void Fetcher::run() {
    util::Backoff backoff(std::chrono::milliseconds(100), std::chrono::seconds(5));
    std::unique_lock lock(mu_);
    while (wait_for_round(lock)) {
        Round round = plan_round(std::chrono::steady_clock::now());
        round_in_flight_ = true;
        lock.unlock();
        std::vector<std::string> emptied;
        const bool ok = execute(round, emptied);
        // Armed after the queue was marked skipped: work that arrived since the probe fires the watcher at once.
        if (!emptied.empty()) watchers_.arm(emptied);
        lock.lock();
        round_in_flight_ = false;
        if (!fetching_) worker_cv_.notify_all();  // idle workers waiting for this round may leave now
        if (drained()) drained_cv_.notify_all();
        if (ok) {
            backoff.reset();
        } else {
            loop_cv_.wait_for(lock, backoff.next(), [this] { return finishing_; });
        }
    }
    finished_ = true;  // acks from here on are written by their callers
}

bool Fetcher::wait_for_round(std::unique_lock<std::mutex>& lock) {
    while (true) {
        if (!acks_.empty()) return true;
        if (finishing_) return false;
        std::optional<SteadyTime> wake_at;
        if (fetching_ && idle_workers() > 0) {
            const auto now = std::chrono::steady_clock::now();
            SteadyTime earliest = SteadyTime::max();
            for (const auto& queue : selector_.queues()) {
                auto it = skipped_.find(queue);
                if (it == skipped_.end() || it->second <= now) return true;  // a queue worth probing
                earliest = std::min(earliest, it->second);
            }
            wake_at = earliest;
        }
        loop_waiting_ = true;
        if (wake_at) {
            loop_cv_.wait_until(lock, *wake_at);
        } else {
            loop_cv_.wait(lock);
        }
        loop_waiting_ = false;
    }
}

Fetcher::Round Fetcher::plan_round(SteadyTime now) {
    Round round;
    std::map<std::string, std::size_t> index;  // queue -> its request
    auto request_for = [&](const std::string& queue) -> std::size_t {
        auto [it, added] = index.try_emplace(queue, round.requests.size());
        if (added) {
            round.requests.push_back({.queue = queue});
            round.acks.emplace_back();
        }
        return it->second;
    };

    const auto clock_now = deps_.clock.now();
    for (auto& attempt : acks_) {
        if (!attempt->lease_valid(clock_now)) {
            round.late.push_back(std::move(attempt));  // the finisher logs the skip
            continue;
        }
        const std::size_t i = request_for(attempt->queue());
        round.requests[i].acks.push_back(&attempt->message());
        round.acks[i].push_back(std::move(attempt));
    }
    acks_.clear();

    if (!fetching_) return round;
    std::erase_if(skipped_, [now](const auto& entry) { return entry.second <= now; });
    // Each idle worker's slot goes to the first queue of its own draw that is not skipped: the per-task
    // distribution of Go's per-dequeue order.
    const int idle = idle_workers();
    for (int slot = 0; slot < idle; ++slot) {
        for (const auto& queue : selector_.order()) {
            if (skipped_.contains(queue)) continue;
            auto& request = round.requests[request_for(queue)];
            request.count = std::min(request.count + 1, kMaxTakePerCall);
            break;
        }
    }
    return round;
}

bool Fetcher::execute(Round& round, std::vector<std::string>& emptied) {
    for (const auto& attempt : round.late) deps_.write_done(*attempt);
    if (round.requests.empty()) return true;
    std::vector<broker::FetchResult> results;
    try {
        results = deps_.broker.ack_and_fetch(round.requests, deps_.config.lease_duration);
    } catch (const std::exception& e) {  // nothing was sent
        deps_.logger.log_every(std::chrono::seconds(10), "fetch", LogLevel::kError,
                               std::string("taking tasks failed: ") + e.what());
        for (const auto& acks : round.acks) {
            for (const auto& attempt : acks) deps_.write_done(*attempt);
        }
        return false;
    }

    bool ok = true;
    for (std::size_t i = 0; i < results.size(); ++i) {
        const broker::FetchRequest& request = round.requests[i];
        broker::FetchResult& result = results[i];
        if (result.error) {
            ok = false;
            std::string why;
            try {
                std::rethrow_exception(result.error);
            } catch (const std::exception& e) {
                why = e.what();
            }
            deps_.logger.log_every(std::chrono::seconds(10), "fetch", LogLevel::kError,
                                   "queue " + request.queue + ": taking tasks failed: " + why);
            for (const auto& attempt : round.acks[i]) deps_.write_done(*attempt);
            continue;
        }
        record_acks(round, i, result);
        for (const auto& bad : result.bad_tasks)
            deps_.logger.error("queue {}: task {}: {}", bad.queue, bad.id, bad.problem);

        const bool ran_out = static_cast<int>(result.tasks.size() + result.bad_tasks.size()) < request.count;
        const std::size_t taken = result.tasks.size();
        {
            std::lock_guard lock(mu_);
            for (auto& task : result.tasks) ready_.push_back(std::move(task));
            if (ran_out) {  // probed again after the check interval, or when its watcher sees work
                skipped_[request.queue] =
                    std::chrono::steady_clock::now() + util::jittered(deps_.config.task_check_interval, 0.5);
            }
        }
        // One wake-up per task: waking every idle worker for a few tasks costs a herd of context switches.
        for (std::size_t k = 0; k < taken; ++k) worker_cv_.notify_one();
        if (ran_out && !result.paused) emptied.push_back(request.queue);  // paused queues are not watched
    }
    return ok;
}

void Fetcher::record_acks(const Round& round, std::size_t index, const broker::FetchResult& result) {
    const auto& acks = round.acks[index];
    for (std::size_t k = 0; k < acks.size(); ++k) {
        const wire::TaskMessage& message = acks[k]->message();
        try {
            if (!broker::script_outcome(result.ack_codes.at(k), "done", message)) {
                deps_.logger.warn(
                    "done of task {} (queue {}): the task was no longer active here (recovered elsewhere?)",
                    message.id(), message.queue());
            }
        } catch (const std::exception& e) {
            deps_.logger.error("{}", e.what());
        }
    }
}

}  // namespace asynq::server
