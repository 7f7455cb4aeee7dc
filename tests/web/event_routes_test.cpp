// /api/events: server-sent `queues` events, and a stop that ends open streams.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "support/eventually.h"
#include "support/fixture_now.h"
#include "web_test_base.h"

namespace asynq::testing {
namespace {

using EventRoutesTest = WebTest;

// Reads the stream on its own thread, keeping what arrived; ends when the server ends the stream or when asked.
class EventReader {
public:
    explicit EventReader(int port)
        : thread_([this, port] {
              httplib::Client http("127.0.0.1", port);
              http.set_read_timeout(60, 0);
              auto result = http.Get("/api/events", [this](const char* data, std::size_t size) {
                  std::lock_guard lock(mutex_);
                  text_.append(data, size);
                  return !quit_;
              });
              if (result) content_type_ = result->get_header_value("Content-Type");
              ended_ = true;
          }) {}
    ~EventReader() {
        quit_ = true;
        thread_.join();
    }
    std::string text() {
        std::lock_guard lock(mutex_);
        return text_;
    }
    bool ended() const { return ended_; }
    std::string content_type() const { return ended_ ? content_type_ : ""; }

private:
    std::mutex mutex_;
    std::string text_;
    std::string content_type_;
    std::atomic<bool> quit_{false};
    std::atomic<bool> ended_{false};
    std::thread thread_;  // last: started once the rest exists
};

TEST_F(EventRoutesTest, StreamsQueuesEventsEveryPollAndStopEndsTheStream) {
    write_dump(redis(), fixture_now("all_states"));
    web::WebOptions options;
    options.poll = std::chrono::milliseconds(100);
    start_web(options);
    EventReader reader(port());
    const auto count = [&] {
        std::size_t n = 0;
        const auto text = reader.text();
        for (auto at = text.find("event: queues\n"); at != std::string::npos; at = text.find("event: queues\n", at + 1))
            ++n;
        return n;
    };
    ASSERT_TRUE(eventually([&] { return count() >= 2; })) << reader.text();
    const auto text = reader.text();
    const auto data = text.find("data: ");
    ASSERT_NE(data, std::string::npos);
    const auto body = Json::parse(text.substr(data + 6, text.find('\n', data) - data - 6));
    ASSERT_EQ(body["queues"].size(), 1u) << body;
    EXPECT_EQ(body["queues"][0]["queue"], "mixed");
    EXPECT_EQ(body["queues"][0]["size"], 6);

    web().stop();  // must not wait for the client to leave
    EXPECT_TRUE(eventually([&] { return reader.ended(); }));
    EXPECT_EQ(reader.content_type(), "text/event-stream");
}

TEST_F(EventRoutesTest, RedisDownIsAnErrorEventAndTheStreamGoesOn) {
    web::WebOptions options;
    options.poll = std::chrono::milliseconds(100);
    start_web(options);
    server().stop();
    EventReader reader(port());
    ASSERT_TRUE(eventually([&] { return reader.text().find("event: error\n") != std::string::npos; })) << reader.text();
    EXPECT_NE(reader.text().find(R"("code":"unavailable")"), std::string::npos) << reader.text();
    server().restart();
    ASSERT_TRUE(eventually([&] { return reader.text().find("event: queues\n") != std::string::npos; }))
        << reader.text();
}

}  // namespace
}  // namespace asynq::testing
