#pragma once

// What an asynq call threw, for tests that check error codes and messages.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "asynq/errors.h"

namespace asynq::testing {

/// The code of the asynq::Error `call` throws; a test failure (and kInternal) if it throws none.
inline ErrorCode code_of(const std::function<void()>& call) {
    try {
        call();
    } catch (const Error& e) {
        return e.code();
    }
    ADD_FAILURE() << "expected an asynq::Error";
    return ErrorCode::kInternal;
}

/// The message of the asynq::Error `call` throws; "(no error)" if it throws none.
inline std::string message_of(const std::function<void()>& call) {
    try {
        call();
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace asynq::testing
