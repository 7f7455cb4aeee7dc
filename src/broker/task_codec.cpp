#include "broker/task_codec.h"

#include <fmt/format.h>

#include "asynq/errors.h"

namespace asynq::broker {

std::string encode_task_message(const wire::TaskMessage& message) {
    // Sized once and written in place: a growing string stream re-allocates and zero-fills as it goes, which
    // made large payloads cost 45x more to encode than to decode (bench/micro.cpp).
    const std::size_t size = message.ByteSizeLong();
    std::string bytes(size, '\0');
    google::protobuf::io::ArrayOutputStream array(bytes.data(), static_cast<int>(size));
    google::protobuf::io::CodedOutputStream coded(&array);
    // Deterministic output orders map entries (headers) by key; field order is by number either way.
    coded.SetSerializationDeterministic(true);
    message.SerializeWithCachedSizes(&coded);
    return bytes;
}

std::string encode_message(const google::protobuf::MessageLite& message, std::string_view what) {
    std::string bytes;
    if (!message.SerializeToString(&bytes)) throw Error(ErrorCode::kInternal, fmt::format("cannot encode {}", what));
    return bytes;
}

wire::TaskMessage decode_task_message(std::string_view bytes, std::string_view context) {
    wire::TaskMessage message;
    if (!message.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
        throw Error(ErrorCode::kDataLoss,
                    fmt::format("{}: msg is not a valid TaskMessage ({} bytes)", context, bytes.size()));
    }
    return message;
}

}  // namespace asynq::broker
