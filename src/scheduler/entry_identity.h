#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace asynq::scheduler {

/// What makes two scheduler entries "the same entry": lowercase hex SHA-256 over the cron spec, the task type, the
/// payload and the option strings (spec §5.4 forms, sorted, so their order does not matter). Schedulers in other
/// processes compute the same identity for the same entry, which is what lets them share its occurrences.
std::string entry_identity(std::string_view cronspec, std::string_view type, std::string_view payload,
                           std::vector<std::string> option_strings);

}  // namespace asynq::scheduler
