// Many tasks, several queues, many workers: every task processed, none twice (no crash in between).
#include <gtest/gtest.h>

#include <unordered_map>

#include "server_test_base.h"

namespace asynq {
namespace {

using testing::eventually;

class LoadTest : public ServerTest {};

TEST_F(LoadTest, TenThousandTasksOverThreeQueuesAreEachProcessedOnce) {
    std::vector<std::string> ids;
    const std::vector<std::string> queues = {"critical", "default", "low"};
    std::vector<BatchItem> items;
    for (int i = 0; i < 10000; ++i) items.push_back({Task("load", std::to_string(i)), {.queue = queues[i % 3]}});
    for (auto& r : client().enqueue_batch(items)) {
        ASSERT_TRUE(r.ok()) << r.error_message();
        ids.push_back(r.info->id);
    }
    std::mutex mu;
    std::unordered_map<std::string, int> times;
    std::atomic<int> total = 0;
    auto srv = start(
        [&](TaskContext& context, const Task&) {
            {
                std::lock_guard lock(mu);
                ++times[context.task_id()];
            }
            ++total;
        },
        {.concurrency = 20, .queues = {{"critical", 3}, {"default", 2}, {"low", 1}}});
    ASSERT_TRUE(eventually([&] { return total >= 10000; }, std::chrono::seconds(300))) << total;
    ASSERT_TRUE(eventually([&] {
        return redis().llen("asynq:{critical}:active") + redis().llen("asynq:{default}:active") +
                   redis().llen("asynq:{low}:active") ==
               0;
    }));
    std::lock_guard lock(mu);
    EXPECT_EQ(total, 10000);
    for (auto& id : ids) EXPECT_EQ(times[id], 1) << id;
    EXPECT_EQ(counter("asynq:{critical}:processed"), 3334);  // i % 3 == 0 for i in [0, 10000)
    EXPECT_EQ(counter("asynq:{default}:processed"), 3333);
    EXPECT_EQ(counter("asynq:{low}:processed"), 3333);
}

}  // namespace
}  // namespace asynq
