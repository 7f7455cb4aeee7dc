// Server heartbeat state (spec §5.1) and cancellation over pub/sub (spec §4.21).
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "broker/processing_test_base.h"
#include "redis/errors.h"
#include "support/eventually.h"

namespace asynq::broker {
namespace {

using namespace std::chrono_literals;
using testing::eventually;

constexpr const char* kServerKey = "asynq:servers:{web-1:4242:8b3f2c1e-5d4a-4f7e-9c2b-0a1b2c3d4e5f}";
constexpr const char* kWorkersKey = "asynq:workers:{web-1:4242:8b3f2c1e-5d4a-4f7e-9c2b-0a1b2c3d4e5f}";

// Unblocks a reader thread however the test ends, so its join cannot hang.
struct InterruptOnExit {
    redis::Connection& connection;
    ~InterruptOnExit() { connection.interrupt(); }
};

class ServerStateTest : public ProcessingTest {
protected:
    static google::protobuf::Timestamp timestamp(std::int64_t seconds, int nanos = 0) {
        google::protobuf::Timestamp t;
        t.set_seconds(seconds);
        t.set_nanos(nanos);
        return t;
    }

    ServerState state(int worker_count) {
        ServerState s;
        s.info.set_host("web-1");
        s.info.set_pid(4242);
        s.info.set_server_id("8b3f2c1e-5d4a-4f7e-9c2b-0a1b2c3d4e5f");
        s.info.set_concurrency(8);
        (*s.info.mutable_queues())["default"] = 2;
        (*s.info.mutable_queues())["low"] = 1;
        s.info.set_status("active");
        *s.info.mutable_start_time() = timestamp(kStartUnixS - 100, 250);
        s.info.set_active_worker_count(worker_count);
        for (int i = 0; i < worker_count; ++i) {
            wire::WorkerInfo w;
            w.set_host("web-1");
            w.set_pid(4242);
            w.set_server_id(s.info.server_id());
            w.set_task_id("task-" + std::to_string(i));
            w.set_task_type("email:send");
            w.set_task_payload(std::string("\x00\x01", 2));
            w.set_queue("default");
            *w.mutable_start_time() = timestamp(kStartUnixS - 5);
            *w.mutable_deadline() = timestamp(kStartUnixS + 1795);
            s.workers.push_back(w);
        }
        return s;
    }

