#pragma once

#include <string>

namespace asynq::util {

/// A random UUID v4 in lowercase 8-4-4-4-12 form, as Go's google/uuid prints it (task ids, server ids).
std::string new_uuid();

}  // namespace asynq::util
