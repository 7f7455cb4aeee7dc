#include "util/go_duration.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <limits>
#include <string>

#include "asynq/errors.h"

namespace asynq::util {
namespace {

using namespace std::chrono_literals;
using std::chrono::nanoseconds;

constexpr nanoseconds kMax{std::numeric_limits<std::int64_t>::max()};
constexpr nanoseconds kMin{std::numeric_limits<std::int64_t>::min()};

struct Case {
    const char* text;
    nanoseconds value;
};

// Expected strings are the outputs of Go's Duration.String() (Go's own time_test.go plus option strings the
// Inspector parses, spec §5.4).
TEST(GoDuration, FormatsLikeGo) {
    const Case cases[] = {
        {"0s", 0ns},
        {"1ns", 1ns},
        {"3ns", 3ns},
        {"999ns", 999ns},
        {"1µs", 1us},
        {"1.1µs", 1100ns},
        {"2µs", 2us},
        {"100µs", 100us},
        {"1ms", 1ms},
        {"1.5ms", 1500us},
        {"2.2ms", 2200us},
        {"999.999999ms", 999999999ns},
        {"1s", 1s},
        {"1.5s", 1500ms},
        {"3.3s", 3300ms},
        {"30s", 30s},
        {"1m0s", 1min},
        {"1m30.5s", 1min + 30s + 500ms},
        {"4m5s", 4min + 5s},
        {"4m5.001s", 4min + 5001ms},
        {"8m0.000000001s", 8min + 1ns},
        {"10m0s", 10min},
        {"1h0m0s", 1h},
        {"1h30m0s", 90min},
        {"5h6m7.001s", 5h + 6min + 7001ms},
        {"24h0m0s", 24h},
        {"2562047h47m16.854775807s", kMax},
        {"-1ns", -1ns},
        {"-1.5s", -1500ms},
        {"-1h0m0s", -1h},
        {"-2562047h47m16.854775808s", kMin},
    };
    for (const Case& c : cases) {
        EXPECT_EQ(format_go_duration(c.value), c.text) << c.value.count() << "ns";
    }
}

TEST(GoDuration, MicroSignIsU00B5) { EXPECT_EQ(format_go_duration(2us), "2\xc2\xb5s"); }

// Go's time_test.go parseDurationTests.
TEST(GoDuration, ParsesLikeGo) {
    const Case cases[] = {
        {"0", 0ns},
        {"5s", 5s},
        {"30s", 30s},
        {"1478s", 1478s},
        {"-5s", -5s},
        {"+5s", 5s},
        {"-0", 0ns},
        {"+0", 0ns},
        {"5.0s", 5s},
        {"5.6s", 5s + 600ms},
        {"5.s", 5s},
        {".5s", 500ms},
        {"1.0s", 1s},
        {"1.00s", 1s},
        {"1.004s", 1s + 4ms},
        {"1.0040s", 1s + 4ms},
        {"100.00100s", 100s + 1ms},
        {"10ns", 10ns},
        {"11us", 11us},
        {"12\xc2\xb5s", 12us},  // U+00B5 micro sign
        {"12\xce\xbcs", 12us},  // U+03BC Greek mu
        {"13ms", 13ms},
        {"14s", 14s},
        {"15m", 15min},
        {"16h", 16h},
        {"1.5h", 90min},
        {"3h30m", 3h + 30min},
        {"1h30m", 90min},
        {"10.5s4m", 4min + 10s + 500ms},
        {"-2m3.4s", -(2min + 3s + 400ms)},
        {"1h2m3s4ms5us6ns", 1h + 2min + 3s + 4ms + 5us + 6ns},
        {"39h9m14.425s", 39h + 9min + 14s + 425ms},
        {"52763797000ns", 52763797000ns},
        {"0.3333333333333333333h", 20min},
        {"9007199254740993ns", nanoseconds{(std::int64_t{1} << 53) + 1}},
        {"9223372036854775807ns", kMax},
        {"9223372036854775.807us", kMax},
        {"9223372036s854ms775us807ns", kMax},
        {"-9223372036854775808ns", kMin},
        {"-9223372036854775.808us", kMin},
        {"-9223372036s854ms775us808ns", kMin},
        {"-2562047h47m16.854775808s", kMin},
        {"0.100000000000000000000h", 6min},
        {"0.830103483285477580700h", 49min + 48s + 372539827ns},
    };
    for (const Case& c : cases) {
        EXPECT_EQ(parse_go_duration(c.text), c.value) << c.text;
    }
}

TEST(GoDuration, RejectsWhatGoRejects) {
    const char* cases[] = {
        "",
        "3",
        "-",
        "s",
        ".",
        "-.",
        ".s",
        "+.s",
        "1d",
        "\x85\x85",
        "\xff"
        "ff",
        "hello \xff"
        "ff world",
        "5x",
        "1h-5m",
        "1.5",
        "s5",
        "--5s",
        " 5s",
        "5s ",
        "5 s",
        "9223372036854775808ns",
        "9223372036854775.808us",
        "9223372036854ms775us808ns",
        "-9223372036854775809ns",
        "2562048h",
        "99999999999999999999s",
    };
    for (const char* text : cases) {
        try {
            parse_go_duration(text);
            ADD_FAILURE() << "accepted \"" << text << "\"";
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument) << text;
            EXPECT_EQ(std::string(e.what()).rfind("invalid duration \"", 0), 0u) << e.what();
        }
    }
}

TEST(GoDuration, ErrorNamesInputAndUnit) {
    try {
        parse_go_duration("5x");
        FAIL() << "accepted 5x";
    } catch (const Error& e) {
        EXPECT_STREQ(e.what(), "invalid duration \"5x\": unknown unit \"x\"");
    }
    try {
        parse_go_duration("15");
        FAIL() << "accepted 15";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("missing unit"), std::string::npos) << e.what();
    }
}

TEST(GoDuration, RoundTripsFormattedValues) {
    const nanoseconds values[] = {0ns, 1ns, 1500us, 1s, 90min, 24h, 1min + 30s + 500ms, 8min + 1ns, kMax, kMin, -3s};
    for (nanoseconds value : values) {
        EXPECT_EQ(parse_go_duration(format_go_duration(value)), value) << format_go_duration(value);
    }
}

}  // namespace
}  // namespace asynq::util
