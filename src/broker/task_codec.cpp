#include "broker/task_codec.h"

#include <fmt/format.h>

#include "asynq/errors.h"

namespace asynq::broker {

std::string encode_task_message(const wire::TaskMessage& message) {
    std::string bytes;
    // Deterministic output orders map entries (headers) by key; field order is by number either way.
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&coded);
    coded.Trim();
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
