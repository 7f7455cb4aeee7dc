#include "broker/outcome.h"

#include <fmt/format.h>

#include "asynq/errors.h"
#include "redis/errors.h"

namespace asynq::broker {

bool script_outcome(std::int64_t code, std::string_view operation, const wire::TaskMessage& message) {
    const std::string task = fmt::format("{}: task \"{}\" in queue \"{}\"", operation, message.id(), message.queue());
    switch (code) {
        case 1:
            return true;
        case 0:
            return false;
        case -1:
            throw Error(ErrorCode::kDataLoss,
                        task + ": was active but had no lease (inconsistent data); removed from active, as Go does");
        case -2:
            throw Error(ErrorCode::kDataLoss,
                        task + ": was active and leased but its hash was missing; removed from active and lease");
        case -3:
            throw Error(ErrorCode::kInternal, task + ": was already in the completed set (Go: INTERNAL)");
        default:
            throw redis::ProtocolError(fmt::format("{}: unexpected reply {}", task, code));
    }
}

}  // namespace asynq::broker
