#include "cli/flag_parsing.h"

#include <gtest/gtest.h>

#include <chrono>
#include <sstream>
#include <string>

#include "asynq/errors.h"

namespace asynq::cli {
namespace {

using namespace std::chrono_literals;

// Runs f, which must throw Error(kInvalidArgument); returns its message.
template <typename F>
std::string invalid_argument_message(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
        return e.what();
    }
    ADD_FAILURE() << "did not throw";
    return {};
}

TEST(FlagParsing, DurationErrorsNameTheFlag) {
    EXPECT_EQ(parse_duration_flag("--timeout", "1h30m"), 90min);
    EXPECT_EQ(invalid_argument_message([] { parse_duration_flag("--timeout", "5x"); }),
              R"(--timeout: invalid duration "5x": unknown unit "x")");
}

TEST(FlagParsing, LogLevelIsOneOfFourNames) {
    EXPECT_EQ(parse_log_level_flag("--log-level", "debug"), LogLevel::kDebug);
    EXPECT_EQ(parse_log_level_flag("--log-level", "info"), LogLevel::kInfo);
    EXPECT_EQ(parse_log_level_flag("--log-level", "warn"), LogLevel::kWarn);
    EXPECT_EQ(parse_log_level_flag("--log-level", "error"), LogLevel::kError);
    EXPECT_EQ(invalid_argument_message([] { parse_log_level_flag("--log-level", "loud"); }),
              R"(--log-level: expected debug, info, warn or error, got "loud")");
}

TEST(FlagParsing, KeyValueSplitsAtTheFirstEquals) {
    EXPECT_EQ(parse_key_value_flag("--header", "k=v"), (std::pair<std::string, std::string>{"k", "v"}));
    EXPECT_EQ(parse_key_value_flag("--header", "k="), (std::pair<std::string, std::string>{"k", ""}));
    EXPECT_EQ(parse_key_value_flag("--header", "k=a=b"), (std::pair<std::string, std::string>{"k", "a=b"}));
    EXPECT_EQ(invalid_argument_message([] { parse_key_value_flag("--header", "k"); }),
              R"(--header: expected KEY=VALUE, got "k")");
    EXPECT_NE(invalid_argument_message([] { parse_key_value_flag("--header", "=v"); }).find("--header: empty key"),
              std::string::npos);
}

TEST(FlagParsing, QueueWeightDefaultsToOneAndMustBePositive) {
    using Queue = std::pair<std::string, int>;
    EXPECT_EQ(parse_queue_flag("--queue", "critical"), (Queue{"critical", 1}));
    EXPECT_EQ(parse_queue_flag("--queue", "critical=6"), (Queue{"critical", 6}));
    EXPECT_EQ(parse_queue_flag("--queue", "a=b=2"), (Queue{"a=b", 2}));  // split at the last '='
    EXPECT_EQ(invalid_argument_message([] { parse_queue_flag("--queue", "x=0"); }),
              R"(--queue: weight must be a positive integer, got "0" in "x=0")");
    for (const char* bad : {"x=-1", "x=", "x=1.5", "x=two", "x=99999999999"}) {
        EXPECT_EQ(invalid_argument_message([&] { parse_queue_flag("--queue", bad); }).rfind("--queue: weight", 0), 0u)
            << bad;
    }
    for (const char* bad : {"", "=3", " "}) {
        EXPECT_EQ(invalid_argument_message([&] { parse_queue_flag("--queue", bad); }).rfind("--queue: empty", 0), 0u)
            << bad;
    }
}

TEST(FlagParsing, HandlerSplitsAtTheFirstEqualsAndNeedsBothSides) {
    using Handler = std::pair<std::string, std::string>;
    EXPECT_EQ(parse_handler_flag("--handler", "email:=./send.sh --to=x"), (Handler{"email:", "./send.sh --to=x"}));
    EXPECT_EQ(invalid_argument_message([] { parse_handler_flag("--handler", "email"); }),
              R"(--handler: expected PATTERN=COMMAND, got "email")");
    EXPECT_EQ(invalid_argument_message([] { parse_handler_flag("--handler", "=cat"); }),
              R"(--handler: empty pattern in "=cat")");
    EXPECT_EQ(invalid_argument_message([] { parse_handler_flag("--handler", "email= "); }),
              R"(--handler: empty command for pattern "email")");
}

TEST(FlagParsing, DashReadsTheGivenStream) {
    std::istringstream input(std::string("a\0b", 3));
    EXPECT_EQ(read_file_flag("--payload-file", "-", input), std::string("a\0b", 3));
    std::istringstream empty;
    EXPECT_EQ(read_file_flag("--payload-file", "-", empty), "");
}

TEST(FlagParsing, UnreadableFileNamesFlagAndPath) {
    std::istringstream unused;
    const std::string message =
        invalid_argument_message([&] { read_file_flag("--payload-file", "/nonexistent/asynq", unused); });
    EXPECT_EQ(message.rfind(R"(--payload-file: cannot read "/nonexistent/asynq": )", 0), 0u) << message;
}

TEST(FlagParsing, NonNegativeValidatorLeavesConversionToCli11) {
    const CLI::Validator validator = non_negative_integer();
    std::string negative = "-1", zero = "0", text = "many";
    EXPECT_EQ(validator(negative), "must be >= 0, got -1");
    EXPECT_EQ(validator(zero), "");
    EXPECT_EQ(validator(text), "");
}

}  // namespace
}  // namespace asynq::cli
