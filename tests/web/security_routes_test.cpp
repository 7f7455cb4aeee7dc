// Authentication, read-only mode and the CSRF check in front of the routes.
#include <gtest/gtest.h>

#include "asynq/errors.h"
#include "asynq/inspector.h"
#include "support/fixture_now.h"
#include "util/text.h"
#include "web_test_base.h"

namespace asynq::testing {
namespace {

class SecurityRoutesTest : public WebTest {
protected:
    void SetUp() override {
        WebTest::SetUp();
        write_dump(redis(), fixture_now("all_states"));
    }
    static web::AuthConfig token(const std::string& value) {
        return web::AuthConfig{web::AuthConfig::Kind::kToken, value, "", ""};
    }
    static int status_of(const httplib::Result& result) { return result ? result->status : -1; }
};

TEST_F(SecurityRoutesTest, TokenIsRequiredOnTheApiAndMetrics) {
    web::WebOptions options;
    options.auth = token("s3cret");
    start_web(options);
    for (const char* path : {"/api/queues", "/api/config", "/api/nope", "/metrics"}) {
        const auto none = get(path);
        expect_error(json_of(none, 401, path), "unauthenticated");
        EXPECT_EQ(none->get_header_value("WWW-Authenticate"), R"(Bearer realm="asynq")");
        expect_error(json_of(get(path, {{"Authorization", "Bearer wrong"}}), 401, path), "unauthenticated");
    }
    EXPECT_EQ(status_of(get("/api/queues", {{"Authorization", "Bearer s3cret"}})), 200);
    EXPECT_EQ(status_of(get("/metrics", {{"Authorization", "Bearer s3cret"}})), 200);
    // Mutations too, before any other check.
    expect_error(post_json("/api/queues/mixed:pause", "", 401), "unauthenticated");
    auto headers = mutation_headers();
    headers.emplace("Authorization", "Bearer s3cret");
    EXPECT_EQ(status_of(post("/api/queues/mixed:pause", "", headers)), 200);
    // The page itself is public: it asks for the token.
    EXPECT_EQ(status_of(get("/")), 200);
}

TEST_F(SecurityRoutesTest, BasicAuthAndPublicMetrics) {
    web::WebOptions options;
    options.auth = web::AuthConfig{web::AuthConfig::Kind::kBasic, "", "admin", "pw"};
    options.metrics_public = true;
    start_web(options);
    const auto none = get("/api/queues");
    expect_error(json_of(none, 401, "no credentials"), "unauthenticated");
    EXPECT_EQ(none->get_header_value("WWW-Authenticate").rfind("Basic ", 0), 0u);
    expect_error(json_of(get("/api/queues", {{"Authorization", "Basic " + util::base64_encode("admin:no")}}), 401,
                         "wrong password"),
                 "unauthenticated");
    EXPECT_EQ(status_of(get("/api/queues", {{"Authorization", "Basic " + util::base64_encode("admin:pw")}})), 200);
    EXPECT_EQ(status_of(get("/metrics")), 200);  // --metrics-public
}

TEST_F(SecurityRoutesTest, ReadOnlyRefusesEveryMutationAndStillReads) {
    web::WebOptions options;
    options.read_only = true;
    start_web(options);
    const std::string id = get_json("/api/queues/mixed/pending_tasks")["tasks"][0]["id"];
    for (const std::string& path : std::vector<std::string>{
             "/api/queues/mixed:pause", "/api/queues/mixed:resume",
             "/api/queues/mixed/pending_tasks/" + id + ":archive", "/api/queues/mixed/retry_tasks/x:run",
             "/api/queues/mixed/active_tasks/x:cancel", "/api/queues/mixed/pending_tasks:delete_all",
             "/api/queues/mixed/retry_tasks:run_all", "/api/queues/mixed/pending_tasks:archive_all",
             "/api/queues/mixed/active_tasks:cancel_all", "/api/queues/mixed/groups/grp/aggregating_tasks:delete_all",
             "/api/queues/mixed/pending_tasks:batch_delete"}) {
        expect_error(json_of(post(path, R"({"task_ids": ["x"]})"), 403, path), "read_only");
    }
    for (const std::string& path : std::vector<std::string>{"/api/queues/mixed", "/api/queues/mixed?force=true",
                                                            "/api/queues/mixed/pending_tasks/" + id}) {
        expect_error(json_of(del(path), 403, path), "read_only");
    }
    Inspector inspector(server().options());
    EXPECT_FALSE(inspector.is_queue_paused("mixed"));
    EXPECT_EQ(inspector.get_queue_info("mixed").size, 6);
    for (const char* path : {"/api/queues", "/api/queues/mixed", "/api/queues/mixed/pending_tasks", "/api/servers",
                             "/api/scheduler_entries", "/api/queue_stats", "/api/config"}) {
        EXPECT_EQ(status_of(get(path)), 200) << path;
    }
    EXPECT_EQ(get_json("/api/config")["read_only"], true);
}

TEST_F(SecurityRoutesTest, MutationsNeedTheCsrfHeaderAndTheSameOrigin) {
    Inspector inspector(server().options());
    expect_error(json_of(post("/api/queues/mixed:pause", "", httplib::Headers{}), 403, "no header"), "csrf");
    expect_error(json_of(del("/api/queues/mixed?force=true", httplib::Headers{}), 403, "no header"), "csrf");
    expect_error(json_of(post("/api/queues/mixed:pause", "",
                              httplib::Headers{{"X-Asynq-Csrf", "1"}, {"Origin", "http://evil.example"}}),
                         403, "foreign origin"),
                 "csrf");
    EXPECT_FALSE(inspector.is_queue_paused("mixed"));
    // Same origin, and no Origin at all (curl, scripts): allowed.
    EXPECT_EQ(status_of(post("/api/queues/mixed:pause")), 200);
    EXPECT_EQ(status_of(post("/api/queues/mixed:resume", "", httplib::Headers{{"X-Asynq-Csrf", "1"}})), 200);
    // Reads need neither.
    EXPECT_EQ(status_of(get("/api/queues", {{"Origin", "http://evil.example"}})), 200);
}

TEST(WebServerOptionsTest, NonLoopbackWithoutAuthIsRefused) {
    web::WebOptions options;
    options.host = "0.0.0.0";
    try {
        web::WebServer refused(RedisOptions{}, options);
        FAIL() << "expected a refusal";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
        EXPECT_NE(std::string(e.what()).find("without authentication"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace asynq::testing
