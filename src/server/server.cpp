// Server: wires the components together and owns their start and stop order.
#include "asynq/server.h"

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <mutex>

#include "asynq/errors.h"
#include "asynq/task_errors.h"
#include "broker/broker.h"
#include "redis/command.h"
#include "redis/executor.h"
#include "server/aggregator.h"
#include "server/config.h"
#include "server/failure_queue.h"
#include "server/fetcher.h"
#include "server/finisher.h"
#include "server/heartbeater.h"
#include "server/in_flight.h"
#include "server/maintenance.h"
#include "server/processor.h"
#include "server/server_identity.h"
#include "server/subscriber.h"
#include "server/syncer.h"
#include "server/timekeeper.h"
#include "util/logger.h"

namespace asynq {

using namespace server;

struct Server::Impl {
    Impl(RedisOptions redis_options, ServerOptions server_options)
        : redis(std::move(redis_options)),
          options(std::move(server_options)),
          config(resolve_config(options)),
          logger(options.log_level, options.logger),
          identity(ServerIdentity::of_this_process()) {
        redis.validate();
    }

    void start(HandlerFunc handler);
    void shutdown();
    std::vector<std::string> queue_names() const {
        std::vector<std::string> names;
        for (auto& [name, priority] : config.queues) names.push_back(name);
        return names;
    }

    const RedisOptions redis;     // immutable
    const ServerOptions options;  // immutable
    const Config config;          // immutable
    util::Logger logger;
    const ServerIdentity identity;  // immutable
    const util::Clock& clock = util::SystemClock::instance();

    std::mutex mu;  // serialises start and shutdown; stop() must not wait for it (it may come from a handler)
    enum class State { kNew, kActive, kStopped, kClosing, kClosed };
    std::atomic<State> state{State::kNew};  // written under mu, read anywhere; components exist from kActive on

