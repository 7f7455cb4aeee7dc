// parse_info on INFO text as Redis writes it: sections, CRLF, values with colons.
#include "redis/info.h"

#include <gtest/gtest.h>

namespace asynq::redis {
namespace {

TEST(ParseInfo, SplitsEachFieldAtItsFirstColonAndSkipsSectionHeaders) {
    const auto fields = parse_info(
        "# Server\r\nredis_version:7.0.15\r\nexecutable:/usr/bin/redis-server\r\n\r\n# Keyspace\r\n"
        "db0:keys=1,expires=0,avg_ttl=0\r\n");
    EXPECT_EQ(fields, (std::map<std::string, std::string>{{"redis_version", "7.0.15"},
                                                          {"executable", "/usr/bin/redis-server"},
                                                          {"db0", "keys=1,expires=0,avg_ttl=0"}}));
}

TEST(ParseInfo, AcceptsBareNewlinesEmptyValuesAndIgnoresLinesWithoutAKey) {
    const auto fields = parse_info("config_file:\nno colon here\n:orphan\nuptime_in_days:3");
    EXPECT_EQ(fields, (std::map<std::string, std::string>{{"config_file", ""}, {"uptime_in_days", "3"}}));
    EXPECT_TRUE(parse_info("").empty());
}

}  // namespace
}  // namespace asynq::redis
