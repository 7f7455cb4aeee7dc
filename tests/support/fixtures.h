#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "support/test_redis.h"

namespace asynq::testing {

/// One key of a Redis dump, in the format of ../shared/fixtures/*.json (values already base64-decoded).
struct DumpedKey {
    std::string key;
    std::string type;                                        ///< string, hash, list, set, zset
    long long ttl_ms = -1;                                   ///< -1 = no expiry
    std::string string_value;                                ///< type string
    std::map<std::string, std::string> hash_value;           ///< type hash
    std::vector<std::string> list_value;                     ///< type list (LRANGE 0 -1 order), or set (sorted)
    std::vector<std::pair<std::string, double>> zset_value;  ///< type zset, ascending score
};

/// A whole db dump plus the time it was taken.
struct Dump {
    std::vector<DumpedKey> keys;
    std::int64_t taken_at_ms = 0;  ///< unix ms; for fixtures from the README table

    const DumpedKey* find(const std::string& key) const;
};

/// ../shared/fixtures
std::filesystem::path fixtures_dir();

/// Loads ../shared/fixtures/<scenario>.json with its taken_at_ms (from the fixtures README table).
Dump load_fixture(const std::string& scenario);

/// Writes a dump into the (flushed) db. TTLs are set relative to now (ttl_ms as recorded).
void write_dump(TestRedis& redis, const Dump& dump);

/// Reads the whole db into a dump (taken_at_ms = now).
Dump read_dump(TestRedis& redis);

}  // namespace asynq::testing
