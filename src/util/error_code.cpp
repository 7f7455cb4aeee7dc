#include "asynq/errors.h"

namespace asynq {

std::string_view to_string(ErrorCode code) noexcept {
    switch (code) {
        case ErrorCode::kInvalidArgument:
            return "invalid argument";
        case ErrorCode::kNotFound:
            return "not found";
        case ErrorCode::kAlreadyExists:
            return "already exists";
        case ErrorCode::kFailedPrecondition:
            return "failed precondition";
        case ErrorCode::kUnavailable:
            return "unavailable";
        case ErrorCode::kDataLoss:
            return "data loss";
        case ErrorCode::kInternal:
            return "internal";
    }
    return "unknown";
}

}  // namespace asynq
