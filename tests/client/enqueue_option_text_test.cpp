// Enqueue options from text, as the CLI's `task enqueue` flags and the scheduler's YAML file give them.
#include "client/enqueue_option_text.h"

#include <gtest/gtest.h>

#include <string>

#include "asynq/errors.h"
#include "util/clock.h"

namespace asynq::client {
namespace {

using namespace std::chrono_literals;

std::string invalid_argument_message(std::string_view name, std::string_view text) {
    EnqueueOptions options;
    try {
        set_enqueue_option(options, name, text, "label");
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
        return e.what();
    }
    ADD_FAILURE() << name << "=" << text << " did not throw";
    return {};
}

TEST(EnqueueOptionText, EveryNameSetsItsField) {
    EnqueueOptions options;
    set_enqueue_option(options, "queue", "critical", "x");
    set_enqueue_option(options, "max-retry", "3", "x");
    set_enqueue_option(options, "timeout", "2m", "x");
    set_enqueue_option(options, "deadline", "1970-01-01T00:01:00Z", "x");
    set_enqueue_option(options, "unique", "1h", "x");
    set_enqueue_option(options, "process-in", "10m", "x");
    set_enqueue_option(options, "id", "fixed-id", "x");
    set_enqueue_option(options, "retention", "24h", "x");
    set_enqueue_option(options, "group", "g1", "x");
    EXPECT_EQ(options.queue, "critical");
    EXPECT_EQ(options.max_retry, 3);
    EXPECT_EQ(options.timeout, std::chrono::nanoseconds(2min));
    EXPECT_EQ(options.deadline, util::from_unix_seconds(60));
    EXPECT_EQ(options.unique_ttl, std::chrono::nanoseconds(1h));
    EXPECT_EQ(options.process_in, std::chrono::nanoseconds(10min));
    EXPECT_EQ(options.task_id, "fixed-id");
    EXPECT_EQ(options.retention, 24h);
    EXPECT_EQ(options.group, "g1");

    EnqueueOptions at;
    set_enqueue_option(at, "process-at", "1970-01-01T00:02:00+00:00", "x");
    EXPECT_EQ(at.process_at, util::from_unix_seconds(120));

    // Every listed name is accepted, and nothing else is.
    for (std::string_view name : enqueue_option_names()) EXPECT_TRUE(is_enqueue_option_name(name)) << name;
    EXPECT_EQ(enqueue_option_names().size(), 10u);
    EXPECT_FALSE(is_enqueue_option_name("payload"));
    EXPECT_FALSE(is_enqueue_option_name("max_retry"));
}

TEST(EnqueueOptionText, ErrorsStartWithTheLabel) {
    EXPECT_EQ(invalid_argument_message("timeout", "5x"), R"(label: invalid duration "5x": unknown unit "x")");
    EXPECT_EQ(invalid_argument_message("deadline", "soon"),
              R"(label: invalid time "soon": expected RFC 3339, e.g. 2026-11-25T10:00:00Z)");
    EXPECT_EQ(invalid_argument_message("max-retry", "-1"), R"(label: must be an integer >= 0, got "-1")");
    EXPECT_EQ(invalid_argument_message("max-retry", "3x"), R"(label: must be an integer >= 0, got "3x")");
    EXPECT_EQ(invalid_argument_message("max-retry", "99999999999"),
              R"(label: must be an integer >= 0, got "99999999999")");
    EXPECT_EQ(invalid_argument_message("colour", "red"), R"(label: unknown enqueue option "colour")");
}

}  // namespace
}  // namespace asynq::client
