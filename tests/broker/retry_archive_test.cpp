// Failed attempts: retry and archive (spec §4.10, §4.11), including archive trimming and unknown fields.
#include <gtest/gtest.h>

#include "broker/processing_test_base.h"

namespace asynq::broker {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view kMaxInt64 = "9223372036854775807";
constexpr std::int64_t kNinetyDays = 90 * 86400;

// Field 99 (length-delimited, "future"): no version of TaskMessage knows it.
const std::string kUnknownField = std::string("\x9a\x06\x06", 3) + "future";

class RetryArchiveTest : public ProcessingTest {
protected:
    // A pending task whose stored msg carries an unknown field, made active: the dequeued message keeps it.
    wire::TaskMessage make_active_with_unknown_field(const std::string& queue, const std::string& id) {
        const std::string bytes = encode_task_message(message(queue, id)) + kUnknownField;
        redis().command({"HSET", keys::task_key(queue, id), "msg", bytes, "state", "pending"});
        redis().command({"LPUSH", keys::pending_key(queue), id});
        auto result = take(queue);
        EXPECT_TRUE(result.task);
        return result.task ? result.task->message : wire::TaskMessage{};
    }

    // Fills the archive with `count` tasks (zset members and hashes), scores first_score, first_score + 1...,
    // in one round trip.
    void fill_archive(const std::string& queue, int count, std::int64_t first_score) {
        static const std::string kFill = R"lua(
            for i = 1, tonumber(ARGV[1]) do
                local id = "old-" .. i
                redis.call("ZADD", KEYS[1], tonumber(ARGV[2]) + i - 1, id)
                redis.call("HSET", ARGV[3] .. id, "msg", "x", "state", "archived")
            end
            return 1)lua";
        redis().command({"EVAL", kFill, "1", keys::archived_key(queue), std::to_string(count),
                         std::to_string(first_score), keys::task_key_prefix(queue)});
    }
};

TEST_F(RetryArchiveTest, RetryRecordsTheFailureAndSchedulesTheRetry) {
    use_wall_clock();
    auto r = unique_request(message("default", "t1"), 3600s);
    broker().enqueue(r);
    auto m = take("default").task.value().message;
    clock().advance(3s);
    const auto retry_at = clock().now() + 15s + 900ms;

    ASSERT_TRUE(broker().retry(m, retry_at, "boom", true));
    EXPECT_EQ(redis().zrange_withscores("asynq:{default}:retry"),
              (std::vector<std::pair<std::string, double>>{{"t1", util::unix_seconds(retry_at)}}));  // truncated
    EXPECT_EQ(redis().hget("asynq:{default}:t:t1", "state"), "retry");
    auto stored = stored_message("default", "t1");
    EXPECT_EQ(stored.retried(), 1);
    EXPECT_EQ(stored.error_msg(), "boom");
    EXPECT_EQ(stored.last_failed_at(), now_s());
    EXPECT_EQ(stored.type(), m.type());
    EXPECT_EQ(stored.payload(), m.payload());
    EXPECT_EQ(stored.unique_key(), m.unique_key());
    EXPECT_FALSE(redis().exists("asynq:{default}:active"));
    EXPECT_FALSE(redis().exists("asynq:{default}:lease"));
    for (const auto& key : {processed_today("default"), failed_today("default")}) {
        EXPECT_EQ(redis().get(key), "1") << key;
        expect_ttl_about_90_days(key);
    }
    EXPECT_EQ(redis().get("asynq:{default}:processed"), "1");
    EXPECT_EQ(redis().get("asynq:{default}:failed"), "1");
    EXPECT_EQ(redis().get(r.message.unique_key()), "t1");  // a retry keeps the lock
}

TEST_F(RetryArchiveTest, RetryThatIsNotAFailureChargesNothing) {
    auto m = make_active("default", "t1");
    ASSERT_TRUE(broker().retry(m, clock().now() + 20s, "rate limited", false));
    auto stored = stored_message("default", "t1");
    EXPECT_EQ(stored.retried(), 0);
    EXPECT_EQ(stored.error_msg(), "rate limited");
    EXPECT_EQ(stored.last_failed_at(), kStartUnixS);
    EXPECT_EQ(score("asynq:{default}:retry", "t1"), kStartUnixS + 20);
    EXPECT_FALSE(redis().exists(processed_today("default")));
    EXPECT_FALSE(redis().exists(failed_today("default")));
    EXPECT_FALSE(redis().exists("asynq:{default}:processed"));
    EXPECT_FALSE(redis().exists("asynq:{default}:failed"));
}

TEST_F(RetryArchiveTest, RetryCountsOnTopOfEarlierAttempts) {
    auto m = message("default", "t1");
    m.set_retried(4);
    m = make_active(m);
    ASSERT_TRUE(broker().retry(m, clock().now() + 1min, "again", true));
    EXPECT_EQ(stored_message("default", "t1").retried(), 5);
}

TEST_F(RetryArchiveTest, RetryAndArchiveWrapBothTotalsAtMaxInt64) {
    redis().command({"SET", "asynq:{default}:processed", std::string(kMaxInt64)});
    redis().command({"SET", "asynq:{default}:failed", "123"});
    ASSERT_TRUE(broker().retry(make_active("default", "t1"), clock().now() + 1min, "e", true));
    EXPECT_EQ(redis().get("asynq:{default}:processed"), "1");
    EXPECT_EQ(redis().get("asynq:{default}:failed"), "1");

    redis().command({"SET", "asynq:{default}:processed", std::string(kMaxInt64)});
    redis().command({"SET", "asynq:{default}:failed", "9"});
    ASSERT_TRUE(broker().archive(make_active("default", "t2"), "e"));
    EXPECT_EQ(redis().get("asynq:{default}:processed"), "1");
    EXPECT_EQ(redis().get("asynq:{default}:failed"), "1");
}

