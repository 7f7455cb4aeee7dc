// The janitor's operation (spec §4.15): completed tasks whose retention ended are deleted.
#include "asynq/errors.h"
#include "broker/broker.h"
#include "broker/keys.h"
#include "lua_scripts.h"

namespace asynq::broker {

std::int64_t Broker::delete_expired_completed(const std::string& queue, int batch_size) {
    if (batch_size < 1) throw Error(ErrorCode::kInvalidArgument, "delete_expired_completed: batch_size must be >= 1");
    const auto command = redis::Command::eval(
        lua::kDeleteExpiredCompleted, {keys::completed_key(queue)},
        {std::to_string(util::unix_seconds(clock_.now())), keys::task_key_prefix(queue), std::to_string(batch_size)});
    std::int64_t deleted = 0;
    while (true) {
        const std::int64_t batch = executor_.run(command).as_integer();
        if (batch == 0) break;
        deleted += batch;
    }
    return deleted;
}

}  // namespace asynq::broker
