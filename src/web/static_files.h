#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

// The built front end (web/dist): files as they are, and index.html for the app's own routes (the single-page
// app draws /queues/default itself), so a reload on any page works.
namespace asynq::web {

/// The Content-Type for a file name's extension (html, js, css, json, svg, png, ico, woff2...);
/// application/octet-stream when unknown.
std::string content_type_for(const std::filesystem::path& file);

/// What a GET of `path` (URL-decoded, starting with `/`) serves from `root`:
/// - a regular file under root (`/` and paths ending in `/` mean their index.html);
/// - root/index.html for a path whose last segment has no dot (an app route);
/// - nothing (404) for a missing file with an extension, or a path that leaves root (`..`, symlinks out).
std::optional<std::filesystem::path> resolve_static(const std::filesystem::path& root, std::string_view path);

/// The page `/` shows when the front end is not built: says so and how to build it; the API works regardless.
std::string not_built_page(const std::filesystem::path& root);

}  // namespace asynq::web
