#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "asynq/server_metrics.h"

// ServerMetrics as stored in `asynq:server_metrics:{host:pid:sid}`: the asynq_cpp.ServerMetrics protobuf
// (src/broker/proto/server_metrics.proto).
namespace asynq::broker {

std::string encode_server_metrics(const ServerMetrics& metrics);

/// Unset when the bytes are not a ServerMetrics message.
std::optional<ServerMetrics> decode_server_metrics(std::string_view bytes);

}  // namespace asynq::broker
