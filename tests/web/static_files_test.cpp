#include "web/static_files.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/temp_dir.h"

namespace asynq::web {
namespace {

namespace fs = std::filesystem;

void write(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
}

class StaticFilesTest : public ::testing::Test {
protected:
    void SetUp() override {
        write(dist() / "index.html", "<html>app</html>");
        write(dist() / "assets" / "app-1234.js", "console.log(1)");
        write(dist() / "docs" / "index.html", "<html>docs</html>");
        write(outside_.path() / "secret.txt", "secret");
    }
    fs::path dist() const { return root_.path() / "dist"; }

    testing::TempDir root_;
    testing::TempDir outside_;
};

TEST_F(StaticFilesTest, FilesAndIndexes) {
    EXPECT_EQ(resolve_static(dist(), "/"), dist() / "index.html");
    EXPECT_EQ(resolve_static(dist(), "/index.html"), dist() / "index.html");
    EXPECT_EQ(resolve_static(dist(), "/assets/app-1234.js"), dist() / "assets" / "app-1234.js");
    EXPECT_EQ(resolve_static(dist(), "/docs/"), dist() / "docs" / "index.html");
}

TEST_F(StaticFilesTest, AppRoutesFallBackToIndexButMissingAssetsDoNot) {
    EXPECT_EQ(resolve_static(dist(), "/queues/default"), dist() / "index.html");
    EXPECT_EQ(resolve_static(dist(), "/queues/default/tasks/abc"), dist() / "index.html");
    EXPECT_EQ(resolve_static(dist(), "/assets/gone-9999.js"), std::nullopt);
    EXPECT_EQ(resolve_static(dist(), "/favicon.ico"), std::nullopt);
}

TEST_F(StaticFilesTest, NothingOutsideTheRoot) {
    EXPECT_EQ(resolve_static(dist(), "/../dist/index.html"), std::nullopt);
    EXPECT_EQ(resolve_static(dist(), "/assets/../../secret.txt"), std::nullopt);
    fs::create_symlink(outside_.path() / "secret.txt", dist() / "link.txt");
    EXPECT_EQ(resolve_static(dist(), "/link.txt"), std::nullopt);
    EXPECT_EQ(resolve_static(dist(), "relative"), std::nullopt);
}

TEST_F(StaticFilesTest, ContentTypes) {
    EXPECT_EQ(content_type_for("index.html"), "text/html; charset=utf-8");
    EXPECT_EQ(content_type_for("a/app.js"), "text/javascript; charset=utf-8");
    EXPECT_EQ(content_type_for("style.css"), "text/css; charset=utf-8");
    EXPECT_EQ(content_type_for("logo.svg"), "image/svg+xml");
    EXPECT_EQ(content_type_for("font.woff2"), "font/woff2");
    EXPECT_EQ(content_type_for("blob.bin"), "application/octet-stream");
}

TEST_F(StaticFilesTest, NotBuiltPageNamesTheDirectoryEscaped) {
    const auto page = not_built_page("/srv/<web>/dist");
    EXPECT_NE(page.find("/srv/&lt;web&gt;/dist"), std::string::npos) << page;
    EXPECT_NE(page.find("/api/queues"), std::string::npos);
}

}  // namespace
}  // namespace asynq::web
