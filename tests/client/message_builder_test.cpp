#include "client/message_builder.h"

#include <gtest/gtest.h>

#include "asynq/errors.h"

namespace asynq::client {
namespace {

using namespace std::chrono_literals;
using broker::EnqueuePath;

const util::Clock::TimePoint kNow = util::from_unix_seconds(1795574660) + 250ms;

broker::EnqueueRequest build(const Task& task, const EnqueueOptions& options = {}) {
    return build_enqueue_request(task, options, kNow);
}

TEST(MessageBuilder, AppliesGoDefaults) {
    auto r = build(Task("email:send", "p"));
    EXPECT_EQ(r.path, EnqueuePath::kPending);
    EXPECT_EQ(r.message.queue(), "default");
    EXPECT_EQ(r.message.retry(), 25);
    EXPECT_EQ(r.message.timeout(), 1800);
    EXPECT_EQ(r.message.deadline(), 0);
    EXPECT_EQ(r.message.retention(), 0);
    EXPECT_EQ(r.message.unique_key(), "");
    EXPECT_EQ(r.message.id().size(), 36u);
    EXPECT_EQ(r.unique_ttl, 0s);
    EXPECT_NE(build(Task("t")).message.id(), r.message.id());
}

TEST(MessageBuilder, DeadlineAloneMeansNoTimeout) {
    auto r = build(Task("t"), {.deadline = util::from_unix_seconds(1795661059)});
    EXPECT_EQ(r.message.timeout(), 0);
    EXPECT_EQ(r.message.deadline(), 1795661059);
    auto both = build(Task("t"), {.timeout = 10min, .deadline = util::from_unix_seconds(1795661059)});
    EXPECT_EQ(both.message.timeout(), 600);
    EXPECT_EQ(both.message.deadline(), 1795661059);
}

TEST(MessageBuilder, DurationsAreTruncatedToWholeSeconds) {
    auto r = build(Task("t"), {.timeout = 90s + 900ms, .retention = 2h + 999ms});
    EXPECT_EQ(r.message.timeout(), 90);
    EXPECT_EQ(r.message.retention(), 7200);
    EXPECT_EQ(build(Task("t"), {.timeout = 0s}).message.timeout(), 1800);  // zero = unset, as in Go
}

TEST(MessageBuilder, KeepsPayloadHeadersAndExplicitId) {
    auto r = build(Task("t", std::string("\0\xff", 2), {{"trace", "abc"}}), {.task_id = "order-1"});
    EXPECT_EQ(r.message.payload(), std::string("\0\xff", 2));
    EXPECT_EQ(r.message.headers().at("trace"), "abc");
    EXPECT_EQ(r.message.id(), "order-1");
}

TEST(MessageBuilder, UniqueKeyTellsNoPayloadFromEmptyPayload) {
    EXPECT_EQ(build(Task("t"), {.unique_ttl = 1h}).message.unique_key(), "asynq:{default}:unique:t:");
    EXPECT_EQ(build(Task("t", ""), {.unique_ttl = 1h}).message.unique_key(),
              "asynq:{default}:unique:t:d41d8cd98f00b204e9800998ecf8427e");
    auto r = build(Task("t", "x"), {.queue = "low", .unique_ttl = 1h + 500ms});
    EXPECT_EQ(r.unique_ttl, 3600s);
    EXPECT_TRUE(r.message.unique_key().starts_with("asynq:{low}:unique:t:"));
}

TEST(MessageBuilder, FutureProcessTimeSchedules) {
    auto r = build(Task("t"), {.process_in = 30min});
    EXPECT_EQ(r.path, EnqueuePath::kScheduled);
    EXPECT_EQ(r.process_at, kNow + 30min);
    auto at = build(Task("t"), {.process_at = kNow + 2h});
    EXPECT_EQ(at.path, EnqueuePath::kScheduled);
    EXPECT_EQ(build(Task("t"), {.process_in = 0s}).path, EnqueuePath::kPending);
    EXPECT_EQ(build(Task("t"), {.process_at = kNow - 1h}).path, EnqueuePath::kPending);
}

TEST(MessageBuilder, ScheduledUniqueLockLastsUntilProcessTimePlusTtl) {
    auto r = build(Task("t", "x"), {.unique_ttl = 2h, .process_in = 30min});
    EXPECT_EQ(r.unique_ttl, 9000s);
}

TEST(MessageBuilder, GroupAggregatesUnlessScheduled) {
    auto r = build(Task("t"), {.group = "daily"});
    EXPECT_EQ(r.path, EnqueuePath::kAggregating);
    EXPECT_EQ(r.message.group_key(), "daily");
    // Go quirk (spec §4.0): a scheduled task with a group is scheduled, keeping group_key in the message.
    auto later = build(Task("t"), {.process_in = 1h, .group = "daily"});
    EXPECT_EQ(later.path, EnqueuePath::kScheduled);
    EXPECT_EQ(later.message.group_key(), "daily");
}

void expect_invalid(const Task& task, const EnqueueOptions& options, const std::string& field) {
    try {
        build(task, options);
        ADD_FAILURE() << "expected an error naming " << field;
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
        EXPECT_TRUE(std::string(e.what()).starts_with("enqueue: " + field + ":")) << e.what();
    }
}

TEST(MessageBuilder, RejectsBadInputNamingTheField) {
    expect_invalid(Task(""), {}, "type");
    expect_invalid(Task("  "), {}, "type");
    expect_invalid(Task("t"), {.queue = ""}, "queue");
    expect_invalid(Task("t"), {.queue = " \t"}, "queue");
    expect_invalid(Task("t"), {.max_retry = -1}, "max_retry");
    expect_invalid(Task("t"), {.timeout = -5s}, "timeout");
    expect_invalid(Task("t"), {.timeout = 500ms}, "timeout");
    expect_invalid(Task("t"), {.deadline = util::Clock::TimePoint{}}, "deadline");
    expect_invalid(Task("t"), {.unique_ttl = 999ms}, "unique_ttl");
    expect_invalid(Task("t"), {.unique_ttl = -1s}, "unique_ttl");
    expect_invalid(Task("t"), {.process_at = kNow, .process_in = 1s}, "process_at");
    expect_invalid(Task("t"), {.process_in = -1s}, "process_in");
    expect_invalid(Task("t"), {.task_id = ""}, "task_id");
    expect_invalid(Task("t"), {.retention = -1s}, "retention");
    expect_invalid(Task("t"), {.group = " "}, "group");
}

}  // namespace
}  // namespace asynq::client
