// Single, all-in-state and batch task actions: each effect checked in Redis through the Inspector.
#include <gtest/gtest.h>

#include "asynq/client.h"
#include "asynq/inspector.h"
#include "support/fixture_now.h"
#include "web_test_base.h"

namespace asynq::testing {
namespace {

class TaskActionRoutesTest : public WebTest {
protected:
    void SetUp() override {
        WebTest::SetUp();
        write_dump(redis(), fixture_now("all_states"));
        inspector_ = std::make_unique<Inspector>(server().options());
    }
    // The id of the one task the fixture has in this state.
    std::string id_in(const std::string& state) {
        const auto body = get_json("/api/queues/mixed/" + state + "_tasks");
        return body["tasks"].empty() ? std::string() : body["tasks"][0]["id"].get<std::string>();
    }
    TaskState state_of(const std::string& id) { return inspector_->get_task_info("mixed", id).state; }
    Inspector& inspector() { return *inspector_; }

private:
    std::unique_ptr<Inspector> inspector_;
};

TEST_F(TaskActionRoutesTest, RunArchiveAndDeleteOneTask) {
    const auto retry = id_in("retry");
    EXPECT_EQ(post_json("/api/queues/mixed/retry_tasks/" + retry + ":run"), Json::object());
    EXPECT_EQ(state_of(retry), TaskState::kPending);

    const auto scheduled = id_in("scheduled");
    EXPECT_EQ(post_json("/api/queues/mixed/scheduled_tasks/" + scheduled + ":archive"), Json::object());
    EXPECT_EQ(state_of(scheduled), TaskState::kArchived);

    const auto completed = id_in("completed");
    EXPECT_EQ(delete_json("/api/queues/mixed/completed_tasks/" + completed), Json::object());
    EXPECT_FALSE(redis().exists("asynq:{mixed}:t:" + completed));

    const auto aggregating = get_json("/api/queues/mixed/groups/grp/aggregating_tasks")["tasks"][0]["id"];
    EXPECT_EQ(post_json("/api/queues/mixed/groups/grp/aggregating_tasks/" + aggregating.get<std::string>() + ":run"),
              Json::object());
    EXPECT_EQ(state_of(aggregating), TaskState::kPending);
}

TEST_F(TaskActionRoutesTest, RefusedActionsAreConflictsAndUnknownTasksNotFound) {
    const auto archived = id_in("archived");
    expect_error(post_json("/api/queues/mixed/archived_tasks/" + archived + ":archive", "", 409),
                 "failed_precondition");
    const auto pending = id_in("pending");
    expect_error(post_json("/api/queues/mixed/pending_tasks/" + pending + ":run", "", 409), "failed_precondition");
    expect_error(post_json("/api/queues/mixed/pending_tasks/nope:run", "", 404), "not_found");
    expect_error(delete_json("/api/queues/mixed/pending_tasks/nope", 404), "not_found");
    expect_error(post_json("/api/queues/nope/pending_tasks/" + pending + ":archive", "", 404), "not_found");
    expect_error(post_json("/api/queues/mixed/pending_tasks/" + pending + ":cancel", "", 400), "invalid_argument");
    expect_error(post_json("/api/queues/mixed/bogus_tasks/" + pending + ":run", "", 404), "not_found");
    EXPECT_EQ(state_of(pending), TaskState::kPending);
}

TEST_F(TaskActionRoutesTest, CancelAnActiveTaskPublishesTheCancelation) {
    write_dump(redis(), fixture_now("live_server"));
    const auto ids = get_json("/api/queues/default/active_tasks")["tasks"];
    ASSERT_EQ(ids.size(), 2u);
    // Servers hear cancellations on the asynq:cancel channel: listen as one does.
    TestRedis subscriber(server());
    subscriber.command({"SUBSCRIBE", "asynq:cancel"});
    const std::string id = ids[0]["id"];
    EXPECT_EQ(post_json("/api/queues/default/active_tasks/" + id + ":cancel"), Json::object());
    // The publication reached the subscriber before the answer: it is the next reply on its connection.
    const auto message = subscriber.command({"PING"});
    ASSERT_EQ(message.elements.size(), 3u);
    EXPECT_EQ(message.elements[0].str, "message");
    EXPECT_EQ(message.elements[2].str, id);
    expect_error(post_json("/api/queues/default/active_tasks/nope:cancel", "", 404), "not_found");
    EXPECT_EQ(post_json("/api/queues/default/active_tasks:cancel_all"), Json::parse(R"({"count": 2})"));
    expect_error(delete_json("/api/queues/default/active_tasks/" + id, 409), "failed_precondition");
}

TEST_F(TaskActionRoutesTest, AllInStateActionsCount) {
    EXPECT_EQ(post_json("/api/queues/mixed/retry_tasks:run_all"), Json::parse(R"({"count": 1})"));
    EXPECT_EQ(inspector().get_queue_info("mixed").pending, 2);
    EXPECT_EQ(post_json("/api/queues/mixed/pending_tasks:archive_all"), Json::parse(R"({"count": 2})"));
    EXPECT_EQ(inspector().get_queue_info("mixed").archived, 3);
    EXPECT_EQ(post_json("/api/queues/mixed/archived_tasks:delete_all"), Json::parse(R"({"count": 3})"));
    EXPECT_EQ(inspector().get_queue_info("mixed").archived, 0);
    EXPECT_EQ(post_json("/api/queues/mixed/groups/grp/aggregating_tasks:archive_all"), Json::parse(R"({"count": 1})"));
    EXPECT_EQ(post_json("/api/queues/mixed/completed_tasks:delete_all"), Json::parse(R"({"count": 1})"));
    EXPECT_EQ(post_json("/api/queues/mixed/scheduled_tasks:delete_all"), Json::parse(R"({"count": 1})"));
    const auto info = inspector().get_queue_info("mixed");
    EXPECT_EQ(info.size, 1);  // the archived aggregating task
    EXPECT_EQ(info.archived, 1);

    expect_error(post_json("/api/queues/mixed/pending_tasks:run_all", "", 400), "invalid_argument");
    expect_error(post_json("/api/queues/mixed/archived_tasks:archive_all", "", 400), "invalid_argument");
    expect_error(post_json("/api/queues/mixed/active_tasks:delete_all", "", 400), "invalid_argument");
    expect_error(post_json("/api/queues/mixed/aggregating_tasks:run_all", "", 400), "invalid_argument");
    expect_error(post_json("/api/queues/mixed/pending_tasks:cancel_all", "", 400), "invalid_argument");
}

TEST_F(TaskActionRoutesTest, BatchActionsReportEachIdAndGoOnAfterAFailure) {
    const auto retry = id_in("retry");
    const auto archived = id_in("archived");
    const auto body = post_json("/api/queues/mixed/retry_tasks:batch_archive",
                                Json{{"task_ids", {retry, "missing-id", archived}}}.dump());
    EXPECT_EQ(body["done"], Json::array({retry}));
    ASSERT_EQ(body["failed"].size(), 2u) << body;
    EXPECT_EQ(body["failed"][0]["id"], "missing-id");
    EXPECT_FALSE(body["failed"][0]["error"].get<std::string>().empty());
    EXPECT_EQ(body["failed"][1]["id"], archived);
    EXPECT_NE(body["failed"][1]["error"].get<std::string>().find("already archived"), std::string::npos);
    EXPECT_EQ(state_of(retry), TaskState::kArchived);

    const auto run =
        post_json("/api/queues/mixed/archived_tasks:batch_run", Json{{"task_ids", {retry, archived}}}.dump());
    EXPECT_EQ(run["done"], Json::array({retry, archived}));
    EXPECT_EQ(run["failed"], Json::array());
    EXPECT_EQ(inspector().get_queue_info("mixed").pending, 3);

    const auto pending = get_json("/api/queues/mixed/pending_tasks")["tasks"];
    std::vector<std::string> ids;
    for (const auto& t : pending) ids.push_back(t["id"]);
    const auto deleted = post_json("/api/queues/mixed/pending_tasks:batch_delete", Json{{"task_ids", ids}}.dump());
    EXPECT_EQ(deleted["done"].size(), 3u);
    EXPECT_EQ(inspector().get_queue_info("mixed").pending, 0);

    const auto group_id = get_json("/api/queues/mixed/groups/grp/aggregating_tasks")["tasks"][0]["id"];
    EXPECT_EQ(post_json("/api/queues/mixed/groups/grp/aggregating_tasks:batch_delete",
                        Json{{"task_ids", {group_id}}}.dump())["done"],
              Json::array({group_id}));
}

TEST_F(TaskActionRoutesTest, BatchBodiesAreChecked) {
    expect_error(post_json("/api/queues/mixed/retry_tasks:batch_run", "not json", 400), "invalid_argument");
    expect_error(post_json("/api/queues/mixed/retry_tasks:batch_run", R"({"ids": []})", 400), "invalid_argument");
    expect_error(post_json("/api/queues/mixed/retry_tasks:batch_run", R"({"task_ids": []})", 400), "invalid_argument");
    expect_error(post_json("/api/queues/mixed/retry_tasks:batch_run", R"({"task_ids": [1]})", 400), "invalid_argument");
    expect_error(post_json("/api/queues/mixed/retry_tasks:batch_cancel", R"({"task_ids": ["a"]})", 400),
                 "invalid_argument");
    std::vector<std::string> too_many(1001, "x");
    expect_error(post_json("/api/queues/mixed/retry_tasks:batch_run", Json{{"task_ids", too_many}}.dump(), 400),
                 "invalid_argument");
}

}  // namespace
}  // namespace asynq::testing
