// What the server writes for every outcome of an attempt (spec §7.1, §4.7-§4.11).
#include <gtest/gtest.h>

#include "asynq/servemux.h"
#include "server_test_base.h"

namespace asynq {
namespace {

using namespace std::chrono_literals;
using testing::eventually;

class OutcomeTest : public ServerTest {};

TEST_F(OutcomeTest, SuccessDeletesTaskAndCountsIt) {
    Seen seen;
    auto srv = start([&](TaskContext& context, const Task& task) {
        seen.add(task.type() + "|" + task.payload() + "|" + context.queue() + "|" +
                 std::to_string(context.max_retry()) + "|" + std::to_string(context.retry_count()));
    });
    auto info = client().enqueue(Task("email:send", R"({"to":"a"})"), {.max_retry = 7});
    ASSERT_TRUE(eventually([&] { return !redis().exists("asynq:{default}:t:" + info.id); }));
    EXPECT_EQ(seen.items(), std::multiset<std::string>{R"(email:send|{"to":"a"}|default|7|0)"});
    EXPECT_EQ(counter("asynq:{default}:processed"), 1);
    EXPECT_EQ(counter("asynq:{default}:failed"), 0);
    EXPECT_EQ(redis().llen("asynq:{default}:active"), 0);
    EXPECT_EQ(redis().zcard("asynq:{default}:lease"), 0);
}

TEST_F(OutcomeTest, RetentionKeepsCompletedTaskWithItsResult) {
    auto srv =
        start([&](TaskContext& context, const Task&) { context.result_writer().write(std::string("out\0put", 7)); });
    auto info = client().enqueue(Task("thumbnail:make", "img"), {.retention = 1h});
    ASSERT_TRUE(eventually([&] { return state_of("default", info.id) == "completed"; }));
    EXPECT_EQ(redis().hget("asynq:{default}:t:" + info.id, "result"), std::string("out\0put", 7));
    EXPECT_TRUE(in_zset("asynq:{default}:completed", info.id));
    EXPECT_GT(stored_message("default", info.id).completed_at(), 0);
}

TEST_F(OutcomeTest, FailureIsRetriedWithGoBackoff) {
    auto srv = start([](TaskContext&, const Task&) { throw std::runtime_error("POST /hook: 503"); });
    auto before = std::chrono::system_clock::now();
    auto info = client().enqueue(Task("webhook:deliver", "x"), {.max_retry = 3});
    ASSERT_TRUE(eventually([&] { return state_of("default", info.id) == "retry"; }));
    auto m = stored_message("default", info.id);
    EXPECT_EQ(m.retried(), 1);
    EXPECT_EQ(m.error_msg(), "POST /hook: 503");
    EXPECT_GT(m.last_failed_at(), 0);
    auto score = redis().zrange_withscores("asynq:{default}:retry").at(0).second;
    auto at = std::chrono::duration_cast<std::chrono::seconds>(before.time_since_epoch()).count();
    EXPECT_GE(score, at + 15 - 1);  // delay(0) is 15..44 s
    EXPECT_LE(score, at + 44 + 5);
    EXPECT_EQ(counter("asynq:{default}:processed"), 1);
    EXPECT_EQ(counter("asynq:{default}:failed"), 1);
}

TEST_F(OutcomeTest, ExhaustedRetriesArchive) {
    auto srv = start([](TaskContext&, const Task&) { throw std::runtime_error("card declined"); });
    auto info = client().enqueue(Task("payment:charge", "p"), {.max_retry = 0});
    ASSERT_TRUE(eventually([&] { return state_of("default", info.id) == "archived"; }));
    auto m = stored_message("default", info.id);
    EXPECT_EQ(m.error_msg(), "card declined");
    EXPECT_EQ(m.retried(), 0);  // archiving does not count a retry
    EXPECT_EQ(counter("asynq:{default}:failed"), 1);
}

TEST_F(OutcomeTest, SkipRetryArchivesAtOnce) {
    auto srv = start([](TaskContext&, const Task&) { throw SkipRetry("invalid document"); });
    auto info = client().enqueue(Task("parse:doc", "p"), {.max_retry = 10});
    ASSERT_TRUE(eventually([&] { return state_of("default", info.id) == "archived"; }));
    EXPECT_EQ(stored_message("default", info.id).error_msg(), "invalid document: skip retry for the task");
}

TEST_F(OutcomeTest, WrappedSkipRetryArchivesToo) {
    auto srv = start([](TaskContext&, const Task&) {
        try {
            throw SkipRetry();
        } catch (...) {
            std::throw_with_nested(std::runtime_error("parsing failed"));
        }
    });
    auto info = client().enqueue(Task("parse:doc", "p"), {.max_retry = 10});
    ASSERT_TRUE(eventually([&] { return state_of("default", info.id) == "archived"; }));
}

TEST_F(OutcomeTest, RevokeTaskDeletesAndCountsProcessedOnly) {
    auto srv = start([](TaskContext&, const Task&) { throw RevokeTask("not needed"); });
    auto info = client().enqueue(Task("t", "p"), {.unique_ttl = 1h});
    ASSERT_TRUE(eventually([&] { return !redis().exists("asynq:{default}:t:" + info.id); }));
    EXPECT_EQ(counter("asynq:{default}:processed"), 1);
    EXPECT_EQ(counter("asynq:{default}:failed"), 0);
    for (const auto& key : redis().keys()) EXPECT_EQ(key.find(":unique:"), std::string::npos) << "lock kept: " << key;
}

TEST_F(OutcomeTest, NonStandardThrowIsAPanicAndTheWorkerSurvives) {
    auto srv = start(
        [](TaskContext&, const Task& task) {
            if (task.type() == "bad") throw 42;
        },
        {.concurrency = 1});
    auto bad = client().enqueue(Task("bad", "p"));
    auto good = client().enqueue(Task("good", "p"));
    ASSERT_TRUE(eventually([&] { return state_of("default", bad.id) == "retry"; }));
    EXPECT_TRUE(stored_message("default", bad.id).error_msg().starts_with("panic error cause by: panic: "));
    ASSERT_TRUE(eventually([&] { return !redis().exists("asynq:{default}:t:" + good.id); }));
}

// Go's protobuf decoder rejects a message whose string fields are not UTF-8, so raw bytes in an error text would
// make the task unreadable for Go peers.
TEST_F(OutcomeTest, ErrorTextIsStoredAsValidUtf8) {
    auto srv = start([](TaskContext&, const Task&) { throw std::runtime_error("bad \xff\xfe bytes"); });
    auto info = client().enqueue(Task("t", "p"));
    ASSERT_TRUE(eventually([&] { return state_of("default", info.id) == "retry"; }));
    EXPECT_EQ(stored_message("default", info.id).error_msg(), "bad \xef\xbf\xbd\xef\xbf\xbd bytes");
}

TEST_F(OutcomeTest, UnknownTypeFailsWithHandlerNotFound) {
    auto mux = std::make_shared<ServeMux>();
    mux->handle("image:", [](TaskContext&, const Task&) {});
    auto srv = start(to_handler_func(mux));
    auto info = client().enqueue(Task("email:send", "p"));
    ASSERT_TRUE(eventually([&] { return state_of("default", info.id) == "retry"; }));
    EXPECT_EQ(stored_message("default", info.id).error_msg(), "handler not found for task \"email:send\"");
}

// IsFailure only affects retries (v0.25+, spec §7.1): an exhausted task is archived whatever it says.
TEST_F(OutcomeTest, NonFailureErrorIsRetriedWithoutChargingARetry) {
    auto srv = start([](TaskContext&, const Task&) { throw std::runtime_error("rate limited"); },
                     {.is_failure = [](const std::exception& e) { return std::string(e.what()) != "rate limited"; }});
    auto info = client().enqueue(Task("t", "p"), {.max_retry = 5});
    ASSERT_TRUE(eventually([&] { return state_of("default", info.id) == "retry"; }));
    EXPECT_EQ(stored_message("default", info.id).retried(), 0);
    EXPECT_EQ(counter("asynq:{default}:failed"), 0);
}

TEST_F(OutcomeTest, CustomRetryDelayAndErrorHandlerAreUsed) {
    Seen errors;
    auto srv = start([](TaskContext&, const Task&) { throw std::runtime_error("boom"); },
                     {.retry_delay = [](int, const std::exception&, const Task&) { return std::chrono::hours(2); },
                      .error_handler = [&](const Task& task,
                                           const std::exception& e) { errors.add(task.type() + ":" + e.what()); }});
    auto before =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    auto info = client().enqueue(Task("t", "p"));
    ASSERT_TRUE(eventually([&] { return state_of("default", info.id) == "retry"; }));
    auto score = redis().zrange_withscores("asynq:{default}:retry").at(0).second;
    EXPECT_GE(score, before + 7200 - 1);
    EXPECT_LE(score, before + 7200 + 5);
    EXPECT_EQ(errors.items(), std::multiset<std::string>{"t:boom"});
}

TEST_F(OutcomeTest, DueScheduledAndRetryTasksAreForwardedAndRun) {
    Seen seen;
    std::atomic<int> attempts = 0;
    auto srv = start(
        [&](TaskContext&, const Task& task) {
            if (task.type() == "flaky" && attempts++ == 0) throw std::runtime_error("first time fails");
            seen.add(task.type());
        },
        {.retry_delay = [](int, const std::exception&, const Task&) { return std::chrono::seconds(0); }});
    client().enqueue(Task("later", "p"), {.process_in = 1s});
    client().enqueue(Task("flaky", "p"));
    ASSERT_TRUE(eventually([&] { return seen.count() == 2; }));
    EXPECT_EQ(seen.items(), (std::multiset<std::string>{"flaky", "later"}));
}

TEST_F(OutcomeTest, JanitorDeletesCompletedTasksAfterRetention) {
    auto srv = start([](TaskContext&, const Task&) {});
    auto info = client().enqueue(Task("t", "p"), {.retention = 1s});
    ASSERT_TRUE(eventually([&] { return state_of("default", info.id) == "completed"; }));
    ASSERT_TRUE(eventually([&] { return !redis().exists("asynq:{default}:t:" + info.id); }));
    EXPECT_EQ(redis().zcard("asynq:{default}:completed"), 0);
}

}  // namespace
}  // namespace asynq
