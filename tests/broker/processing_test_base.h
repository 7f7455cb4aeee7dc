#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "broker/broker_test_base.h"

namespace asynq::broker {

/// BrokerTest plus helpers for tasks in flight: making a task active, reading scores, counters and TTLs.
class ProcessingTest : public BrokerTest {
protected:
    using Strings = std::vector<std::string>;
    static constexpr std::int64_t kStartUnixS = kStartUnixNs / 1'000'000'000;  // 1795574660
    static constexpr std::int64_t kDaySeconds = 86400;

    /// What one idle worker's share of a fetch round on one queue got.
    struct Taken {
        std::optional<DequeuedTask> task;
        std::vector<BadTask> bad_tasks;
        bool paused = false;
    };
    /// Takes the oldest pending task of `queue` with ack_and_fetch, as the server's fetcher does for one idle
    /// worker. A bad task uses up a round and the fetcher takes again; so does this, until a task or nothing.
    Taken take(const std::string& queue, std::chrono::seconds lease = std::chrono::seconds(30)) {
        Taken taken;
        const FetchRequest request{.queue = queue, .count = 1};
        while (true) {
            FetchResult round = std::move(broker().ack_and_fetch(std::span(&request, 1), lease).front());
            if (round.error) std::rethrow_exception(round.error);
            taken.paused = round.paused;
            for (auto& bad : round.bad_tasks) taken.bad_tasks.push_back(std::move(bad));
            if (!round.tasks.empty()) {
                taken.task = std::move(round.tasks.front());
                return taken;
            }
            if (round.bad_tasks.empty()) return taken;
        }
    }

    /// Enqueues a task and takes it, so it is active and leased as a worker holds it. The queue must have no
    /// other pending task.
    wire::TaskMessage make_active(wire::TaskMessage m) {
        EXPECT_EQ(broker().enqueue(request(m)), EnqueueOutcome::kEnqueued);
        auto result = take(m.queue());
        EXPECT_TRUE(result.task.has_value());
        if (!result.task) return m;
        EXPECT_EQ(result.task->message.id(), m.id());
        return result.task->message;
    }
    wire::TaskMessage make_active(const std::string& queue, const std::string& id) {
        return make_active(message(queue, id));
    }

    /// Daily counters get EXPIREAT now + 90 days. Redis measures that against its real clock, so tests that look
    /// at those keys run at the real time of day (a 2026 date would have them expire at once years later).
    void use_wall_clock() { clock().set(std::chrono::system_clock::now()); }
    std::int64_t now_s() { return util::unix_seconds(clock().now()); }

    std::optional<double> score(const std::string& key, const std::string& member) {
        auto reply = redis().command({"ZSCORE", key, member});
        if (reply.type == testing::TestRedis::Value::Type::kNil) return std::nullopt;
        return std::stod(reply.str);
    }
    Strings zmembers(const std::string& key) {
        Strings members;
        for (auto& [member, s] : redis().zrange_withscores(key)) members.push_back(member);
        return members;
    }
    wire::TaskMessage stored_message(const std::string& queue, const std::string& id) {
        auto bytes = redis().hget(keys::task_key(queue, id), "msg");
        EXPECT_TRUE(bytes.has_value()) << "no msg for " << id;
        return decode_task_message(bytes.value_or(""), id);
    }
    std::string processed_today(const std::string& queue) { return keys::processed_key(queue, clock().now()); }
    std::string failed_today(const std::string& queue) { return keys::failed_key(queue, clock().now()); }

    /// A daily counter must expire at (clock) now + 90 days, whole seconds. Redis counts the PTTL down on its real
    /// clock, so compare against the expiry as seen from the wall clock, allowing for the test's own run time.
    void expect_ttl_about_90_days(const std::string& key) {
        const long long ttl_ms = redis().pttl(key);
        const auto wall_ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
                .count();
        const long long expected_ms = (now_s() + 90 * kDaySeconds) * 1000 - wall_ms;
        EXPECT_LE(ttl_ms, expected_ms + 1000) << key;
        EXPECT_GT(ttl_ms, expected_ms - 60'000) << key;
    }

    /// Clients blocked in BLMOVE/BLPOP, from INFO clients.
    long long blocked_clients() {
        std::istringstream info(redis().command({"INFO", "clients"}).str);
        const std::string prefix = "blocked_clients:";
        for (std::string line; std::getline(info, line);) {
            if (line.starts_with(prefix)) return std::stoll(line.substr(prefix.size()));
        }
        return -1;
    }

    /// Everything in the db, to show that an operation wrote nothing.
    std::string snapshot() {
        std::ostringstream out;
        for (const auto& key : redis().keys()) {
            out << key << " " << redis().type(key) << (redis().pttl(key) < 0 ? " persistent:" : " expiring:");
            const std::string type = redis().type(key);
            if (type == "hash") {
                for (auto& [f, v] : redis().hgetall(key)) out << " " << f << "=" << v;
            } else if (type == "list") {
                for (auto& v : redis().lrange(key)) out << " " << v;
            } else if (type == "zset") {
                for (auto& [m, s] : redis().zrange_withscores(key)) out << " " << m << "@" << s;
            } else if (type == "string") {
                out << " " << redis().get(key).value_or("");
            } else if (type == "set") {
                for (auto& v : redis().smembers(key)) out << " " << v;
            }
            out << "\n";
        }
        return out.str();
    }
};

}  // namespace asynq::broker
