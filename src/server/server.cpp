// Server: wires the components together and owns their start and stop order.
#include "asynq/server.h"

#include <pthread.h>
#include <signal.h>

#include <mutex>

#include "asynq/errors.h"
#include "asynq/task_errors.h"
#include "broker/broker.h"
#include "redis/command.h"
#include "redis/executor.h"
#include "server/config.h"
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

    std::mutex mu;                                                              // serialises start / stop / shutdown
    enum class State { kNew, kActive, kStopped, kClosed } state = State::kNew;  // guarded by mu

    // Built by start(), destroyed in reverse order of declaration.
    std::unique_ptr<redis::Executor> executor;
    std::unique_ptr<broker::Broker> broker;
    InFlight in_flight;
    std::unique_ptr<Syncer> syncer;
    std::unique_ptr<Finisher> finisher;
    std::unique_ptr<Timekeeper> timekeeper;
    std::unique_ptr<Heartbeater> heartbeater;
    std::unique_ptr<Healthchecker> healthchecker;
    std::unique_ptr<Subscriber> subscriber;
    std::unique_ptr<Recoverer> recoverer;
    std::unique_ptr<Forwarder> forwarder;
    std::unique_ptr<Janitor> janitor;
    std::unique_ptr<Processor> processor;
};

void Server::Impl::start(HandlerFunc handler) {
    if (!handler) throw Error(ErrorCode::kInvalidArgument, "server: start: handler is empty");
    executor = redis::make_executor(redis);
    executor->run(redis::Command::keyless({"PING"}));  // fail fast, with the address in the message
    broker = std::make_unique<broker::Broker>(*executor, clock);
    syncer = std::make_unique<Syncer>(clock, logger, config.syncer_interval);
    finisher =
        std::make_unique<Finisher>(*broker, clock, logger, *syncer,
                                   Finisher::Policy{options.retry_delay, options.is_failure, options.error_handler});
    timekeeper = std::make_unique<Timekeeper>(clock, [this](const std::shared_ptr<Attempt>& attempt) {
        attempt->request_stop(StopReason::kDeadline);
        if (attempt->claim_outcome()) finisher->failed(*attempt, std::make_exception_ptr(DeadlineExceeded()));
    });
    heartbeater = std::make_unique<Heartbeater>(
        Heartbeater::Dependencies{*broker, clock, logger, config, identity, in_flight, *finisher});
    healthchecker =
        std::make_unique<Healthchecker>(*broker, logger, options.health_check, config.health_check_interval);
    subscriber = std::make_unique<Subscriber>(*broker, logger, in_flight, *finisher);
    recoverer = std::make_unique<Recoverer>(*broker, clock, logger, *finisher, queue_names(), config.recoverer_interval,
                                            config.recovery_grace);
    forwarder = std::make_unique<Forwarder>(*broker, logger, queue_names(), config.delayed_task_check_interval);
    janitor =
        std::make_unique<Janitor>(*broker, logger, queue_names(), config.janitor_interval, config.janitor_batch_size);
    processor = std::make_unique<Processor>(
        Processor::Dependencies{*broker, clock, logger, config, in_flight, *timekeeper, *finisher}, std::move(handler));

    logger.info("server {}:{}:{} starting: {}", identity.host, identity.pid, identity.id, describe(config));
    // Receivers before senders: leases and cancellation work before the first task is taken.
    heartbeater->start();
    healthchecker->start();
    subscriber->start();
    syncer->start();
    timekeeper->start();
    recoverer->start();
    forwarder->start();
    janitor->start();
    processor->start();
}

void Server::Impl::shutdown() {
    logger.info("server {} shutting down", identity.id);
    // Producers first: no task becomes pending (forwarder) or active (processor) from here on.
    forwarder->stop();
    processor->stop_fetching();
    // Running handlers get shutdown_timeout to finish, with leases still renewed by the heartbeater.
    const auto deadline = std::chrono::steady_clock::now() + config.shutdown_timeout;
    if (!in_flight.wait_until_empty(deadline)) {
        for (const auto& attempt : in_flight.snapshot()) {
            attempt->request_stop(StopReason::kShutdown);
            if (attempt->claim_outcome()) {
                logger.warn("task {} still running after the shutdown timeout: requeued", attempt->id());
                finisher->requeue(*attempt);
            }
        }
    }
    // Handlers that ignore their stop token keep their thread until they return; their tasks are already back
    // in pending, and their results will be discarded.
    if (in_flight.size() > 0) logger.warn("waiting for {} handlers that ignore their stop token", in_flight.size());
    processor->join();
    timekeeper->stop();
    recoverer->stop();
    syncer->stop();  // one last try for outcome writes that failed
    subscriber->stop();
    janitor->stop();
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
    std::lock_guard lock(impl_->mu);
    if (impl_->state != Impl::State::kActive) return;
    impl_->logger.info("server {}: no longer taking new tasks", impl_->identity.id);
    impl_->processor->stop_fetching();
    impl_->heartbeater->set_status("stopped");
    impl_->state = Impl::State::kStopped;
}

void Server::shutdown() noexcept {
    std::lock_guard lock(impl_->mu);
    if (impl_->state != Impl::State::kActive && impl_->state != Impl::State::kStopped) return;
    try {
        impl_->shutdown();
    } catch (const std::exception& e) {
        impl_->logger.error("shutdown: {}", e.what());
    }
    impl_->state = Impl::State::kClosed;
}

void Server::run(HandlerFunc handler) {
    // Block the signals in this thread before start() creates threads, which inherit the mask; sigwait below
    // then receives them synchronously, so no async-signal-unsafe code runs in a handler.
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
    while (true) {
        int signal = 0;
        if (sigwait(&signals, &signal) != 0) continue;
        if (signal == SIGTSTP) {
            stop();
            continue;
        }
        break;  // SIGTERM or SIGINT
    }
    shutdown();
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
}

const std::string& Server::id() const noexcept { return impl_->identity.id; }

}  // namespace asynq
