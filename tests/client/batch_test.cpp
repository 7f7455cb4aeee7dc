#include <gtest/gtest.h>

#include <regex>

#include "asynq/client.h"
#include "support/redis_server.h"
#include "support/test_redis.h"

namespace asynq {
namespace {

using namespace std::chrono_literals;

class BatchTest : public testing::RedisTest {
protected:
    long long reads_processed() {
        auto info = redis().command({"INFO", "stats"}).str;
        std::smatch m;
        std::regex field("total_reads_processed:([0-9]+)");
        if (!std::regex_search(info, m, field)) throw std::runtime_error("no total_reads_processed in INFO");
        return std::stoll(m[1].str());
    }
};

TEST_F(BatchTest, EveryOptionWorksAndOneDuplicateDoesNotFailTheRest) {
    Client client(server().options());
    client.enqueue(Task("report", "r"), {.unique_ttl = 1h});  // makes item 3 a duplicate
    std::vector<BatchItem> items = {
        {Task("plain", "1"), {}},
        {Task("scheduled", "2"), {.queue = "critical", .process_in = 1h}},
        {Task("report", "r"), {.unique_ttl = 1h}},
        {Task("grouped", "4"), {.group = "daily"}},
        {Task("grouped", "5"), {.unique_ttl = 1h, .group = "daily"}},
        {Task("bad", "6"), {.max_retry = -1}},
        {Task("later-unique", "7"), {.unique_ttl = 1h, .process_in = 10min}},
        {Task("with-id", "8"), {.task_id = "fixed-id", .retention = 1h}},
    };
    auto results = client.enqueue_batch(items);
    ASSERT_EQ(results.size(), items.size());
    EXPECT_TRUE(results[0].ok());
    EXPECT_EQ(results[1].info->state, TaskState::kScheduled);
    ASSERT_FALSE(results[2].ok());
    EXPECT_THROW(std::rethrow_exception(results[2].error), DuplicateTaskError);
    EXPECT_EQ(results[2].error_code(), ErrorCode::kAlreadyExists);
    EXPECT_EQ(results[3].info->state, TaskState::kAggregating);
    EXPECT_EQ(results[4].info->state, TaskState::kAggregating);
    ASSERT_FALSE(results[5].ok());
    EXPECT_EQ(results[5].error_code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(results[5].error_message().find("max_retry"), std::string::npos);
    EXPECT_EQ(results[6].info->state, TaskState::kScheduled);
    EXPECT_EQ(results[7].info->id, "fixed-id");

    EXPECT_EQ(redis().llen("asynq:{default}:pending"), 3);  // the first report, "plain" and "with-id"
    EXPECT_EQ(redis().zcard("asynq:{critical}:scheduled"), 1);
    EXPECT_EQ(redis().zcard("asynq:{default}:scheduled"), 1);
    EXPECT_EQ(redis().zcard("asynq:{default}:g:daily"), 2);
    EXPECT_TRUE(redis().exists("asynq:{default}:t:fixed-id"));
    EXPECT_EQ(redis().smembers("asynq:queues"), (std::set<std::string>{"critical", "default"}));
}

TEST_F(BatchTest, UsesPipelinedRoundTrips) {
    Client client(server().options());
    client.ping();  // dial before measuring
    std::vector<BatchItem> items;
    for (int i = 0; i < 2000; ++i) items.push_back({Task("bulk", std::to_string(i)), {}});
    auto before = reads_processed();
    auto results = client.enqueue_batch(items);
    auto reads = reads_processed() - before;
    for (auto& r : results) ASSERT_TRUE(r.ok()) << r.error_message();
    EXPECT_EQ(redis().llen("asynq:{default}:pending"), 2000);
    // One round trip per task would make Redis process >= 2000 reads; pipelining needs a few dozen.
    EXPECT_LT(reads, 200) << "Redis read events during the batch";
}

TEST_F(BatchTest, RedisDownMarksEveryItemUnavailable) {
    RedisOptions options;
    options.port = testing::free_port();
    Client client(options);
    std::vector<BatchItem> items = {{Task("a"), {}}, {Task("b"), {}}};
    auto results = client.enqueue_batch(items);
    for (auto& r : results) {
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error_code(), ErrorCode::kUnavailable);
    }
}

TEST_F(BatchTest, EmptyBatchIsFine) {
    Client client(server().options());
    EXPECT_TRUE(client.enqueue_batch({}).empty());
}

}  // namespace
}  // namespace asynq
