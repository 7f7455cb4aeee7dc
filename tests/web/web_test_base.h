#pragma once

// An in-process WebServer on a kernel-picked loopback port over the test Redis, and a cpp-httplib client for it.

#include <gtest/gtest.h>
#include <httplib.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "support/test_redis.h"
#include "web/web_server.h"

namespace asynq::testing {

using Json = nlohmann::json;

class WebTest : public RedisTest {
protected:
    void SetUp() override {
        RedisTest::SetUp();
        start_web({});
    }
    void TearDown() override { web_.reset(); }

    /// (Re)starts the server with these options (host and port are forced to 127.0.0.1 and a free port).
    void start_web(web::WebOptions options) {
        web_.reset();
        options.host = "127.0.0.1";
        options.port = 0;
        web_ = std::make_unique<web::WebServer>(server().options(), std::move(options));
        web_->start();
    }
    int port() const { return web_->port(); }
    web::WebServer& web() { return *web_; }

    httplib::Client client() const {
        httplib::Client http("127.0.0.1", web_->port());
        http.set_read_timeout(30, 0);
        return http;
    }

    /// The headers a same-origin browser page sends with a mutation.
    httplib::Headers mutation_headers() const {
        return {{"X-Asynq-Csrf", "1"}, {"Origin", "http://127.0.0.1:" + std::to_string(web_->port())}};
    }

    httplib::Result get(const std::string& path, const httplib::Headers& headers = {}) {
        return client().Get(path.c_str(), headers);
    }
    httplib::Result post(const std::string& path, const std::string& body = "",
                         std::optional<httplib::Headers> headers = std::nullopt) {
        return client().Post(path.c_str(), headers ? *headers : mutation_headers(), body, "application/json");
    }
    httplib::Result del(const std::string& path, std::optional<httplib::Headers> headers = std::nullopt) {
        return client().Delete(path.c_str(), headers ? *headers : mutation_headers());
    }

    /// The body of an answer with this status, parsed; a failure names the path and shows the body.
    static Json json_of(const httplib::Result& result, int status, const std::string& what) {
        if (!result) {
            ADD_FAILURE() << what << ": no answer (" << httplib::to_string(result.error()) << ")";
            return Json();
        }
        EXPECT_EQ(result->status, status) << what << ": " << result->body;
        EXPECT_EQ(result->get_header_value("Content-Type"), "application/json") << what;
        return Json::parse(result->body, nullptr, /*allow_exceptions=*/false);
    }
    Json get_json(const std::string& path, int status = 200) { return json_of(get(path), status, "GET " + path); }
    Json post_json(const std::string& path, const std::string& body = "", int status = 200) {
        return json_of(post(path, body), status, "POST " + path);
    }
    Json delete_json(const std::string& path, int status = 200) { return json_of(del(path), status, "DELETE " + path); }

    /// Checks an error answer: status, code and a non-empty message.
    static void expect_error(const Json& body, const std::string& code) {
        ASSERT_TRUE(body.is_object()) << body;
        ASSERT_TRUE(body.contains("error")) << body;
        EXPECT_EQ(body["error"]["code"], code) << body;
        EXPECT_FALSE(body["error"]["message"].get<std::string>().empty()) << body;
    }

private:
    std::unique_ptr<web::WebServer> web_;
};

}  // namespace asynq::testing
