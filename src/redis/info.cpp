#include "redis/info.h"

namespace asynq::redis {

std::map<std::string, std::string> parse_info(std::string_view text) {
    std::map<std::string, std::string> fields;
    while (!text.empty()) {
        const auto end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        if (line.ends_with('\r')) line.remove_suffix(1);
        if (line.empty() || line.front() == '#') continue;
        const auto colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0) continue;
        fields.insert_or_assign(std::string(line.substr(0, colon)), std::string(line.substr(colon + 1)));
    }
    return fields;
}

}  // namespace asynq::redis
