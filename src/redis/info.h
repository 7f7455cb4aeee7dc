#pragma once

#include <map>
#include <string>
#include <string_view>

namespace asynq::redis {

/// The reply of INFO as fields: one `key:value` per line (CRLF or LF), split at the first colon, so values that
/// hold colons (`executable:/usr/bin/redis-server`, `db0:keys=1,expires=0`) are kept whole. Section headers
/// (`# Server`), blank lines and lines without a colon are skipped. A key seen twice keeps its last value.
std::map<std::string, std::string> parse_info(std::string_view text);

}  // namespace asynq::redis
