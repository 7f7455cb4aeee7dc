#include "broker/queue_registry.h"

#include <gtest/gtest.h>

namespace asynq::broker {
namespace {

TEST(QueueRegistry, RemembersRegisteredQueues) {
    QueueRegistry registry;
    EXPECT_TRUE(registry.needs_registration("default"));
    registry.mark_registered("default");
    EXPECT_FALSE(registry.needs_registration("default"));
    EXPECT_TRUE(registry.needs_registration("critical"));
    registry.forget("default");
    EXPECT_TRUE(registry.needs_registration("default"));
}

TEST(QueueRegistry, MemoryExpires) {
    QueueRegistry registry(std::chrono::seconds(0));
    registry.mark_registered("default");
    EXPECT_TRUE(registry.needs_registration("default"));
}

}  // namespace
}  // namespace asynq::broker
