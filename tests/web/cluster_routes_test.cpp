// /api/config, /api/servers, /api/scheduler_entries (and their events), /api/redis_info; Redis down -> 503.
#include <gtest/gtest.h>

#include "asynq/version.h"
#include "support/eventually.h"
#include "support/fixture_now.h"
#include "web_test_base.h"

namespace asynq::testing {
namespace {

using ClusterRoutesTest = WebTest;

TEST_F(ClusterRoutesTest, ConfigTellsVersionModeAuthAndRedis) {
    EXPECT_EQ(get_json("/api/config"), Json({{"version", kVersion},
                                             {"read_only", false},
                                             {"auth", "none"},
                                             {"redis", "127.0.0.1:" + std::to_string(server().port())}}));
    web::WebOptions options;
    options.read_only = true;
    options.auth = web::AuthConfig{web::AuthConfig::Kind::kToken, "t", "", ""};
    start_web(options);
    const auto body = json_of(get("/api/config", {{"Authorization", "Bearer t"}}), 200, "config");
    EXPECT_EQ(body["read_only"], true);
    EXPECT_EQ(body["auth"], "token");
}

TEST_F(ClusterRoutesTest, ServersWithActiveWorkersFromGoFixture) {
    EXPECT_EQ(get_json("/api/servers"), Json::parse(R"({"servers": []})"));
    write_dump(redis(), fixture_now("live_server"));
    const auto body = get_json("/api/servers");
    ASSERT_EQ(body["servers"].size(), 1u) << body;
    const auto& s = body["servers"][0];
    EXPECT_EQ(s["id"], "8ba483ab-a08c-4e68-ad4c-77cc4bcafdd8");
    EXPECT_EQ(s["host"], "vm");
    EXPECT_EQ(s["pid"], 6277);
    EXPECT_EQ(s["concurrency"], 4);
    EXPECT_EQ(s["queues"], Json::parse(R"({"default": 2, "low": 1})"));
    EXPECT_EQ(s["strict_priority"], false);
    EXPECT_EQ(s["status"], "active");
    EXPECT_TRUE(s["started"].is_string());
    ASSERT_EQ(s["active_workers"].size(), 2u);
    const auto& w = s["active_workers"][1];
    EXPECT_EQ(w["task_id"], "80a5fba3-0cdc-4bd3-9f99-482ef010d258");
    EXPECT_EQ(w["task_type"], "slow:job");
    EXPECT_EQ(w["task_payload"], "slow-2");
    EXPECT_EQ(w["queue"], "default");
    EXPECT_TRUE(w["started"].is_string());
    EXPECT_TRUE(w["deadline"].is_string());
}

TEST_F(ClusterRoutesTest, SchedulerEntriesAndTheirEnqueueEvents) {
    EXPECT_EQ(get_json("/api/scheduler_entries"), Json::parse(R"({"entries": []})"));
    write_dump(redis(), fixture_now("scheduler"));
    const auto body = get_json("/api/scheduler_entries");
    ASSERT_EQ(body["entries"].size(), 2u) << body;
    std::map<std::string, Json> by_type;
    for (const auto& e : body["entries"]) by_type[e["task_type"]] = e;
    const auto& cron = by_type.at("cron:minutely");
    EXPECT_EQ(cron["spec"], "* * * * *");
    EXPECT_EQ(cron["task_payload"], R"({"k":1})");
    EXPECT_EQ(cron["options"], Json::parse(R"j(["Queue(\"critical\")", "MaxRetry(2)"])j"));
    EXPECT_TRUE(cron["next_enqueue"].is_string());
    EXPECT_TRUE(cron["prev_enqueue"].is_string());
    EXPECT_EQ(by_type.at("every:20s")["spec"], "@every 20s");

    const auto events = get_json("/api/scheduler_entries/" + cron["id"].get<std::string>() + "/enqueue_events");
    ASSERT_EQ(events["events"].size(), 1u) << events;  // fired once
    EXPECT_TRUE(events["events"][0]["task_id"].is_string());
    EXPECT_TRUE(events["events"][0]["enqueued_at"].is_string());
    EXPECT_EQ(events["page"], 1);
    const auto every = by_type.at("every:20s")["id"].get<std::string>();
    EXPECT_EQ(get_json("/api/scheduler_entries/" + every + "/enqueue_events")["events"].size(), 2u);
    EXPECT_EQ(get_json("/api/scheduler_entries/" + every + "/enqueue_events?page_size=1&page=2")["events"].size(), 1u);
    EXPECT_EQ(get_json("/api/scheduler_entries/nope/enqueue_events")["events"], Json::array());
}

TEST_F(ClusterRoutesTest, RedisInfoHasEveryInfoField) {
    const auto body = get_json("/api/redis_info");
    EXPECT_EQ(body["address"], "127.0.0.1:" + std::to_string(server().port()));
    const auto& info = body["info"];
    EXPECT_EQ(info["tcp_port"], std::to_string(server().port()));
    EXPECT_EQ(info["redis_version"].get<std::string>().substr(0, 2), "7.");
    for (const char* key : {"uptime_in_days", "connected_clients", "used_memory_human", "used_memory_peak_human"}) {
        EXPECT_TRUE(info.contains(key) && info[key].is_string()) << key;
    }
    server().stop();
    expect_error(get_json("/api/redis_info", 503), "unavailable");
    server().restart();
}

// A Redis that refuses the credentials is the server's configuration fault: 503, never the client's 400.
TEST_F(ClusterRoutesTest, RedisRefusingTheCredentialsIsUnavailableNotABadRequest) {
    auto refusing = server().options();
    refusing.password = "wrong";  // the test Redis has none: AUTH fails
    web::WebOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    web::WebServer web_server(refusing, options);
    web_server.start();
    httplib::Client http("127.0.0.1", web_server.port());
    for (const char* path : {"/api/queues", "/metrics"}) {
        const auto result = http.Get(path);
        ASSERT_TRUE(result) << path;
        EXPECT_EQ(result->status, 503) << path << ": " << result->body;
        EXPECT_NE(result->body.find(R"("code":"unavailable")"), std::string::npos) << result->body;
    }
    web_server.stop();
}

TEST_F(ClusterRoutesTest, UnknownRoutesAreJsonNotFound) {
    expect_error(get_json("/api/nope", 404), "not_found");
    expect_error(get_json("/api/queues/a/b/c/d", 404), "not_found");
    expect_error(json_of(post("/api/nope"), 404, "POST /api/nope"), "not_found");
}

TEST_F(ClusterRoutesTest, RedisDownIsUnavailableAndTheServerRecovers) {
    write_dump(redis(), fixture_now("all_states"));
    server().stop();
    for (const char* path :
         {"/api/queues", "/api/queues/mixed", "/api/servers", "/api/queues/mixed/pending_tasks", "/metrics"}) {
        expect_error(json_of(get(path), 503, path), "unavailable");
    }
    expect_error(post_json("/api/queues/mixed:pause", "", 503), "unavailable");
    EXPECT_EQ(get_json("/api/config")["auth"], "none");  // needs no Redis
    server().restart();
    EXPECT_TRUE(eventually([&] {
        auto result = get("/api/queues");
        return result && result->status == 200;
    }));
}

}  // namespace
}  // namespace asynq::testing
