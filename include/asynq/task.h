#pragma once

#include <map>
#include <string>
#include <string_view>

namespace asynq {

/// Free-form metadata carried with a task (TaskMessage.headers, Go asynq v0.26+).
using Headers = std::map<std::string, std::string>;

/// A unit of work: a type name that selects the handler, an opaque payload and optional headers.
///
/// Go asynq tells a nil payload from an empty one, and so do we: Task("t") has *no* payload, Task("t", "")
/// has an empty one. The difference only shows in the unique-lock key (spec §1.3): no payload gives
/// `...:unique:t:`, an empty payload `...:unique:t:d41d8cd98f00b204e9800998ecf8427e`, exactly as in Go.
class Task {
public:
    /// A task without payload.
    explicit Task(std::string type) : type_(std::move(type)) {}
    /// A task with a payload (any bytes; may be empty) and optional headers.
    Task(std::string type, std::string payload, Headers headers = {})
        : type_(std::move(type)), payload_(std::move(payload)), has_payload_(true), headers_(std::move(headers)) {}
    /// A task without payload but with headers.
    static Task without_payload(std::string type, Headers headers) {
        Task task(std::move(type));
        task.headers_ = std::move(headers);
        return task;
    }

    /// The type name that selects the handler.
    const std::string& type() const noexcept { return type_; }
    /// The payload bytes; empty when there is none (see has_payload()).
    const std::string& payload() const noexcept { return payload_; }
    /// False for Task(type) and without_payload(): Go's nil payload.
    bool has_payload() const noexcept { return has_payload_; }
    const Headers& headers() const noexcept { return headers_; }

private:
    std::string type_;
    std::string payload_;
    bool has_payload_ = false;
    Headers headers_;
};

}  // namespace asynq
