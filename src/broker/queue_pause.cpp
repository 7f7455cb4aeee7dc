// Pausing a queue (spec §4.22.14): one key, read by the fetch script of every server.
#include "broker/broker.h"
#include "broker/keys.h"

namespace asynq::broker {

bool Broker::pause_queue(std::string_view queue) {
    const std::string key = keys::paused_key(queue);
    const std::string now = std::to_string(util::unix_seconds(clock_.now()));
    // No queue-existence check, as in Go: a queue may be paused before its first task arrives.
    return !executor_.run(redis::Command::keyed(key, {"SET", key, now, "NX"})).is_nil();
}

bool Broker::unpause_queue(std::string_view queue) {
    const std::string key = keys::paused_key(queue);
    return executor_.run(redis::Command::keyed(key, {"DEL", key})).as_integer() == 1;
}

bool Broker::is_queue_paused(std::string_view queue) {
    const std::string key = keys::paused_key(queue);
    return executor_.run(redis::Command::keyed(key, {"EXISTS", key})).as_integer() == 1;
}

}  // namespace asynq::broker
