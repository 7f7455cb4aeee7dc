#pragma once

#include <string>
#include <string_view>

#include "broker/proto/asynq.pb.h"

namespace asynq::broker {

// TaskMessage bytes <-> the generated message. Decoding keeps unknown fields, so a message written by a newer
// peer survives our rewrites (spec §3.6.3).

/// Serialises; fields in field-number order, zero values omitted (byte-identical to Go for map-free messages).
std::string encode_task_message(const wire::TaskMessage& message);

/// Serialises any other message of the schema (ServerInfo, SchedulerEntry...); `what` names it in the error.
std::string encode_message(const google::protobuf::MessageLite& message, std::string_view what);

/// Parses `msg` bytes. Throws Error(kDataLoss) naming `context` (e.g. the task key) if they are not a TaskMessage.
wire::TaskMessage decode_task_message(std::string_view bytes, std::string_view context);

}  // namespace asynq::broker
