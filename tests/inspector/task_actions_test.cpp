// Inspector actions on real Redis (spec §4.22.7–§4.22.13, §4.22.16), mostly over data written by Go asynq
// (../shared/fixtures), checked key by key: task hash and state, containers, unique locks, group sets.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "asynq/client.h"
#include "asynq/errors.h"
#include "asynq/inspector.h"
#include "broker/proto/asynq.pb.h"
#include "support/fixtures.h"
#include "support/test_redis.h"

namespace asynq {
namespace {

using namespace std::chrono_literals;
using Strings = std::vector<std::string>;

// Task ids of all_states.json: queue "mixed", one task per state but active.
constexpr const char* kPendingId = "3c76acd9-857a-4bcf-8f11-897d69ee7bcd";
constexpr const char* kScheduledId = "24263b9e-1871-432f-8eb2-993082c175ab";
constexpr const char* kRetryId = "d731a449-1392-4f40-9a92-6177bac86208";
constexpr const char* kArchivedId = "8a08946d-5748-4c23-a6d0-5bd7c7ba343b";
constexpr const char* kCompletedId = "e05f4f08-3b75-4311-b5a8-84c45820c198";
constexpr const char* kAggregatingId = "ea1a7818-88e7-4227-92ac-f90c3bac4313";  // group "grp"
// live_server.json: two active tasks in "default".
constexpr const char* kActiveId = "80a5fba3-0cdc-4bd3-9f99-482ef010d258";

std::string task_key(const std::string& queue, const std::string& id) { return "asynq:{" + queue + "}:t:" + id; }
std::string key(const std::string& queue, const std::string& name) { return "asynq:{" + queue + "}:" + name; }

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

class TaskActionsTest : public testing::RedisTest {
protected:
    void load(const std::string& scenario) { testing::write_dump(redis(), testing::load_fixture(scenario)); }

    std::string state_of(const std::string& queue, const std::string& id) {
        return redis().hget(task_key(queue, id), "state").value_or("<gone>");
    }
    std::string msg_of(const std::string& queue, const std::string& id) {
        return redis().hget(task_key(queue, id), "msg").value_or("<gone>");
    }
    bool in_zset(const std::string& zset, const std::string& member) {
        return redis().command({"ZSCORE", zset, member}).type != testing::TestRedis::Value::Type::kNil;
    }
    double score_of(const std::string& zset, const std::string& member) {
        return std::stod(redis().command({"ZSCORE", zset, member}).str);
    }

    /// Moves a task between two zsets of its queue and sets its state, as the server would have done.
    void move(const std::string& queue, const std::string& id, const std::string& from, const std::string& to) {
        redis().command({"ZREM", key(queue, from), id});
        redis().command({"ZADD", key(queue, to), std::to_string(unix_now()), id});
        redis().command({"HSET", task_key(queue, id), "state", to});
    }

