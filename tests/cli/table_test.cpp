#include "cli/table.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <string>

namespace asynq::cli {
namespace {

using namespace std::chrono_literals;

TEST(Table, ColumnsAreAsWideAsTheirWidestCellPlusTwoWithDashesUnderHeaders) {
    EXPECT_EQ(format_table({"ID", "Type", "Payload"}, {{"a1", "email:send", "x"}, {"b", "t", "héllo"}}),
              "ID  Type        Payload\n"
              "--  ----        -------\n"
              "a1  email:send  x\n"
              "b   t           héllo\n");
}

TEST(Table, WideUtf8CellsCountCodePointsAndShortRowsArePadded) {
    EXPECT_EQ(format_table({"a", "b"}, {{"ééé"}, {"x", "y"}}),
              "a    b\n"
              "-    -\n"
              "ééé\n"
              "x    y\n");
    EXPECT_EQ(format_table({"processed"}, {}), "processed\n---------\n");
}

TEST(Format, PrintableBytesFollowGosRules) {
    EXPECT_EQ(printable_bytes(R"({"user_id":42})"), R"({"user_id":42})");
    EXPECT_EQ(printable_bytes("with space"), "with space");
    EXPECT_EQ(printable_bytes(std::string("\x00\xff", 2)), "non-printable bytes");
    EXPECT_EQ(printable_bytes("line\nbreak"), "non-printable bytes");
    EXPECT_EQ(printable_bytes("   "), "non-printable bytes");
    EXPECT_EQ(printable_bytes(""), "non-printable bytes");
    EXPECT_EQ(printable_bytes("ünïcode"), "ünïcode");
}

TEST(Format, ErrorRateDatesAndRelativeTimes) {
    EXPECT_EQ(error_rate(0, 0), "N/A");
    EXPECT_EQ(error_rate(3, 2), "66.67%");
    EXPECT_EQ(error_rate(5, 2), "40.00%");
    EXPECT_EQ(format_date(std::chrono::sys_days{std::chrono::year{2026} / 11 / 5}), "2026-11-05");
    const std::chrono::system_clock::time_point now{1'795'600'800s};
    EXPECT_EQ(format_until(now + 3600s + 400ms, now), "in 1h0m0s");
    EXPECT_EQ(format_until(now - 1s, now), "right now");
    EXPECT_EQ(format_ago(now - 65s, now), "1m5s ago");
    EXPECT_EQ(time_or_null_json({}), nullptr);
    EXPECT_EQ(time_or_null_json(now), "2026-11-25T10:00:00Z");
}

// Go prints absolute times with time.UnixDate in the local zone; TZ picks it, as for Go.
TEST(Format, UnixDateAndNextProcessTimeAsGosTaskInspect) {
    const char* saved = std::getenv("TZ");
    const std::string saved_tz = saved == nullptr ? "" : saved;
    ::setenv("TZ", "UTC", 1);
    ::tzset();
    const std::chrono::system_clock::time_point now{1'795'600'800s};  // Wed 2026-11-25 10:00:00 UTC
    EXPECT_EQ(format_unix_date(now + 500ms), "Wed Nov 25 10:00:00 UTC 2026");
    EXPECT_EQ(format_unix_date(now - std::chrono::days(20)), "Thu Nov  5 10:00:00 UTC 2026");  // Go's _2: space
    EXPECT_EQ(format_unix_date({}), "");
    EXPECT_EQ(format_next_process_at({}, now), "n/a");
    EXPECT_EQ(format_next_process_at(now - 1s, now), "now");
    EXPECT_EQ(format_next_process_at(now + 3592s, now), "Wed Nov 25 10:59:52 UTC 2026 (in 59m52s)");
    ::setenv("TZ", "America/New_York", 1);
    ::tzset();
    EXPECT_EQ(format_unix_date(now), "Wed Nov 25 05:00:00 EST 2026");
    if (saved == nullptr) {
        ::unsetenv("TZ");
    } else {
        ::setenv("TZ", saved_tz.c_str(), 1);
    }
    ::tzset();
}

}  // namespace
}  // namespace asynq::cli
