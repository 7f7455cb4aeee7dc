#include "scheduler/entry_identity.h"

#include <algorithm>
#include <vector>

#include "scheduler/enqueue_option_strings.h"
#include "util/digest.h"

namespace asynq::scheduler {

std::string entry_identity(std::string_view cronspec, const Task& task, const EnqueueOptions& options) {
    std::string bytes;
    const auto field = [&bytes](std::string_view text) {
        bytes += std::to_string(text.size());
        bytes += ':';
        bytes += text;
    };
    field(cronspec);
    field(task.type());
    field(task.has_payload() ? "payload" : "nil");
    field(task.payload());
    std::vector<std::string> option_strings = enqueue_option_strings(options);
    std::sort(option_strings.begin(), option_strings.end());
    field(std::to_string(option_strings.size()));
    for (const std::string& option : option_strings) field(option);
    field(std::to_string(task.headers().size()));
    for (const auto& [key, value] : task.headers()) {  // a std::map: already sorted
        field(key);
        field(value);
    }
    return util::sha256_hex(bytes);
}

}  // namespace asynq::scheduler
