// The benchmark tools run end to end (no speed is asserted: that is their output, not a test): asynq_bench against
// a test Redis writes a JSON table with the rows asked for, refuses bad flags, and the micro-benchmarks run.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "support/test_redis.h"

namespace asynq {
namespace {

struct ToolRun {
    int exit_code = -1;
    std::string output;
};

ToolRun run_tool(const std::string& command) {
    ToolRun result;
    FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    if (pipe == nullptr) return result;
    char buffer[4096];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) result.output += buffer;
    const int status = pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

class BenchSmokeTest : public testing::RedisTest {};

TEST_F(BenchSmokeTest, WritesTheRowsAskedForAsJson) {
    const auto json_path =
        std::filesystem::temp_directory_path() / ("asynq-bench-" + std::to_string(getpid()) + ".json");
    const ToolRun result =
        run_tool(std::string(ASYNQ_BENCH_PATH) + " --port " + std::to_string(server().port()) +
                 " --tasks 1000 --set-p1 1000 --only 'enqueue, 8 threads' --json " + json_path.string());
    ASSERT_EQ(result.exit_code, 0) << result.output;
    EXPECT_NE(result.output.find("measuring enqueue, 8 threads"), std::string::npos) << result.output;
    std::ifstream file(json_path);
    const auto json = nlohmann::json::parse(file);
    ASSERT_EQ(json["results"].size(), 1u);
    const auto& row = json["results"][0];
    EXPECT_EQ(row["name"], "enqueue, 8 threads");
    EXPECT_GT(row["value"].get<double>(), 0);
    EXPECT_GT(row["round_trips_per_task"].get<double>(), 0);
    EXPECT_EQ(redis().llen("asynq:{default}:pending"), 1000);  // the tasks were really enqueued
    std::filesystem::remove(json_path);
}

TEST_F(BenchSmokeTest, RefusesBadFlagsWithAClearMessage) {
    const ToolRun result = run_tool(std::string(ASYNQ_BENCH_PATH) + " --port 1 --tasks ten");
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.output.find("asynq_bench:"), std::string::npos) << result.output;
    EXPECT_NE(result.output.find("usage:"), std::string::npos) << result.output;
}

TEST(BenchMicro, MicroBenchmarksRun) {
    const ToolRun result = run_tool(std::string(ASYNQ_MICRO_BENCH_PATH) + " --benchmark_min_time=0.001");
    ASSERT_EQ(result.exit_code, 0) << result.output;
    EXPECT_NE(result.output.find("EncodeTaskMessage/1024"), std::string::npos) << result.output;
}

}  // namespace
}  // namespace asynq
