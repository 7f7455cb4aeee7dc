// The forwarder's operation (spec §4.12): due scheduled and retry tasks back to pending (or to their group).
#include "broker/broker.h"
#include "broker/keys.h"
#include "lua_scripts.h"

namespace asynq::broker {
namespace {

// Ids per script call, as Go: bounds how long one call holds Redis.
constexpr std::string_view kForwardBatch = "100";

}  // namespace

std::int64_t Broker::forward_due_tasks(const std::string& queue) {
    const auto now = clock_.now();
    const std::string now_s = std::to_string(util::unix_seconds(now));
    const std::string now_ns = std::to_string(util::unix_nanos(now));
    std::int64_t forwarded = 0;
    // Scheduled first, then retry, as Go. One "now" for the whole pass, so the loop ends even while new tasks
    // keep falling due.
    for (const std::string& delayed : {keys::scheduled_key(queue), keys::retry_key(queue)}) {
        const auto command = redis::Command::eval(
            lua::kForward, {delayed, keys::pending_key(queue)},
            {now_s, keys::task_key_prefix(queue), now_ns, keys::group_key_prefix(queue), std::string(kForwardBatch)});
        while (true) {
            const std::int64_t moved = executor_.run(command).as_integer();
            if (moved == 0) break;
            forwarded += moved;
        }
    }
    return forwarded;
}

}  // namespace asynq::broker
