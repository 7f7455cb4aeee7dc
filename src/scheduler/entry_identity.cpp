#include "scheduler/entry_identity.h"

#include <algorithm>

#include "util/digest.h"

namespace asynq::scheduler {

std::string entry_identity(std::string_view cronspec, std::string_view type, std::string_view payload,
                           std::vector<std::string> option_strings) {
    std::sort(option_strings.begin(), option_strings.end());
    // Each part is length-prefixed, so no choice of bytes inside one part can imitate a different split.
    std::string input;
    auto add = [&input](std::string_view part) {
        input += std::to_string(part.size());
        input += ':';
        input += part;
    };
    add(cronspec);
    add(type);
    add(payload);
    for (const auto& option : option_strings) add(option);
    return util::sha256_hex(input);
}

}  // namespace asynq::scheduler
