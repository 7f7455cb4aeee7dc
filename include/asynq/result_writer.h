#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace asynq {

/// Writes a task's result into Redis (hash field `result`), where Inspector and Go's UI show it while the task
/// is retained (EnqueueOptions::retention). Given to handlers through TaskContext.
class ResultWriter {
public:
    using WriteFunction = std::function<std::size_t(std::string_view)>;

    ResultWriter(std::string task_id, WriteFunction write) : task_id_(std::move(task_id)), write_(std::move(write)) {}

    /// Stores data as the result (replacing an earlier one). Returns the bytes written.
    /// Throws Error(kFailedPrecondition) once the attempt has ended (deadline, cancel, shutdown), as Go refuses
    /// with "failed to write task result: <reason>", and Error(kUnavailable) if Redis cannot be reached.
    std::size_t write(std::string_view data) { return write_(data); }

    const std::string& task_id() const noexcept { return task_id_; }

private:
    std::string task_id_;
    WriteFunction write_;
};

}  // namespace asynq
