#pragma once

#include <exception>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace httplib {
struct Response;
}

// The one place where failures become HTTP answers: every error body is {"error": {"code", "message"}} with the
// status of docs/web_api.md's table.
namespace asynq::web {

/// A refusal decided by the web layer itself (a bad parameter, an unknown route, a missing credential).
class ApiError : public std::runtime_error {
public:
    ApiError(int status, std::string code, const std::string& message)
        : std::runtime_error(message), status_(status), code_(std::move(code)) {}
    int status() const noexcept { return status_; }
    const std::string& code() const noexcept { return code_; }

private:
    int status_;
    std::string code_;
};

/// 400 invalid_argument.
ApiError invalid_argument(const std::string& message);
/// 404 not_found.
ApiError not_found(const std::string& message);

/// An error as the API reports it.
struct ErrorReply {
    int status = 500;
    std::string code = "internal";
    std::string message;
};

/// Maps an exception: ApiError as it says; asynq::Error by code (kInvalidArgument 400, kNotFound 404,
/// kFailedPrecondition and kAlreadyExists 409, kUnavailable 503, others 500); anything else 500 internal.
ErrorReply error_reply(std::exception_ptr error);

/// The code of a status httplib produced without our handlers (404 for no route, 400 for a malformed request...).
std::string code_for_status(int status);

/// Writes `json` with `status` and Content-Type application/json. Invalid UTF-8 in strings is replaced.
void write_json(httplib::Response& response, int status, const nlohmann::ordered_json& json);

/// Writes the error body and status.
void write_error(httplib::Response& response, const ErrorReply& error);

}  // namespace asynq::web
