#include "server/config.h"

#include <gtest/gtest.h>

#include "asynq/errors.h"

namespace asynq::server {
namespace {

using namespace std::chrono_literals;

TEST(ServerConfig, AppliesGoDefaults) {
    auto c = resolve_config({});
    EXPECT_GE(c.concurrency, 1);
    EXPECT_EQ(c.queues, (std::map<std::string, int>{{"default", 1}}));
    EXPECT_FALSE(c.strict_priority);
    EXPECT_EQ(c.task_check_interval, 1s);
    EXPECT_EQ(c.health_check_interval, 15s);
    EXPECT_EQ(c.shutdown_timeout, 8s);
    EXPECT_EQ(c.delayed_task_check_interval, 5s);
    EXPECT_EQ(c.janitor_interval, 8s);
    EXPECT_EQ(c.janitor_batch_size, 100);
    EXPECT_EQ(c.lease_duration, 30s);
    EXPECT_EQ(c.heartbeat_interval, 5s);
    EXPECT_EQ(c.recoverer_interval, 1min);
    EXPECT_EQ(c.recovery_grace, 30s);
}

TEST(ServerConfig, KeepsGivenValues) {
    auto c = resolve_config({.concurrency = 7,
                             .queues = {{"critical", 6}, {"low", 1}},
                             .strict_priority = true,
                             .shutdown_timeout = 2s,
                             .lease_duration = 4s,
                             .heartbeat_interval = 1s});
    EXPECT_EQ(c.concurrency, 7);
    EXPECT_EQ(c.queues.at("critical"), 6);
    EXPECT_TRUE(c.strict_priority);
    EXPECT_EQ(c.shutdown_timeout, 2s);
    EXPECT_EQ(c.lease_duration, 4s);
}

void expect_refused(const ServerOptions& options, const std::string& field) {
    try {
        resolve_config(options);
        ADD_FAILURE() << "expected an error naming " << field;
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
        EXPECT_NE(std::string(e.what()).find(field + ":"), std::string::npos) << e.what();
    }
}

TEST(ServerConfig, RefusesInvalidValuesNamingTheField) {
    expect_refused({.concurrency = -1}, "concurrency");
    expect_refused({.queues = {{"", 1}}}, "queues");
    expect_refused({.queues = {{"low", 0}}}, "queues");
    expect_refused({.queues = {{"low", -3}}}, "queues");
    expect_refused({.task_check_interval = -1ms}, "task_check_interval");
    expect_refused({.shutdown_timeout = -1s}, "shutdown_timeout");
    expect_refused({.janitor_batch_size = -5}, "janitor_batch_size");
    expect_refused({.lease_duration = 4s, .heartbeat_interval = 3s}, "heartbeat_interval");
    expect_refused({.lease_duration = 2s, .heartbeat_interval = 600ms}, "heartbeat_interval");
}

}  // namespace
}  // namespace asynq::server
