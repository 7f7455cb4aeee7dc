// How enqueue and enqueue_batch report failures: nothing acknowledged may be reported lost, nothing lost may be
// reported acknowledged.
#include <gtest/gtest.h>

#include "broker/broker_test_base.h"
#include "redis/errors.h"

namespace asynq::broker {
namespace {

using namespace std::chrono_literals;

/// Runs everything on the real Redis, then, for one pipeline, behaves as if the connection broke after
/// `replies_before_break` replies had been read: all commands ran, the rest of the replies are lost.
class BreakingExecutor final : public redis::Executor {
public:
    explicit BreakingExecutor(redis::Executor& real) : real_(real) {}
    std::string describe() const override { return real_.describe(); }
    std::unique_ptr<redis::Connection> open_dedicated(std::string_view route_key,
                                                      std::chrono::milliseconds read_timeout) override {
        return real_.open_dedicated(route_key, read_timeout);
    }
    int pipeline_to_break = -1;  ///< 0-based index among pipelines with more than one command
    std::size_t replies_before_break = 0;

protected:
    redis::Reply send(const redis::Command& command) override {
        return real_.run_pipeline(std::span(&command, 1)).front();
    }
    std::vector<redis::Reply> send_pipeline(std::span<const redis::Command> commands) override {
        auto replies = real_.run_pipeline(commands);
        if (commands.size() > 1 && pipelines_++ == pipeline_to_break) {
            std::vector<std::optional<redis::Reply>> known(replies.begin(), replies.end());
            for (std::size_t i = replies_before_break; i < known.size(); ++i) known[i].reset();
            throw redis::PipelineError("redis test: pipeline: connection reset by peer (simulated)", known);
        }
        return replies;
    }

private:
    redis::Executor& real_;
    int pipelines_ = 0;
};

std::string message_of(const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& e) {
        return e.what();
    }
}

TEST_F(BrokerTest, EnqueueFailsWhenTheQueueCannotBeRegistered) {
    redis().command({"SET", "asynq:queues", "not a set"});  // SADD answers WRONGTYPE
    EXPECT_THROW(broker().enqueue(request(message("default", "x"))), redis::ReplyError);
    EXPECT_FALSE(redis().exists("asynq:{default}:t:x"));
    EXPECT_EQ(redis().llen("asynq:{default}:pending"), 0);

    std::vector<EnqueueRequest> requests = {request(message("default", "y"))};
    auto results = broker().enqueue_batch(requests);
    ASSERT_TRUE(results[0].error);
    EXPECT_NE(message_of(results[0].error).find("queue registration failed"), std::string::npos);
    EXPECT_FALSE(redis().exists("asynq:{default}:t:y"));
}

TEST_F(BrokerTest, BatchBrokenMidwayKeepsKnownOutcomesAndSaysWhatIsUnknown) {
    BreakingExecutor breaking(broker().executor());
    breaking.pipeline_to_break = 0;
    breaking.replies_before_break = 300;
    Broker broker_over_break(breaking, clock());
    std::vector<EnqueueRequest> requests;
    for (int i = 0; i < 2500; ++i) requests.push_back(request(message("bulk", "t" + std::to_string(i))));

    auto results = broker_over_break.enqueue_batch(requests);
    ASSERT_EQ(results.size(), 2500u);
    for (int i = 0; i < 300; ++i) {
        ASSERT_TRUE(results[i].outcome) << i;  // answered before the break: acknowledged
        EXPECT_EQ(*results[i].outcome, EnqueueOutcome::kEnqueued);
    }
    for (int i = 300; i < 1000; ++i) {  // sent, unanswered: may or may not be in Redis
        ASSERT_TRUE(results[i].error) << i;
        EXPECT_NE(message_of(results[i].error).find("outcome unknown"), std::string::npos);
    }
    for (int i = 1000; i < 2500; ++i) {  // later chunks never sent
        ASSERT_TRUE(results[i].error) << i;
        EXPECT_NE(message_of(results[i].error).find("not sent"), std::string::npos);
    }
    // What Redis holds agrees: the first chunk ran (all of it, in this simulation), the rest did not.
    EXPECT_EQ(redis().llen("asynq:{bulk}:pending"), 1000);
    EXPECT_FALSE(redis().exists("asynq:{bulk}:t:t1000"));
}

TEST_F(BrokerTest, BatchAfterScriptCacheFlushFallsBackToEval) {
    broker().enqueue(request(message("default", "warm")));  // scripts cached, queue registered
    redis().command({"SCRIPT", "FLUSH"});
    std::vector<EnqueueRequest> requests;
    for (int i = 0; i < 10; ++i) requests.push_back(request(message("default", "f" + std::to_string(i))));
    requests.push_back(unique_request(message("default", "u"), 60s));
    auto results = broker().enqueue_batch(requests);
    for (auto& r : results) ASSERT_TRUE(r.outcome && *r.outcome == EnqueueOutcome::kEnqueued);
    EXPECT_EQ(redis().llen("asynq:{default}:pending"), 12);
}

TEST_F(BrokerTest, BatchReportsUnreachableRedisAsNotSent) {
    RedisOptions options;
    options.port = testing::free_port();
    auto executor = redis::make_executor(options);
    Broker unreachable(*executor, clock());
    std::vector<EnqueueRequest> requests = {request(message("default", "a")), request(message("default", "b"))};
    auto results = unreachable.enqueue_batch(requests);
    for (auto& r : results) {
        ASSERT_TRUE(r.error);
        EXPECT_NE(message_of(r.error).find("not sent"), std::string::npos) << message_of(r.error);
    }
}

}  // namespace
}  // namespace asynq::broker
