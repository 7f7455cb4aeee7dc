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
    EXPECT_FALSE(c.group_aggregation);
    EXPECT_EQ(c.group_grace_period, 1min);
    EXPECT_EQ(c.group_max_delay, 0s);
    EXPECT_EQ(c.group_max_size, 0);
    EXPECT_EQ(c.aggregation_check_interval, 7s);  // min(7 s, grace period)
    EXPECT_EQ(c.aggregation_timeout, 2min);
}

TEST(ServerConfig, AggregationChecksRunAtLeastOncePerGracePeriod) {
    auto aggregate = [](const std::string&, const std::vector<Task>&) { return Task("t"); };
    auto c = resolve_config(
        {.group_aggregator = aggregate, .group_grace_period = 3s, .group_max_delay = 1min, .group_max_size = 50});
    EXPECT_TRUE(c.group_aggregation);
    EXPECT_EQ(c.group_grace_period, 3s);
    EXPECT_EQ(c.aggregation_check_interval, 3s);
    EXPECT_EQ(c.group_max_delay, 1min);
    EXPECT_EQ(c.group_max_size, 50);
    auto d =
        resolve_config({.group_grace_period = 10s, .aggregation_check_interval = 300ms, .aggregation_timeout = 5s});
    EXPECT_EQ(d.aggregation_check_interval, 300ms);
    EXPECT_EQ(d.aggregation_timeout, 5s);
    EXPECT_NE(describe(c).find("group_grace_period=3000ms"), std::string::npos) << describe(c);
    EXPECT_NE(describe(d).find("group_aggregation=off"), std::string::npos) << describe(d);
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
    expect_refused({.group_grace_period = 999ms}, "group_grace_period");  // Go panics below 1 s
    expect_refused({.group_grace_period = -1s}, "group_grace_period");
    expect_refused({.group_max_delay = 500ms}, "group_max_delay");  // Go would truncate it to "no limit"
    expect_refused({.group_max_delay = -1s}, "group_max_delay");
    expect_refused({.group_max_size = -1}, "group_max_size");
    expect_refused({.aggregation_check_interval = -1ms}, "aggregation_check_interval");
    expect_refused({.aggregation_timeout = -1s}, "aggregation_timeout");
}

}  // namespace
}  // namespace asynq::server
