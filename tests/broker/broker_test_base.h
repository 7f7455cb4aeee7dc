#pragma once

#include <memory>

#include "broker/broker.h"
#include "broker/keys.h"
#include "broker/task_codec.h"
#include "redis/executor.h"
#include "support/test_redis.h"
#include "util/clock.h"

namespace asynq::broker {

/// A Broker on the test Redis with a clock the test controls.
class BrokerTest : public testing::RedisTest {
protected:
    // 2026-11-25T02:44:20.5Z
    static constexpr std::int64_t kStartUnixNs = 1795574660'500000000;

    void SetUp() override {
        RedisTest::SetUp();
        executor_ = redis::make_executor(server().options());
        broker_ = std::make_unique<Broker>(*executor_, clock_);
    }

    Broker& broker() { return *broker_; }
    util::ManualClock& clock() { return clock_; }

    static wire::TaskMessage message(const std::string& queue, const std::string& id, const std::string& type = "t") {
        wire::TaskMessage m;
        m.set_type(type);
        m.set_payload("p-" + id);
        m.set_id(id);
        m.set_queue(queue);
        m.set_retry(25);
        m.set_timeout(1800);
        return m;
    }

    static EnqueueRequest request(wire::TaskMessage m, EnqueuePath path = EnqueuePath::kPending) {
        EnqueueRequest r;
        r.message = std::move(m);
        r.path = path;
        return r;
    }

    static EnqueueRequest unique_request(wire::TaskMessage m, std::chrono::seconds ttl,
                                         EnqueuePath path = EnqueuePath::kPending) {
        m.set_unique_key(keys::unique_key(m.queue(), m.type(), std::string_view(m.payload())));
        auto r = request(std::move(m), path);
        r.unique_ttl = ttl;
        return r;
    }

private:
    util::ManualClock clock_{util::Clock::TimePoint(std::chrono::nanoseconds(kStartUnixNs))};
    std::unique_ptr<redis::Executor> executor_;
    std::unique_ptr<Broker> broker_;
};

}  // namespace asynq::broker
