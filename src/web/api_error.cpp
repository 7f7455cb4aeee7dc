#include "web/api_error.h"

#include <httplib.h>

#include "asynq/errors.h"
#include "redis/errors.h"

namespace asynq::web {

ApiError invalid_argument(const std::string& message) { return ApiError(400, "invalid_argument", message); }

ApiError not_found(const std::string& message) { return ApiError(404, "not_found", message); }

ErrorReply error_reply(std::exception_ptr error) {
    try {
        std::rethrow_exception(error);
    } catch (const ApiError& e) {
        return {e.status(), e.code(), e.what()};
    } catch (const redis::ReplyError& e) {
        // Redis refused the command (wrong password, unknown db, loading...): the server's fault or a passing
        // state, never the client's request.
        if (e.code() == ErrorCode::kInvalidArgument || e.code() == ErrorCode::kUnavailable) {
            return {503, "unavailable", std::string("Redis refused the request: ") + e.what()};
        }
        return {500, "internal", e.what()};
    } catch (const Error& e) {
        switch (e.code()) {
            case ErrorCode::kInvalidArgument:
                return {400, "invalid_argument", e.what()};
            case ErrorCode::kNotFound:
                return {404, "not_found", e.what()};
            case ErrorCode::kFailedPrecondition:
            case ErrorCode::kAlreadyExists:
                return {409, "failed_precondition", e.what()};
            case ErrorCode::kUnavailable:
                return {503, "unavailable", std::string("Redis cannot be reached: ") + e.what()};
            case ErrorCode::kDataLoss:
            case ErrorCode::kInternal:
                break;
        }
        return {500, "internal", e.what()};
    } catch (const std::exception& e) {
        return {500, "internal", e.what()};
    } catch (...) {
        return {500, "internal", "unknown error"};
    }
}

std::string code_for_status(int status) {
    switch (status) {
        case 400:
        case 413:
        case 414:
            return "invalid_argument";
        case 401:
            return "unauthenticated";
        case 404:
            return "not_found";
        case 409:
            return "failed_precondition";
        case 503:
            return "unavailable";
        default:
            return "internal";
    }
}

void write_json(httplib::Response& response, int status, const nlohmann::ordered_json& json) {
    response.status = status;
    response.set_content(json.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace),
                         "application/json");
}

void write_error(httplib::Response& response, const ErrorReply& error) {
    nlohmann::ordered_json body;
    body["error"]["code"] = error.code;
    body["error"]["message"] = error.message;
    write_json(response, error.status, body);
}

}  // namespace asynq::web