    Inspector inspector_{server().options()};
};

template <typename E>
std::string error_of(const std::function<void()>& call) {
    try {
        call();
    } catch (const E& e) {
        return e.what();
    } catch (const std::exception& e) {
        return std::string("wrong exception: ") + e.what();
    }
    return "(no error)";
}

// --- run_task ---

TEST_F(TaskActionsTest, RunTaskMovesEachStateOfGoDataToTheBackOfPending) {
    load("all_states");
    const std::string before = msg_of("mixed", kArchivedId);
    for (const char* id : {kScheduledId, kRetryId, kArchivedId, kCompletedId, kAggregatingId}) {
        inspector_.run_task("mixed", id);
        EXPECT_EQ(state_of("mixed", id), "pending") << id;
        EXPECT_EQ(redis().lrange(key("mixed", "pending")).front(), id);            // LPUSH: the back of the line
        EXPECT_FALSE(redis().hget(task_key("mixed", id), "pending_since")) << id;  // as Go (spec §7.9.4)
    }
    EXPECT_EQ(redis().lrange(key("mixed", "pending")),
              (Strings{kAggregatingId, kCompletedId, kArchivedId, kRetryId, kScheduledId, kPendingId}));
    for (const char* zset : {"scheduled", "retry", "archived", "completed", "g:grp"}) {
        EXPECT_FALSE(redis().exists(key("mixed", zset))) << zset;
    }
    EXPECT_TRUE(redis().smembers(key("mixed", "groups")).empty());               // its last task left the group
    EXPECT_EQ(redis().hget(task_key("mixed", kAggregatingId), "group"), "grp");  // the field stays (spec §2)
    EXPECT_EQ(msg_of("mixed", kArchivedId), before);  // retried stays = retry: one more attempt only
}

TEST_F(TaskActionsTest, RunTaskRefusesPendingActiveAndUnknownTasksAndQueues) {
    load("all_states");
    EXPECT_EQ(error_of<TaskStateError>([&] { inspector_.run_task("mixed", kPendingId); }),
              "task is already in pending state");
    EXPECT_EQ(error_of<TaskNotFoundError>([&] { inspector_.run_task("mixed", "nope"); }),
              "cannot find task with id=nope in queue \"mixed\"");
    EXPECT_EQ(error_of<QueueNotFoundError>([&] { inspector_.run_task("other", kRetryId); }),
              "queue \"other\" does not exist");
    EXPECT_EQ(redis().lrange(key("mixed", "pending")), Strings{kPendingId});

    load("live_server");
    EXPECT_EQ(error_of<TaskStateError>([&] { inspector_.run_task("default", kActiveId); }), "task is already running");
    EXPECT_EQ(state_of("default", kActiveId), "active");
    EXPECT_TRUE(in_zset(key("default", "lease"), kActiveId));
}

// --- archive_task ---

TEST_F(TaskActionsTest, ArchiveTaskArchivesEachStateOfGoDataAtNowWithMsgUntouched) {
    load("all_states");
    const auto before = unix_now();
    for (const char* id : {kPendingId, kScheduledId, kRetryId, kCompletedId, kAggregatingId}) {
        const std::string msg = msg_of("mixed", id);
        inspector_.archive_task("mixed", id);
        EXPECT_EQ(state_of("mixed", id), "archived") << id;
        EXPECT_EQ(msg_of("mixed", id), msg) << id;  // no error text, no last_failed_at
        EXPECT_GE(score_of(key("mixed", "archived"), id), before) << id;
        EXPECT_LE(score_of(key("mixed", "archived"), id), unix_now() + 1) << id;
    }
    EXPECT_EQ(redis().zcard(key("mixed", "archived")), 6);
    for (const char* container : {"pending", "scheduled", "retry", "completed", "g:grp"}) {
        EXPECT_FALSE(redis().exists(key("mixed", container))) << container;
    }
    EXPECT_TRUE(redis().smembers(key("mixed", "groups")).empty());
    EXPECT_EQ(redis().get(key("mixed", "failed")), "2");  // counters untouched (Go's server archived one, retried one)
}

TEST_F(TaskActionsTest, ArchiveTaskRefusesArchivedActiveAndUnknownTasks) {
    load("all_states");
    EXPECT_EQ(error_of<TaskStateError>([&] { inspector_.archive_task("mixed", kArchivedId); }),
              std::string("task is already archived: id=") + kArchivedId + ", queue=mixed");
    EXPECT_EQ(error_of<TaskNotFoundError>([&] { inspector_.archive_task("mixed", "nope"); }),
              "cannot find task with id=nope in queue \"mixed\"");
    EXPECT_EQ(error_of<QueueNotFoundError>([&] { inspector_.archive_task("nope", kPendingId); }),
              "queue \"nope\" does not exist");
    EXPECT_EQ(state_of("mixed", kPendingId), "pending");

    load("live_server");
    EXPECT_EQ(error_of<TaskStateError>([&] { inspector_.archive_task("default", kActiveId); }),
              "cannot archive task in active state. use CancelProcessing instead.");
    EXPECT_EQ(redis().lrange(key("default", "active")).size(), 2u);
}

TEST_F(TaskActionsTest, ArchiveTaskTrimsTheArchiveByAgeAndSize) {
    load("all_states");
    // 10,000 archived ids without hashes, plus one 91 days old with a hash.
    const std::string archived = key("mixed", "archived");
    std::vector<std::string> zadd{"ZADD", archived};
    const auto now = unix_now();
    for (int i = 0; i < 10000; ++i) {
        zadd.push_back(std::to_string(now - 100000 + i));
        zadd.push_back("filler-" + std::to_string(i));
    }
    zadd.push_back(std::to_string(now - 91 * 86400));
    zadd.push_back("ancient");
    redis().command(zadd);
    redis().command({"HSET", task_key("mixed", "ancient"), "state", "archived", "msg", "x"});

    inspector_.archive_task("mixed", kPendingId);
    EXPECT_FALSE(in_zset(archived, "ancient"));
    EXPECT_FALSE(redis().exists(task_key("mixed", "ancient")));  // trimmed hashes go too (spec §7.9.6)
    EXPECT_EQ(redis().zcard(archived), 9999);                    // at most 9,999 remain, as Go's trim leaves
    EXPECT_TRUE(in_zset(archived, kPendingId));
    // 10,002 left after the age trim: the three oldest go.
    EXPECT_FALSE(in_zset(archived, "filler-2"));
    EXPECT_TRUE(in_zset(archived, "filler-3"));
    EXPECT_TRUE(in_zset(archived, kArchivedId));  // Go's archived task is newer than the fillers
    EXPECT_EQ(state_of("mixed", kArchivedId), "archived");
}

// --- delete_task ---

TEST_F(TaskActionsTest, DeleteTaskDeletesEachStateOfGoData) {
    load("all_states");
    for (const char* id : {kPendingId, kScheduledId, kRetryId, kArchivedId, kCompletedId, kAggregatingId}) {
        inspector_.delete_task("mixed", id);
        EXPECT_FALSE(redis().exists(task_key("mixed", id))) << id;
    }
    for (const char* container : {"pending", "scheduled", "retry", "archived", "completed", "g:grp"}) {
        EXPECT_FALSE(redis().exists(key("mixed", container))) << container;
    }
    EXPECT_TRUE(redis().smembers(key("mixed", "groups")).empty());
    EXPECT_EQ(redis().get(key("mixed", "processed")), "3");  // counters untouched
}

TEST_F(TaskActionsTest, DeleteTaskReleasesOnlyTheLockItsTaskHolds) {
    load("unique");
    const std::string lock_u1 = key("default", "unique:unique:email:cfeb4906248f18cb94f202711c2a34cf");
    const std::string lock_u2 = key("default", "unique:unique:email:803f86c82e0380ea2ee2c9bc38165716");
    const std::string low_lock = key("low", "unique:unique:email:cfeb4906248f18cb94f202711c2a34cf");
    inspector_.delete_task("default", "f1919ecc-930f-44ab-b4a2-5c4d6673700e");  // {"u":1}, pending
    EXPECT_FALSE(redis().exists(lock_u1));
    EXPECT_TRUE(redis().exists(low_lock));  // same type and payload, other queue: another lock

    // A lock that another task holds by now (the first one expired and was taken again) is not released.
    redis().command({"SET", lock_u2, "someone-else"});
    inspector_.delete_task("default", "e9b830f9-4e47-453a-9d4a-36d4b08a149e");
    EXPECT_EQ(redis().get(lock_u2), "someone-else");

    inspector_.delete_task("default", "dd3af257-55c9-4b01-b5ed-2b43fab4adbc");  // scheduled unique:later
    EXPECT_FALSE(redis().exists(key("default", "unique:unique:later:9dd4e461268c8034f5c8564e155c67a6")));
    EXPECT_FALSE(redis().exists(key("default", "scheduled")));
    EXPECT_EQ(redis().lrange(key("default", "pending")), Strings{"be554f79-736b-4826-978d-2d278d829615"});
}

TEST_F(TaskActionsTest, DeleteTaskRefusesActiveAndUnknownTasks) {
    load("live_server");
    EXPECT_EQ(error_of<TaskStateError>([&] { inspector_.delete_task("default", kActiveId); }),
              "cannot delete task in active state. use CancelProcessing instead.");
    EXPECT_EQ(state_of("default", kActiveId), "active");
    EXPECT_EQ(error_of<TaskNotFoundError>([&] { inspector_.delete_task("default", "nope"); }),
              "cannot find task with id=nope in queue \"default\"");
    EXPECT_EQ(error_of<QueueNotFoundError>([&] { inspector_.delete_task("low", kActiveId); }),
              "queue \"low\" does not exist");
}

// --- the *all variants ---

TEST_F(TaskActionsTest, RunAllMovesEveryTaskOfAStateToPending) {
    load("all_states");
    EXPECT_EQ(inspector_.run_all_scheduled_tasks("mixed"), 1);
    EXPECT_EQ(inspector_.run_all_retry_tasks("mixed"), 1);
    EXPECT_EQ(inspector_.run_all_archived_tasks("mixed"), 1);
    EXPECT_EQ(inspector_.run_all_aggregating_tasks("mixed", "grp"), 1);
    EXPECT_EQ(inspector_.run_all_retry_tasks("mixed"), 0);  // nothing left
    EXPECT_EQ(redis().lrange(key("mixed", "pending")),
              (Strings{kAggregatingId, kArchivedId, kRetryId, kScheduledId, kPendingId}));
    for (const char* id : {kScheduledId, kRetryId, kArchivedId, kAggregatingId}) {
        EXPECT_EQ(state_of("mixed", id), "pending") << id;
        EXPECT_FALSE(redis().hget(task_key("mixed", id), "pending_since")) << id;
    }
    for (const char* zset : {"scheduled", "retry", "archived", "g:grp"}) {
        EXPECT_FALSE(redis().exists(key("mixed", zset))) << zset;
    }
    EXPECT_TRUE(redis().smembers(key("mixed", "groups")).empty());
    EXPECT_EQ(state_of("mixed", kCompletedId), "completed");  // no run_all for completed, as Go
}

TEST_F(TaskActionsTest, RunAllAggregatingTasksEmptiesOneGroupOfGoData) {
    load("groups");
    EXPECT_EQ(inspector_.run_all_aggregating_tasks("default", "daily-digest"), 4);
    EXPECT_EQ(redis().llen(key("default", "pending")), 4);
    EXPECT_EQ(state_of("default", "digest-unique"), "pending");
    EXPECT_FALSE(redis().exists(key("default", "g:daily-digest")));
    EXPECT_FALSE(redis().exists(key("default", "groups")));
    EXPECT_EQ(redis().zcard(key("low", "g:weekly")), 1);  // other queue untouched
}

TEST_F(TaskActionsTest, ArchiveAllArchivesEveryTaskOfAStateWithoutTouchingMsgOrLocks) {
    load("all_states");
    const std::string pending_msg = msg_of("mixed", kPendingId);
    EXPECT_EQ(inspector_.archive_all_pending_tasks("mixed"), 1);
    EXPECT_EQ(inspector_.archive_all_scheduled_tasks("mixed"), 1);
    EXPECT_EQ(inspector_.archive_all_retry_tasks("mixed"), 1);
    EXPECT_EQ(inspector_.archive_all_aggregating_tasks("mixed", "grp"), 1);
    EXPECT_EQ(inspector_.archive_all_pending_tasks("mixed"), 0);
    for (const char* id : {kPendingId, kScheduledId, kRetryId, kAggregatingId, kArchivedId}) {
        EXPECT_EQ(state_of("mixed", id), "archived") << id;
        EXPECT_TRUE(in_zset(key("mixed", "archived"), id)) << id;
    }
    EXPECT_EQ(msg_of("mixed", kPendingId), pending_msg);
    for (const char* container : {"pending", "scheduled", "retry", "g:grp"}) {
        EXPECT_FALSE(redis().exists(key("mixed", container))) << container;
    }
    EXPECT_TRUE(redis().smembers(key("mixed", "groups")).empty());

    load("unique");  // archiving keeps locks
    EXPECT_EQ(inspector_.archive_all_pending_tasks("default"), 3);
    EXPECT_TRUE(redis().exists(key("default", "unique:unique:email:cfeb4906248f18cb94f202711c2a34cf")));
    EXPECT_TRUE(redis().exists(key("default", "unique:unique:nopayload:")));
}

TEST_F(TaskActionsTest, DeleteAllPendingKeepsLocksAsGoDoes) {
    load("unique");
    EXPECT_EQ(inspector_.delete_all_pending_tasks("default"), 3);
    EXPECT_FALSE(redis().exists(key("default", "pending")));
    EXPECT_FALSE(redis().exists(task_key("default", "f1919ecc-930f-44ab-b4a2-5c4d6673700e")));
    EXPECT_TRUE(redis().exists(key("default", "unique:unique:email:cfeb4906248f18cb94f202711c2a34cf")));
    EXPECT_TRUE(redis().exists(key("default", "unique:unique:email:803f86c82e0380ea2ee2c9bc38165716")));
    EXPECT_TRUE(redis().exists(key("default", "unique:unique:nopayload:")));
    EXPECT_EQ(state_of("default", "dd3af257-55c9-4b01-b5ed-2b43fab4adbc"), "scheduled");
    EXPECT_EQ(redis().llen(key("low", "pending")), 1);

    EXPECT_EQ(inspector_.delete_all_scheduled_tasks("default"), 1);  // the zset variant releases locks
    EXPECT_FALSE(redis().exists(key("default", "scheduled")));
    EXPECT_FALSE(redis().exists(key("default", "unique:unique:later:9dd4e461268c8034f5c8564e155c67a6")));
}

TEST_F(TaskActionsTest, DeleteAllOfRetryArchivedAndCompletedReleasesTheirLocks) {
    Client client(server().options());
    const std::vector<std::pair<std::string, std::function<std::int64_t()>>> cases{
        {"retry", [&] { return inspector_.delete_all_retry_tasks("default"); }},
        {"archived", [&] { return inspector_.delete_all_archived_tasks("default"); }},
        {"completed", [&] { return inspector_.delete_all_completed_tasks("default"); }},
    };
    for (const auto& [state, delete_all] : cases) {
        auto held = client.enqueue(Task("t", state), {.unique_ttl = 1h, .process_in = 1h});
        auto plain = client.enqueue(Task("t", state + "-plain"), {.process_in = 1h});
        move("default", held.id, "scheduled", state);
        move("default", plain.id, "scheduled", state);
        const std::string lock = *redis().hget(task_key("default", held.id), "unique_key");
        ASSERT_EQ(redis().get(lock), held.id);

        EXPECT_EQ(delete_all(), 2) << state;
        EXPECT_FALSE(redis().exists(key("default", state))) << state;
        EXPECT_FALSE(redis().exists(task_key("default", held.id))) << state;
        EXPECT_FALSE(redis().exists(task_key("default", plain.id))) << state;
        EXPECT_FALSE(redis().exists(lock)) << state;
    }
    EXPECT_EQ(redis().keys(), Strings{"asynq:queues"});
}

TEST_F(TaskActionsTest, DeleteAllAggregatingTasksKeepsLocksAndDropsTheGroup) {
    load("groups");
    EXPECT_EQ(inspector_.delete_all_aggregating_tasks("default", "daily-digest"), 4);
    EXPECT_FALSE(redis().exists(key("default", "g:daily-digest")));
    EXPECT_FALSE(redis().exists(key("default", "groups")));
    EXPECT_FALSE(redis().exists(task_key("default", "digest-unique")));
    EXPECT_TRUE(redis().exists(key("default", "unique:digest:item:7b774effe4a349c6dd82ad4f4f21d34c")));
    EXPECT_EQ(state_of("low", "2db0834f-029b-4420-912a-a355eef06971"), "aggregating");
    EXPECT_EQ(inspector_.delete_all_aggregating_tasks("default", "daily-digest"), 0);
}

TEST_F(TaskActionsTest, AllVariantsRefuseUnknownQueuesAndBlankNames) {
    load("all_states");
    const std::vector<std::function<void(const std::string&)>> calls{
        [&](const std::string& q) { inspector_.delete_all_pending_tasks(q); },
        [&](const std::string& q) { inspector_.delete_all_scheduled_tasks(q); },
        [&](const std::string& q) { inspector_.delete_all_retry_tasks(q); },
        [&](const std::string& q) { inspector_.delete_all_archived_tasks(q); },
        [&](const std::string& q) { inspector_.delete_all_completed_tasks(q); },
        [&](const std::string& q) { inspector_.delete_all_aggregating_tasks(q, "grp"); },
        [&](const std::string& q) { inspector_.run_all_scheduled_tasks(q); },
        [&](const std::string& q) { inspector_.run_all_retry_tasks(q); },
        [&](const std::string& q) { inspector_.run_all_archived_tasks(q); },
        [&](const std::string& q) { inspector_.run_all_aggregating_tasks(q, "grp"); },
        [&](const std::string& q) { inspector_.archive_all_pending_tasks(q); },
        [&](const std::string& q) { inspector_.archive_all_scheduled_tasks(q); },
        [&](const std::string& q) { inspector_.archive_all_retry_tasks(q); },
        [&](const std::string& q) { inspector_.archive_all_aggregating_tasks(q, "grp"); },
    };
    const auto before = testing::read_dump(redis()).keys.size();
    for (std::size_t i = 0; i < calls.size(); ++i) {
        EXPECT_EQ(error_of<QueueNotFoundError>([&] { calls[i]("unknown"); }), "queue \"unknown\" does not exist") << i;
        EXPECT_EQ(error_of<Error>([&] { calls[i](" "); }), "queue name must contain one or more characters") << i;
    }
    EXPECT_EQ(error_of<Error>([&] { inspector_.run_all_aggregating_tasks("mixed", ""); }),
              "group name must contain one or more characters");
    EXPECT_EQ(testing::read_dump(redis()).keys.size(), before);
    EXPECT_EQ(state_of("mixed", kAggregatingId), "aggregating");
}

// --- delete_queue ---

TEST_F(TaskActionsTest, DeleteQueueWithoutForceRefusesANonEmptyQueue) {
    load("all_states");
    EXPECT_EQ(error_of<QueueNotEmptyError>([&] { inspector_.delete_queue("mixed", false); }),
              "queue \"mixed\" is not empty");
    EXPECT_EQ(redis().smembers("asynq:queues"), std::set<std::string>{"mixed"});
    EXPECT_EQ(redis().keys().size(), 18u);  // nothing touched

    // Completed and aggregating tasks do not make a queue "non-empty" (spec §4.22.13).
    inspector_.delete_all_pending_tasks("mixed");
    inspector_.delete_all_scheduled_tasks("mixed");
    inspector_.delete_all_retry_tasks("mixed");
    inspector_.delete_all_archived_tasks("mixed");
    inspector_.delete_queue("mixed", false);
    EXPECT_TRUE(redis().smembers("asynq:queues").empty());
    EXPECT_EQ(state_of("mixed", kCompletedId), "completed");
    EXPECT_EQ(state_of("mixed", kAggregatingId), "aggregating");
    EXPECT_EQ(error_of<QueueNotFoundError>([&] { inspector_.delete_queue("mixed", false); }),
              "queue \"mixed\" does not exist");
}

TEST_F(TaskActionsTest, DeleteQueueWithForceRemovesTheKeysGoRemovesAndLeavesTheRest) {
    load("all_states");
    redis().command({"SET", key("mixed", "paused"), "1"});
    redis().command({"ZADD", key("mixed", "lease"), "1", "stale"});
    inspector_.delete_queue("mixed", true);
    EXPECT_TRUE(redis().smembers("asynq:queues").empty());
    // What Go leaves (spec §1.4): completed, groups, counters, paused; what it removes: the rest.
    EXPECT_EQ(redis().keys(),
              (Strings{key("mixed", "completed"), key("mixed", "failed"), key("mixed", "failed:2026-11-25"),
                       key("mixed", "g:grp"), key("mixed", "groups"), key("mixed", "paused"), key("mixed", "processed"),
                       key("mixed", "processed:2026-11-25"), task_key("mixed", kCompletedId),
                       task_key("mixed", kAggregatingId)}));
}

TEST_F(TaskActionsTest, DeleteQueueWithForceLeavesUniqueLocks) {
    load("unique");
    inspector_.delete_queue("default", true);
    EXPECT_TRUE(redis().exists(key("default", "unique:unique:email:cfeb4906248f18cb94f202711c2a34cf")));
    EXPECT_TRUE(redis().exists(key("default", "unique:unique:later:9dd4e461268c8034f5c8564e155c67a6")));
    EXPECT_FALSE(redis().exists(task_key("default", "dd3af257-55c9-4b01-b5ed-2b43fab4adbc")));
    EXPECT_EQ(redis().smembers("asynq:queues"), std::set<std::string>{"low"});
}

TEST_F(TaskActionsTest, DeleteQueueWithForceRefusesAQueueWithActiveTasks) {
    load("live_server");
    EXPECT_EQ(error_of<QueueNotEmptyError>([&] { inspector_.delete_queue("default", true); }),
              "cannot remove queue with active tasks");
    EXPECT_EQ(state_of("default", kActiveId), "active");
    EXPECT_EQ(redis().smembers("asynq:queues"), std::set<std::string>{"default"});
    EXPECT_EQ(error_of<Error>([&] { inspector_.delete_queue("", true); }),
              "queue name must contain one or more characters");
}

// --- update_task_payload ---

TEST_F(TaskActionsTest, UpdateTaskPayloadRewritesOnlyThePayloadOfAScheduledGoTask) {
    load("scheduled");
    const std::string id = "13eb91b6-affe-42a2-8d6a-f547ac9aeec3";  // digest:build u-9, unique
    const auto fields = redis().hgetall(task_key("default", id));
    const std::string lock = key("default", "unique:digest:build:ec5edd4e38f69d8f164d9745eb579310");
    const auto lock_value = redis().get(lock);

    inspector_.update_task_payload("default", id, std::string("new\0bytes", 9));

    wire::TaskMessage expected;
    ASSERT_TRUE(expected.ParseFromString(fields.at("msg")));
    expected.set_payload(std::string("new\0bytes", 9));
    wire::TaskMessage stored;
    ASSERT_TRUE(stored.ParseFromString(msg_of("default", id)));
    EXPECT_EQ(stored.SerializeAsString(), expected.SerializeAsString());
    auto after = redis().hgetall(task_key("default", id));
    after.erase("msg");
    auto before = fields;
    before.erase("msg");
    EXPECT_EQ(after, before);                  // state, unique_key kept
    EXPECT_EQ(redis().get(lock), lock_value);  // not recomputed
    EXPECT_TRUE(in_zset(key("default", "scheduled"), id));
}

TEST_F(TaskActionsTest, UpdateTaskPayloadRefusesTasksThatAreNotScheduled) {
    load("all_states");
    for (const char* id : {kPendingId, kRetryId, kArchivedId, kCompletedId, kAggregatingId}) {
        const std::string msg = msg_of("mixed", id);
        EXPECT_EQ(error_of<TaskStateError>([&] { inspector_.update_task_payload("mixed", id, "x"); }),
                  "cannot update task that is not in scheduled state.")
            << id;
        EXPECT_EQ(msg_of("mixed", id), msg) << id;
    }
    EXPECT_EQ(error_of<TaskNotFoundError>([&] { inspector_.update_task_payload("mixed", "nope", "x"); }),
              "cannot find task with id=nope in queue \"mixed\"");
    EXPECT_EQ(error_of<QueueNotFoundError>([&] { inspector_.update_task_payload("nope", kScheduledId, "x"); }),
              "queue \"nope\" does not exist");
}

}  // namespace
}  // namespace asynq
