#pragma once

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>

// Helpers for tests that start shell commands and check what became of their processes.
namespace asynq::testing {

/// A fresh directory under the system's temporary one, removed with everything in it at the end of the scope.
class TempDir {
public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "asynq-cli-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    /// path()/name as a string, for building shell commands.
    std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
    std::filesystem::path path_;
};

/// The first line of a file once it is complete (ends with a newline); unset while the file is missing or
/// still being written.
inline std::optional<std::string> complete_first_line(const std::string& path) {
    std::ifstream in(path);
    if (!in) return std::nullopt;
    std::stringstream content;
    content << in.rdbuf();
    const std::string text = content.str();
    const auto newline = text.find('\n');
    if (newline == std::string::npos) return std::nullopt;
    return text.substr(0, newline);
}

/// True once the process is gone, or is a zombie (killed, waiting for whoever inherited it to reap it).
inline bool process_is_dead(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat;
    if (!in || !std::getline(in, stat)) return true;
    const auto comm_end = stat.rfind(')');
    if (comm_end == std::string::npos || comm_end + 2 >= stat.size()) return true;
    const char state = stat[comm_end + 2];
    return state == 'Z' || state == 'X';
}

/// "PATH=<this process's PATH>", so that commands given a minimal environment still find their tools.
inline std::string path_variable() {
    const char* path = ::getenv("PATH");
    return std::string("PATH=") + (path != nullptr ? path : "/usr/bin:/bin");
}

}  // namespace asynq::testing
