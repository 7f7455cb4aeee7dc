#include "util/uuid.h"

#include <uuid/uuid.h>

namespace asynq::util {

std::string new_uuid() {
    uuid_t raw;
    uuid_generate_random(raw);  // libuuid: version 4, from getrandom()
    char text[37];
    uuid_unparse_lower(raw, text);
    return std::string(text, 36);
}

}  // namespace asynq::util
