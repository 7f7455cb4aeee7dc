#include "asynq/servemux.h"

#include <gtest/gtest.h>

#include "asynq/errors.h"
#include "asynq/task_errors.h"

namespace asynq {
namespace {

TaskContext context() {
    return TaskContext({"id", "default", 0, 25, {}}, std::stop_token{}, {},
                       ResultWriter("id", [](std::string_view d) { return d.size(); }));
}

std::string route(const ServeMux& mux, const std::string& type) {
    std::string hit;
    auto ctx = context();
    try {
        mux.handler_for(type)(ctx, Task(type));
    } catch (const HandlerNotFound& e) {
        return std::string("not found: ") + e.what();
    } catch (const std::runtime_error& e) {
        return e.what();
    }
    return "?";
}

ServeMux mux_with(std::initializer_list<std::string> patterns) {
    ServeMux mux;
    for (const auto& p : patterns) {
        mux.handle(p, [p](TaskContext&, const Task&) { throw std::runtime_error(p); });
    }
    return mux;
}

TEST(ServeMux, ExactMatchWins) {
    auto mux = mux_with({"email", "email:send", "email:send:welcome"});
    EXPECT_EQ(route(mux, "email:send"), "email:send");
}

TEST(ServeMux, LongestPlainPrefixWins) {
    auto mux = mux_with({"email", "email:send"});
    EXPECT_EQ(route(mux, "email:send:welcome"), "email:send");
    EXPECT_EQ(route(mux, "email:receive"), "email");
    // No segment semantics, as Go: "email" matches "emails:x".
    EXPECT_EQ(route(mux, "emails:x"), "email");
}

TEST(ServeMux, NoMatchFailsWithGoText) {
    auto mux = mux_with({"image"});
    EXPECT_EQ(route(mux, "email:send"), "not found: handler not found for task \"email:send\"");
}

TEST(ServeMux, MiddlewaresWrapInRegistrationOrderAndWrapNotFound) {
    ServeMux mux;
    std::string trace;
    mux.use([&](HandlerFunc next) {
        return [&, next](TaskContext& c, const Task& t) {
            trace += "[outer ";
            try {
                next(c, t);
            } catch (...) {
                trace += "threw ";
            }
            trace += "outer]";
        };
    });
    mux.use([&](HandlerFunc next) {
        return [&, next](TaskContext& c, const Task& t) {
            trace += "[inner ";
            next(c, t);
            trace += "inner]";
        };
    });
    mux.handle("t", [&](TaskContext&, const Task&) { trace += "handler "; });
    auto ctx = context();
    mux.process_task(ctx, Task("t"));
    EXPECT_EQ(trace, "[outer [inner handler inner]outer]");
    trace.clear();
    mux.process_task(ctx, Task("unknown"));
    EXPECT_EQ(trace, "[outer [inner threw outer]");
}

TEST(ServeMux, RefusesBadRegistrations) {
    ServeMux mux;
    EXPECT_THROW(mux.handle("", [](TaskContext&, const Task&) {}), Error);
    EXPECT_THROW(mux.handle("t", HandlerFunc{}), Error);
    mux.handle("t", [](TaskContext&, const Task&) {});
    EXPECT_THROW(mux.handle("t", [](TaskContext&, const Task&) {}), Error);
}

}  // namespace
}  // namespace asynq
