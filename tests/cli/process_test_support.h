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

#include "support/temp_dir.h"

// Helpers for tests that start shell commands and check what became of their processes.
namespace asynq::testing {

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
