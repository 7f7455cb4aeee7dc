#include "web/static_files.h"

#include <httplib.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <system_error>

#include "web/api_error.h"
#include "web/routes.h"

namespace asynq::web {
namespace {

namespace fs = std::filesystem;

bool is_file(const fs::path& path) {
    std::error_code error;
    return fs::is_regular_file(path, error);
}

// Whether `path` (made canonical, symlinks followed) lies inside `root`.
bool inside(const fs::path& root, const fs::path& path) {
    std::error_code error;
    const fs::path real_root = fs::canonical(root, error);
    if (error) return false;
    const fs::path real = fs::canonical(path, error);
    if (error) return false;
    const auto [root_end, ignored] = std::mismatch(real_root.begin(), real_root.end(), real.begin(), real.end());
    return root_end == real_root.end();
}

std::string html_escape(const std::string& text) {
    std::string out;
    for (const char c : text) {
        switch (c) {
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '&':
                out += "&amp;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

bool is_reserved(std::string_view path) { return path.rfind("/api/", 0) == 0 || path == "/api" || path == "/metrics"; }

}  // namespace

std::string content_type_for(const fs::path& file) {
    static const std::map<std::string, std::string> kTypes = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json"},
        {".map", "application/json"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"},
        {".gif", "image/gif"},
        {".webp", "image/webp"},
        {".ico", "image/x-icon"},
        {".woff", "font/woff"},
        {".woff2", "font/woff2"},
        {".ttf", "font/ttf"},
        {".txt", "text/plain; charset=utf-8"},
        {".wasm", "application/wasm"},
    };
    const auto found = kTypes.find(file.extension().string());
    return found == kTypes.end() ? "application/octet-stream" : found->second;
}

std::optional<fs::path> resolve_static(const fs::path& root, std::string_view path) {
    if (path.empty() || path.front() != '/') return std::nullopt;
    const fs::path relative = fs::path(path.substr(1)).lexically_normal();
    for (const auto& part : relative) {
        if (part == "..") return std::nullopt;
    }
    fs::path candidate = root / relative;
    if (path.back() == '/' || relative.empty() || relative == ".") candidate = root / relative / "index.html";
    if (is_file(candidate)) {
        if (!inside(root, candidate)) return std::nullopt;
        return candidate;
    }
    const std::string last = fs::path(path).filename().string();
    if (last.find('.') != std::string::npos) return std::nullopt;  // a missing asset, not an app route
    const fs::path index = root / "index.html";
    if (is_file(index) && inside(root, index)) return index;
    return std::nullopt;
}

std::string not_built_page(const fs::path& root) {
    return "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>asynq web</title></head><body>\n"
           "<h1>asynq web</h1>\n<p>The dashboard's front end is not built: <code>" +
           html_escape(root.string()) +
           "</code> has no <code>index.html</code>. Build it (see docs/web_api.md), or point <code>--static-dir</code> "
           "or <code>ASYNQ_WEB_DIR</code> at a built copy.</p>\n"
           "<p>The JSON API works regardless: try <a href=\"/api/queues\">/api/queues</a> and "
           "<a href=\"/metrics\">/metrics</a>.</p>\n</body></html>\n";
}

void add_static_routes(httplib::Server& server, ApiContext& context) {
    server.Get(".*", [&context](const httplib::Request& request, httplib::Response& response) {
        if (is_reserved(request.path)) throw not_found("no route for GET " + request.path);
        const fs::path& root = context.options.static_dir;
        const bool built = !root.empty() && is_file(root / "index.html");
        if (!built) {
            const std::string last = fs::path(request.path).filename().string();
            if (last.find('.') != std::string::npos) throw not_found("no file " + request.path);
            response.set_content(not_built_page(root), "text/html; charset=utf-8");
            return;
        }
        const auto file = resolve_static(root, request.path);
        if (!file) throw not_found("no file " + request.path);
        std::ifstream in(*file, std::ios::binary);
        std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (!in.good() && !in.eof()) throw std::runtime_error("cannot read " + file->string());
        // index.html names the hashed asset files of the current build: never serve a stale one from a cache.
        if (file->filename() == "index.html") response.set_header("Cache-Control", "no-cache");
        response.set_content(body, content_type_for(*file));
    });
}

}  // namespace asynq::web