TEST_F(RetryArchiveTest, RetryAndArchiveOnATaskNoLongerActiveWriteNothing) {
    auto m = message("default", "t1");
    broker().enqueue(request(m));
    const std::string before = snapshot();
    EXPECT_FALSE(broker().retry(m, clock().now() + 1min, "e", true));
    EXPECT_FALSE(broker().archive(m, "e"));
    EXPECT_EQ(snapshot(), before);
}

TEST_F(RetryArchiveTest, ArchiveRecordsTheErrorButNotARetry) {
    use_wall_clock();
    auto m = message("default", "t1");
    m.set_retried(3);
    m.set_retry(3);
    auto r = unique_request(m, 3600s);
    broker().enqueue(r);
    auto active = take("default").task.value().message;

    ASSERT_TRUE(broker().archive(active, "retries exhausted"));
    EXPECT_EQ(redis().zrange_withscores("asynq:{default}:archived"),
              (std::vector<std::pair<std::string, double>>{{"t1", now_s()}}));
    EXPECT_EQ(redis().hget("asynq:{default}:t:t1", "state"), "archived");
    auto stored = stored_message("default", "t1");
    EXPECT_EQ(stored.retried(), 3);
    EXPECT_EQ(stored.error_msg(), "retries exhausted");
    EXPECT_EQ(stored.last_failed_at(), now_s());
    EXPECT_FALSE(redis().exists("asynq:{default}:active"));
    EXPECT_FALSE(redis().exists("asynq:{default}:lease"));
    for (const auto& key : {processed_today("default"), failed_today("default")}) {
        EXPECT_EQ(redis().get(key), "1") << key;
        expect_ttl_about_90_days(key);
    }
    EXPECT_EQ(redis().get("asynq:{default}:processed"), "1");
    EXPECT_EQ(redis().get("asynq:{default}:failed"), "1");
    EXPECT_EQ(redis().get(r.message.unique_key()), "t1");  // archive keeps the lock, as Go
}

TEST_F(RetryArchiveTest, ArchiveKeepsAtMost9999TasksAndDeletesTrimmedHashes) {
    fill_archive("default", 9999, kStartUnixS - 100000);
    ASSERT_EQ(redis().zcard("asynq:{default}:archived"), 9999);
    ASSERT_TRUE(broker().archive(make_active("default", "new"), "e"));

    EXPECT_EQ(redis().zcard("asynq:{default}:archived"), 9999);
    EXPECT_FALSE(score("asynq:{default}:archived", "old-1"));  // the oldest went
    EXPECT_FALSE(redis().exists("asynq:{default}:t:old-1"));   // with its hash
    EXPECT_TRUE(score("asynq:{default}:archived", "old-2"));
    EXPECT_TRUE(redis().exists("asynq:{default}:t:old-2"));
    EXPECT_EQ(score("asynq:{default}:archived", "new"), kStartUnixS);
    EXPECT_EQ(redis().hget("asynq:{default}:t:new", "state"), "archived");
}

TEST_F(RetryArchiveTest, ArchiveDropsTasksArchivedMoreThanNinetyDaysAgo) {
    const std::int64_t cutoff = kStartUnixS - kNinetyDays;
    fill_archive("default", 3, cutoff - 1);  // old-1 at cutoff - 1, old-2 at the cutoff, old-3 just after
    ASSERT_TRUE(broker().archive(make_active("default", "new"), "e"));
    EXPECT_EQ(zmembers("asynq:{default}:archived"), (Strings{"old-3", "new"}));
    EXPECT_FALSE(redis().exists("asynq:{default}:t:old-1"));
    EXPECT_FALSE(redis().exists("asynq:{default}:t:old-2"));  // the cutoff is inclusive
    EXPECT_TRUE(redis().exists("asynq:{default}:t:old-3"));
}

TEST_F(RetryArchiveTest, ArchiveAgeTrimRemovesThousandsAtOnce) {
    // 9,000 tasks at or before the cutoff (more than one Lua unpack() could take), 999 after it.
    fill_archive("default", 9999, kStartUnixS - kNinetyDays - 8999);
    ASSERT_TRUE(broker().archive(make_active("default", "new"), "e"));
    EXPECT_EQ(redis().zcard("asynq:{default}:archived"), 1000);
    EXPECT_FALSE(redis().exists("asynq:{default}:t:old-9000"));
    EXPECT_TRUE(redis().exists("asynq:{default}:t:old-9001"));
}

TEST_F(RetryArchiveTest, UnknownProtobufFieldsSurviveRetryArchiveAndComplete) {
    auto m = make_active_with_unknown_field("default", "r");
    ASSERT_TRUE(broker().retry(m, clock().now() + 1min, "e", true));
    auto stored = redis().hget("asynq:{default}:t:r", "msg").value_or("");
    EXPECT_NE(stored.find(kUnknownField), std::string::npos);
    EXPECT_EQ(stored_message("default", "r").retried(), 1);

    m = make_active_with_unknown_field("default", "a");
    ASSERT_TRUE(broker().archive(m, "e"));
    EXPECT_NE(redis().hget("asynq:{default}:t:a", "msg").value_or("").find(kUnknownField), std::string::npos);

    m = make_active_with_unknown_field("default", "c");
    m.set_retention(60);  // the worker's copy decides the retention; the unknown field must stay all the same
    ASSERT_TRUE(broker().mark_as_complete(m));
    EXPECT_NE(redis().hget("asynq:{default}:t:c", "msg").value_or("").find(kUnknownField), std::string::npos);
}

}  // namespace
}  // namespace asynq::broker
