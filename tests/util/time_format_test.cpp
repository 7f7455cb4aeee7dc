#include "util/time_format.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "asynq/errors.h"

namespace asynq::util {
namespace {

using namespace std::chrono_literals;
using std::chrono::system_clock;

system_clock::time_point unix_time(std::chrono::nanoseconds since_epoch) {
    return system_clock::time_point{std::chrono::duration_cast<system_clock::duration>(since_epoch)};
}

// 2026-11-25T10:00:00Z, from `date -u -d 2026-11-25T10:00:00Z +%s`.
constexpr std::chrono::seconds kNov25{1'795'600'800};

TEST(TimeFormat, ParsesUtc) {
    EXPECT_EQ(parse_rfc3339("2026-11-25T10:00:00Z"), unix_time(kNov25));
    EXPECT_EQ(parse_rfc3339("1970-01-01T00:00:00Z"), unix_time(0s));
    EXPECT_EQ(parse_rfc3339("2000-02-29T23:59:59Z"), unix_time(951868799s));
    EXPECT_EQ(parse_rfc3339("1969-12-31T23:59:59Z"), unix_time(-1s));
}

TEST(TimeFormat, ParsesFractionsToTheNanosecond) {
    EXPECT_EQ(parse_rfc3339("2026-11-25T10:00:00.5Z"), unix_time(kNov25 + 500ms));
    EXPECT_EQ(parse_rfc3339("2026-11-25T10:00:00.123456789Z"), unix_time(kNov25 + 123456789ns));
    EXPECT_EQ(parse_rfc3339("2026-11-25T10:00:00.000001Z"), unix_time(kNov25 + 1us));
    // Go drops digits beyond nanoseconds rather than rejecting them.
    EXPECT_EQ(parse_rfc3339("2026-11-25T10:00:00.1234567899Z"), unix_time(kNov25 + 123456789ns));
}

TEST(TimeFormat, AppliesNumericOffsets) {
    EXPECT_EQ(parse_rfc3339("2026-11-25T12:00:00+02:00"), unix_time(kNov25));
    EXPECT_EQ(parse_rfc3339("2026-11-25T04:30:00-05:30"), unix_time(kNov25));
    EXPECT_EQ(parse_rfc3339("2026-11-25T10:00:00+00:00"), unix_time(kNov25));
    EXPECT_EQ(parse_rfc3339("2026-11-26T00:00:00.25+14:00"), unix_time(kNov25 + 250ms));
}

TEST(TimeFormat, AcceptsLowercaseSeparators) { EXPECT_EQ(parse_rfc3339("2026-11-25t10:00:00z"), unix_time(kNov25)); }

TEST(TimeFormat, RejectsMalformedOrOutOfRange) {
    const char* cases[] = {
        "",
        "2026-11-25",
        "2026-11-25T10:00:00",   // no zone
        "2026-11-25 10:00:00Z",  // space separator
        "2026-11-25T10:00Z",     // no seconds
        "26-11-25T10:00:00Z",
        "2026-1-25T10:00:00Z",
        "2026-13-25T10:00:00Z",
        "2026-00-25T10:00:00Z",
        "2026-02-29T10:00:00Z",  // not a leap year
        "2026-04-31T10:00:00Z",
        "2026-11-25T24:00:00Z",
        "2026-11-25T10:60:00Z",
        "2026-11-25T10:00:60Z",  // Go rejects leap seconds too
        "2026-11-25T10:00:00.Z",
        "2026-11-25T10:00:00+0200",
        "2026-11-25T10:00:00+24:00",
        "2026-11-25T10:00:00+02:60",
        "2026-11-25T10:00:00ZZ",
        "2026-11-25T10:00:00Z ",
        " 2026-11-25T10:00:00Z",
        "tomorrow",
        "9999-12-31T23:59:59Z",  // beyond system_clock's int64 nanoseconds
        "1000-01-01T00:00:00Z",
        "2262-04-11T23:47:16.854775808Z",  // one nanosecond past the int64 limit
    };
    for (const char* text : cases) {
        try {
            parse_rfc3339(text);
            ADD_FAILURE() << "accepted \"" << text << "\"";
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument) << text;
            EXPECT_EQ(std::string(e.what()),
                      "invalid time \"" + std::string(text) + "\": expected RFC 3339, e.g. 2026-11-25T10:00:00Z");
        }
    }
}

TEST(TimeFormat, FormatsUtcWithTrimmedFraction) {
    EXPECT_EQ(format_rfc3339(unix_time(kNov25)), "2026-11-25T10:00:00Z");
    EXPECT_EQ(format_rfc3339(unix_time(kNov25 + 500ms)), "2026-11-25T10:00:00.5Z");
    EXPECT_EQ(format_rfc3339(unix_time(kNov25 + 123456789ns)), "2026-11-25T10:00:00.123456789Z");
    EXPECT_EQ(format_rfc3339(unix_time(kNov25 + 1us)), "2026-11-25T10:00:00.000001Z");
    EXPECT_EQ(format_rfc3339(unix_time(0s)), "1970-01-01T00:00:00Z");
    EXPECT_EQ(format_rfc3339(unix_time(951868799s)), "2000-02-29T23:59:59Z");
}

TEST(TimeFormat, FormatsInstantsBeforeTheEpoch) {
    EXPECT_EQ(format_rfc3339(unix_time(-1s)), "1969-12-31T23:59:59Z");
    EXPECT_EQ(format_rfc3339(unix_time(-500ms)), "1969-12-31T23:59:59.5Z");
    EXPECT_EQ(format_rfc3339_seconds(unix_time(-500ms)), "1969-12-31T23:59:59Z");
}

TEST(TimeFormat, SecondsVariantDropsTheFraction) {
    EXPECT_EQ(format_rfc3339_seconds(unix_time(kNov25 + 999ms)), "2026-11-25T10:00:00Z");
    EXPECT_EQ(format_rfc3339_seconds(unix_time(kNov25)), "2026-11-25T10:00:00Z");
}

TEST(TimeFormat, RoundTrips) {
    const char* cases[] = {"2026-11-25T10:00:00Z",
                           "2026-11-25T10:00:00.5Z",
                           "1999-12-31T23:59:59.999999999Z",
                           "2024-02-29T00:00:00.000000001Z",
                           "1970-01-01T00:00:00Z",
                           "2262-04-11T23:47:16.854775807Z",
                           "1677-09-21T00:12:44Z"};
    for (const char* text : cases) {
        EXPECT_EQ(format_rfc3339(parse_rfc3339(text)), text);
    }
}

}  // namespace
}  // namespace asynq::util