    // Built by start(), destroyed in reverse order of declaration.
    std::unique_ptr<redis::Executor> executor;
    std::unique_ptr<broker::Broker> broker;
    InFlight in_flight;
    MetricsRecorder metrics;
    std::unique_ptr<Syncer> syncer;
    std::unique_ptr<Fetcher> fetcher;
    std::unique_ptr<Finisher> finisher;
    std::unique_ptr<FailureQueue> failures;
    std::unique_ptr<Timekeeper> timekeeper;
    std::unique_ptr<Heartbeater> heartbeater;
    std::unique_ptr<Healthchecker> healthchecker;
    std::unique_ptr<Subscriber> subscriber;
    std::unique_ptr<Recoverer> recoverer;
    std::unique_ptr<Forwarder> forwarder;
    std::unique_ptr<Janitor> janitor;
    std::unique_ptr<Aggregator> aggregator;
    std::unique_ptr<Processor> processor;
};

void Server::Impl::start(HandlerFunc handler) {
    if (!handler) throw Error(ErrorCode::kInvalidArgument, "server: start: handler is empty");
    executor = redis::make_executor(redis);
    executor->run(redis::Command::keyless({"PING"}));  // fail fast, with the address in the message
    broker = std::make_unique<broker::Broker>(*executor, clock);
    syncer = std::make_unique<Syncer>(clock, logger, config.syncer_interval);
    fetcher = std::make_unique<Fetcher>(Fetcher::Dependencies{
        *broker, clock, logger, config, [this](const Attempt& attempt) { finisher->done(attempt); }});
    finisher = std::make_unique<Finisher>(
        *broker, clock, logger, *syncer,
        Finisher::Policy{options.retry_delay, options.is_failure, options.error_handler},
        [this](std::shared_ptr<const Attempt> attempt) { return fetcher->ack(std::move(attempt)); }, &metrics);
    failures = std::make_unique<FailureQueue>(*finisher);
    timekeeper = std::make_unique<Timekeeper>(clock, [this](const std::shared_ptr<Attempt>& attempt) {
        // Claim first, then stop: a handler that returns normally once stopped must not win the claim. The write
        // goes to the failure queue: this thread must be free for the next deadline.
        if (!attempt->claim_outcome()) return;
        attempt->request_stop(StopReason::kDeadline);
        failures->push(attempt, std::make_exception_ptr(DeadlineExceeded()));
    });
    heartbeater = std::make_unique<Heartbeater>(
        Heartbeater::Dependencies{*broker, clock, logger, config, identity, in_flight, *failures, &metrics});
    healthchecker =
        std::make_unique<Healthchecker>(*broker, logger, options.health_check, config.health_check_interval);
    subscriber = std::make_unique<Subscriber>(*broker, logger, in_flight, *failures);
    recoverer = std::make_unique<Recoverer>(*broker, clock, logger, *finisher, queue_names(), config.recoverer_interval,
                                            config.recovery_grace);
    forwarder = std::make_unique<Forwarder>(*broker, logger, queue_names(), config.delayed_task_check_interval);
    janitor =
        std::make_unique<Janitor>(*broker, logger, queue_names(), config.janitor_interval, config.janitor_batch_size);
    aggregator = std::make_unique<Aggregator>(
        Aggregator::Dependencies{*broker, clock, logger, config, queue_names(), options.group_aggregator});
    processor = std::make_unique<Processor>(
        Processor::Dependencies{*broker, clock, logger, config, in_flight, *timekeeper, *finisher, *fetcher},
        std::move(handler));

    logger.info("server {}:{}:{} starting: {}", identity.host, identity.pid, identity.id, describe(config));
    // Receivers before senders: leases and cancellation work before the first task is taken.
    heartbeater->start();
    healthchecker->start();
    subscriber->start();
    syncer->start();
    failures->start();
    timekeeper->start();
    recoverer->start();
    forwarder->start();
    janitor->start();
    aggregator->start();  // only if there is a group aggregator
    processor->start();
}

void Server::Impl::shutdown() {
    logger.info("server {} shutting down", identity.id);
    const auto deadline = std::chrono::steady_clock::now() + config.shutdown_timeout;
    heartbeater->set_status("closed");
    // Producers first: no task becomes active (processor) or pending (forwarder) from here on.
    processor->stop_fetching();
    forwarder->stop();
    // The aggregator is a producer too: no new check starts. A check in flight finishes the set it took (joined
    // below), so no aggregation is left half done to the reclaim.
    aggregator->request_stop();
    // Tasks already taken from Redis reach their workers (and the in-flight set) first.
    fetcher->wait_until_drained(deadline);
    // Running handlers get until the deadline to finish, with leases still renewed by the heartbeater.
    in_flight.wait_until_empty(deadline);
    // The snapshot is final: a worker that dequeued a task just now finds in_flight closed and requeues it.
    for (const auto& attempt : in_flight.close()) {
        if (!attempt->claim_outcome()) continue;  // finishing on its own
        attempt->request_stop(StopReason::kShutdown);
        logger.warn("task {} still running after the shutdown timeout: requeued", attempt->id());
        finisher->requeue(*attempt);
    }
    // Handlers that ignore their stop token keep their thread until they return; their tasks are already back
    // in pending, and their results will be discarded.
    if (in_flight.size() > 0) logger.warn("waiting for {} handlers that ignore their stop token", in_flight.size());
    processor->join();
    timekeeper->stop();
    subscriber->stop();
    failures->stop();  // records what the timekeeper and subscriber decided; failed writes go to the syncer
    recoverer->stop();
    syncer->stop();  // one last try for outcome writes that failed
    janitor->stop();
    aggregator->stop();
    healthchecker->stop();
    heartbeater->stop();  // last: leases were renewed until every handler was done; clears our server state
    logger.info("server {} stopped", identity.id);
}

Server::Server(RedisOptions redis, ServerOptions options)
    : impl_(std::make_unique<Impl>(std::move(redis), std::move(options))) {}

Server::~Server() { shutdown(); }

void Server::start(HandlerFunc handler) {
    std::lock_guard lock(impl_->mu);
    if (impl_->state != Impl::State::kNew) {
        throw Error(ErrorCode::kFailedPrecondition, "server: start: already started (a server starts once)");
    }
    impl_->start(std::move(handler));
    impl_->state = Impl::State::kActive;
}

void Server::stop() noexcept {
    auto expected = Impl::State::kActive;
    if (!impl_->state.compare_exchange_strong(expected, Impl::State::kStopped)) return;
    impl_->logger.info("server {}: no longer taking new tasks", impl_->identity.id);
    impl_->processor->stop_fetching();
    impl_->heartbeater->set_status("stopped");
}

void Server::shutdown() noexcept {
    std::lock_guard lock(impl_->mu);
    const auto state = impl_->state.load();
    if (state != Impl::State::kActive && state != Impl::State::kStopped) return;
    impl_->state = Impl::State::kClosing;
    try {
        impl_->shutdown();
    } catch (const std::exception& e) {
        impl_->logger.error("shutdown: {}", e.what());
    }
    impl_->state = Impl::State::kClosed;
}

void Server::run(HandlerFunc handler) {
    // Block the signals in this thread before start() creates threads, which inherit the mask; they are then
    // received synchronously below, so no async-signal-unsafe code runs in a signal handler.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTSTP);
    sigset_t previous;
    pthread_sigmask(SIG_BLOCK, &signals, &previous);
    try {
        start(std::move(handler));
    } catch (...) {
        pthread_sigmask(SIG_SETMASK, &previous, nullptr);
        throw;
    }
    // Wakes up now and then to notice a shutdown() called from another thread.
    const timespec tick{0, 200'000'000};
    while (impl_->state != Impl::State::kClosing && impl_->state != Impl::State::kClosed) {
        const int signal = sigtimedwait(&signals, nullptr, &tick);
        if (signal == SIGTSTP) {
            stop();
        } else if (signal == SIGTERM || signal == SIGINT) {
            break;
        }
    }
    shutdown();
    // Signals that arrived during shutdown were meant for it: consume them rather than let them kill the
    // process once unblocked.
    const timespec no_wait{0, 0};
    while (sigtimedwait(&signals, nullptr, &no_wait) > 0) {
    }
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
}

const std::string& Server::id() const noexcept { return impl_->identity.id; }

std::vector<TaskTypeMetrics> Server::metrics() const { return impl_->metrics.snapshot(); }

}  // namespace asynq
