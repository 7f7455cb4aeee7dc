// The front end's files through the server: files, the SPA fallback, and the page when nothing is built.
#include <gtest/gtest.h>

#include <fstream>

#include "support/temp_dir.h"
#include "web_test_base.h"

namespace asynq::testing {
namespace {

using StaticRoutesTest = WebTest;

TEST_F(StaticRoutesTest, ServesFilesAndFallsBackToIndexForAppRoutes) {
    TempDir dist;
    std::ofstream(dist.file("index.html")) << "<html>dashboard</html>";
    std::filesystem::create_directory(dist.path() / "assets");
    std::ofstream(dist.file("assets/app-1a2b.js")) << "console.log('app')";
    web::WebOptions options;
    options.static_dir = dist.path();
    start_web(options);

    for (const char* path : {"/", "/index.html", "/queues/default", "/queues/default/tasks/abc"}) {
        const auto result = get(path);
        ASSERT_TRUE(result) << path;
        EXPECT_EQ(result->status, 200) << path;
        EXPECT_EQ(result->body, "<html>dashboard</html>") << path;
        EXPECT_EQ(result->get_header_value("Content-Type"), "text/html; charset=utf-8") << path;
    }
    const auto script = get("/assets/app-1a2b.js");
    ASSERT_TRUE(script);
    EXPECT_EQ(script->status, 200);
    EXPECT_EQ(script->body, "console.log('app')");
    EXPECT_EQ(script->get_header_value("Content-Type"), "text/javascript; charset=utf-8");

    expect_error(get_json("/assets/gone-0000.js", 404), "not_found");
    expect_error(get_json("/api/unknown", 404), "not_found");  // API paths never fall back to the page
    expect_error(get_json("/../../etc/passwd", 404), "not_found");
}

TEST_F(StaticRoutesTest, WithoutABuiltFrontEndTheRootSaysSoAndTheApiWorks) {
    TempDir empty;
    web::WebOptions options;
    options.static_dir = empty.path() / "dist";
    start_web(options);
    const auto page = get("/");
    ASSERT_TRUE(page);
    EXPECT_EQ(page->status, 200);
    EXPECT_NE(page->body.find("not built"), std::string::npos) << page->body;
    EXPECT_EQ(get_json("/api/queues"), Json::parse(R"({"queues": []})"));
}

}  // namespace
}  // namespace asynq::testing