    // Field by field: map entries (ServerInfo.queues) have no fixed byte order.
    static bool same(const google::protobuf::Message& a, const google::protobuf::Message& b) {
        return google::protobuf::util::MessageDifferencer::Equals(a, b);
    }
};

TEST(ServerKeys, CarryTheHostPidServerIdTag) {
    EXPECT_EQ(keys::server_info_key("web-1", 4242, "8b3f2c1e-5d4a-4f7e-9c2b-0a1b2c3d4e5f"), kServerKey);
    EXPECT_EQ(keys::workers_key("web-1", 4242, "8b3f2c1e-5d4a-4f7e-9c2b-0a1b2c3d4e5f"), kWorkersKey);
}

TEST_F(ServerStateTest, WritesServerInfoAndWorkersWithTtl) {
    auto s = state(2);
    broker().write_server_state(s);

    EXPECT_EQ(redis().zrange_withscores("asynq:servers"),
              (std::vector<std::pair<std::string, double>>{{kServerKey, kStartUnixS + 10}}));
    EXPECT_EQ(redis().zrange_withscores("asynq:workers"),
              (std::vector<std::pair<std::string, double>>{{kWorkersKey, kStartUnixS + 10}}));

    wire::ServerInfo info;
    ASSERT_TRUE(info.ParseFromString(redis().get(kServerKey).value_or("")));
    EXPECT_TRUE(same(info, s.info)) << info.DebugString();
    EXPECT_EQ(info.queues().at("default"), 2);
    for (const char* key : {kServerKey, kWorkersKey}) {
        EXPECT_LE(redis().pttl(key), 10'000) << key;
        EXPECT_GT(redis().pttl(key), 9'000) << key;
    }
    auto workers = redis().hgetall(kWorkersKey);
    ASSERT_EQ(workers.size(), 2u);
    for (const auto& expected : s.workers) {
        wire::WorkerInfo w;
        ASSERT_TRUE(w.ParseFromString(workers[expected.task_id()]));
        EXPECT_TRUE(same(w, expected)) << w.DebugString();
        EXPECT_EQ(w.server_id(), info.server_id());
    }
}

TEST_F(ServerStateTest, TtlAndScoresFollowTheGivenTtl) {
    auto s = state(1);
    s.ttl = 30s;
    broker().write_server_state(s);
    EXPECT_EQ(score("asynq:servers", kServerKey), kStartUnixS + 30);
    EXPECT_GT(redis().pttl(kServerKey), 20'000);
    EXPECT_GT(redis().pttl(kWorkersKey), 20'000);
}

TEST_F(ServerStateTest, NoWorkersMeansNoWorkersHash) {
    broker().write_server_state(state(0));
    EXPECT_TRUE(redis().exists(kServerKey));
    EXPECT_FALSE(redis().exists(kWorkersKey));
    EXPECT_EQ(zmembers("asynq:workers"), Strings{kWorkersKey});  // the zset member is written anyway, as Go
}

TEST_F(ServerStateTest, EachHeartbeatReplacesTheWorkerList) {
    broker().write_server_state(state(3));
    clock().advance(5s);
    auto s = state(1);
    broker().write_server_state(s);
    auto workers = redis().hgetall(kWorkersKey);
    ASSERT_EQ(workers.size(), 1u);
    EXPECT_TRUE(workers.count("task-0"));
    EXPECT_EQ(score("asynq:servers", kServerKey), kStartUnixS + 5 + 10);
    broker().write_server_state(state(0));
    EXPECT_FALSE(redis().exists(kWorkersKey));
}

TEST_F(ServerStateTest, ClearServerStateRemovesKeysAndMembers) {
    broker().write_server_state(state(2));
    redis().command({"ZADD", "asynq:servers", "1", "asynq:servers:{other:1:x}"});
    broker().clear_server_state("web-1", 4242, "8b3f2c1e-5d4a-4f7e-9c2b-0a1b2c3d4e5f");
    EXPECT_FALSE(redis().exists(kServerKey));
    EXPECT_FALSE(redis().exists(kWorkersKey));
    EXPECT_EQ(zmembers("asynq:servers"), Strings{"asynq:servers:{other:1:x}"});
    EXPECT_FALSE(redis().exists("asynq:workers"));
}

TEST_F(ServerStateTest, CancelMessagesReachASubscriber) {
    auto connection = broker().executor().open_dedicated(std::string(keys::kCancelChannel), 0ms);
    broker().subscribe_cancel(*connection);  // returns once Redis confirmed the subscription
    // Messages of another channel on the same connection must be skipped.
    ASSERT_TRUE(connection->run(redis::Command::keyless({"SUBSCRIBE", "some-other-channel"})).is_array());

    std::mutex mu;
    std::vector<std::string> received;  // guarded by mu
    std::atomic<bool> stopped = false;
    std::atomic<bool> unexpected_error = false;
    std::jthread subscriber([&] {
        try {
            while (true) {
                auto id = broker().read_cancel(*connection);
                std::lock_guard lock(mu);
                received.push_back(id.value_or("<none>"));
            }
        } catch (const redis::IoError&) {
            stopped = true;  // interrupt() ends the loop
        } catch (...) {
            unexpected_error = true;
            stopped = true;
        }
    });
    InterruptOnExit interrupt_on_exit{*connection};  // destroyed before the thread is joined
    auto received_now = [&] {
        std::lock_guard lock(mu);
        return received;
    };

    broker().publish_cancel("task-1");
    broker().publish_cancel("task-2");
    redis().command({"PUBLISH", "some-other-channel", "ignored"});
    broker().publish_cancel("task-3");
    ASSERT_TRUE(eventually([&] { return received_now().size() >= 3; })) << received_now().size();
    EXPECT_EQ(received_now(), (Strings{"task-1", "task-2", "task-3"}));

    EXPECT_FALSE(stopped);
    connection->interrupt();
    EXPECT_TRUE(eventually([&] { return stopped.load(); }));
    EXPECT_FALSE(unexpected_error);
}

TEST_F(ServerStateTest, PublishWithoutSubscribersIsFine) { EXPECT_NO_THROW(broker().publish_cancel("nobody")); }

}  // namespace
}  // namespace asynq::broker
