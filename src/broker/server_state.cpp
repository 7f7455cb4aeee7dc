// Server heartbeat state (spec §5.1) and task cancellation over pub/sub (spec §4.21).
#include <fmt/format.h>

#include "broker/broker.h"
#include "broker/keys.h"
#include "broker/task_codec.h"
#include "lua_scripts.h"
#include "redis/errors.h"

namespace asynq::broker {
void Broker::write_server_state(const ServerState& state) {
    const wire::ServerInfo& info = state.info;
    const std::string server_key = keys::server_info_key(info.host(), info.pid(), info.server_id());
    const std::string workers_key = keys::workers_key(info.host(), info.pid(), info.server_id());
    const std::string expires_at = std::to_string(util::unix_seconds(clock_.now() + state.ttl));

    std::vector<std::string> argv = {std::to_string(state.ttl.count()), encode_message(info, "ServerInfo")};
    argv.reserve(2 + 2 * state.workers.size());
    for (const wire::WorkerInfo& worker : state.workers) {
        argv.push_back(worker.task_id());
        argv.push_back(encode_message(worker, "WorkerInfo"));
    }
    // The global zsets live in other slots than the {host:pid:sid} keys, so they are plain commands next to the
    // script rather than inside it; one pipeline keeps a heartbeat at one round trip.
    std::vector<redis::Command> commands = {
        redis::Command::keyed(keys::kAllServers, {"ZADD", keys::kAllServers, expires_at, server_key}),
        redis::Command::keyed(keys::kAllWorkers, {"ZADD", keys::kAllWorkers, expires_at, workers_key}),
        redis::Command::eval(lua::kWriteServerState, {server_key, workers_key}, std::move(argv)),
    };
    if (!state.metrics.empty()) {
        const std::string metrics_key = keys::server_metrics_key(info.host(), info.pid(), info.server_id());
        commands.push_back(redis::Command::keyed(
            metrics_key, {"SET", metrics_key, state.metrics, "EX", std::to_string(state.ttl.count())}));
    }
    redis::throw_first_error(executor_, commands, executor_.run_pipeline(commands));
}

void Broker::clear_server_state(const std::string& host, int pid, const std::string& server_id) {
    const std::string server_key = keys::server_info_key(host, pid, server_id);
    const std::string workers_key = keys::workers_key(host, pid, server_id);
    const std::vector<redis::Command> commands = {
        redis::Command::keyed(keys::kAllServers, {"ZREM", keys::kAllServers, server_key}),
        redis::Command::keyed(keys::kAllWorkers, {"ZREM", keys::kAllWorkers, workers_key}),
        // One slot: {host:pid:sid}.
        redis::Command::keyed(server_key,
                              {"DEL", server_key, workers_key, keys::server_metrics_key(host, pid, server_id)}),
    };
    redis::throw_first_error(executor_, commands, executor_.run_pipeline(commands));
}

void Broker::publish_cancel(const std::string& task_id) {
    // A channel is not a key: any node may take the PUBLISH (Cluster forwards it to all).
    executor_.run(redis::Command::keyless({"PUBLISH", keys::kCancelChannel, task_id}));
}

void Broker::subscribe_cancel(redis::Connection& connection) {
    const auto command = redis::Command::keyless({"SUBSCRIBE", keys::kCancelChannel});
    redis::Reply reply = connection.run(command);
    // The confirmation is ["subscribe", channel, number of subscriptions].
    if (reply.is_error()) {
        throw redis::make_reply_error(connection.endpoint().to_string(), command.describe(), reply.as_string());
    }
    if (!reply.is_array() || reply.as_array().empty() || reply.as_array()[0].as_string() != "subscribe") {
        throw redis::ProtocolError(
            fmt::format("SUBSCRIBE {}: unexpected reply {}", keys::kCancelChannel, reply.debug_string()));
    }
}

std::optional<std::string> Broker::read_cancel(redis::Connection& connection) {
    // Pushed replies are ["message", channel, payload]; anything else (a late subscribe confirmation...) is
    // skipped. Never returns nullopt today: it returns a task id or throws (interrupt(), read timeout, I/O).
    while (true) {
        redis::Reply reply = connection.read_reply();
        if (!reply.is_array()) continue;
        const auto& parts = reply.as_array();
        if (parts.size() == 3 && parts[0].type() == redis::Reply::Type::kString && parts[0].as_string() == "message" &&
            parts[1].type() == redis::Reply::Type::kString && parts[1].as_string() == keys::kCancelChannel) {
            return parts[2].as_optional_string();
        }
    }
}

}  // namespace asynq::broker
