// /metrics parsed line by line; its values checked against the Go fixtures' figures.
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "support/fixture_now.h"
#include "web_test_base.h"

namespace asynq::testing {
namespace {

struct Scrape {
    std::map<std::string, std::string> help;  // metric name -> HELP text
    std::map<std::string, std::string> type;  // metric name -> TYPE
    std::map<std::string, double> samples;    // `name{labels}` as written -> value
};

// A strict reader of the text format: every line is a HELP, a TYPE or a sample of the family last declared.
Scrape parse(const std::string& text) {
    Scrape out;
    std::istringstream in(text);
    std::string line;
    std::string family;
    while (std::getline(in, line)) {
        if (line.rfind("# HELP ", 0) == 0) {
            const auto name_end = line.find(' ', 7);
            family = line.substr(7, name_end - 7);
            out.help[family] = line.substr(name_end + 1);
        } else if (line.rfind("# TYPE ", 0) == 0) {
            const auto name_end = line.find(' ', 7);
            EXPECT_EQ(line.substr(7, name_end - 7), family) << "TYPE must follow its HELP: " << line;
            out.type[family] = line.substr(name_end + 1);
        } else {
            const auto space = line.rfind(' ');
            EXPECT_NE(space, std::string::npos) << line;
            const std::string series = line.substr(0, space);
            EXPECT_EQ(series.substr(0, series.find('{')), family) << "sample outside its family: " << line;
            EXPECT_EQ(out.samples.count(series), 0u) << "duplicate series: " << line;
            out.samples[series] = std::stod(line.substr(space + 1));
        }
    }
    return out;
}

using MetricsTest = WebTest;

TEST_F(MetricsTest, GoExporterMetricsWithGoFixtureFigures) {
    write_dump(redis(), fixture_now("all_states"));
    write_dump(redis(), [] {  // both fixtures in one db: their keys do not overlap but for asynq:queues
        auto dump = fixture_now("paused_queue");
        std::erase_if(dump.keys, [](const DumpedKey& key) { return key.key == "asynq:queues"; });
        return dump;
    }());
    redis().command({"SADD", "asynq:queues", "mailer", "default"});

    const auto result = get("/metrics");
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 200);
    EXPECT_EQ(result->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
    const auto scrape = parse(result->body);

    const std::map<std::string, std::string> types = {
        {"asynq_tasks_enqueued_total", "gauge"},    {"asynq_queue_size", "gauge"},
        {"asynq_queue_latency_seconds", "gauge"},   {"asynq_queue_memory_usage_approx_bytes", "gauge"},
        {"asynq_tasks_processed_total", "counter"}, {"asynq_tasks_failed_total", "counter"},
        {"asynq_queue_paused_total", "gauge"}};
    EXPECT_EQ(scrape.type, types);
    EXPECT_EQ(scrape.help.at("asynq_queue_size"), "Number of tasks in a queue");

    const auto& s = scrape.samples;
    for (const char* state : {"pending", "scheduled", "retry", "archived", "completed"}) {
        EXPECT_EQ(s.at(std::string(R"(asynq_tasks_enqueued_total{queue="mixed",state=")") + state + R"("})"), 1)
            << state;
    }
    EXPECT_EQ(s.at(R"(asynq_tasks_enqueued_total{queue="mixed",state="active"})"), 0);
    EXPECT_EQ(s.at(R"(asynq_tasks_enqueued_total{queue="mailer",state="pending"})"), 2);
    EXPECT_EQ(s.at(R"(asynq_queue_size{queue="mixed"})"), 6);  // aggregating counts in the size
    EXPECT_EQ(s.at(R"(asynq_queue_size{queue="mailer"})"), 2);
    EXPECT_EQ(s.at(R"(asynq_tasks_processed_total{queue="mixed"})"), 3);
    EXPECT_EQ(s.at(R"(asynq_tasks_failed_total{queue="mixed"})"), 2);
    EXPECT_EQ(s.at(R"(asynq_tasks_processed_total{queue="default"})"), 1);
    EXPECT_EQ(s.at(R"(asynq_queue_paused_total{queue="mailer"})"), 1);
    EXPECT_EQ(s.at(R"(asynq_queue_paused_total{queue="mixed"})"), 0);
    // The pending task was enqueued when the fixture was recorded: it has waited at least since then.
    EXPECT_GT(s.at(R"(asynq_queue_latency_seconds{queue="mixed"})"), 1.0);
    EXPECT_EQ(s.at(R"(asynq_queue_latency_seconds{queue="default"})"), 0);
    EXPECT_GT(s.at(R"(asynq_queue_memory_usage_approx_bytes{queue="mixed"})"), 0);
    EXPECT_EQ(s.size(), 3u * (6 + 6));  // 3 queues: 6 enqueued states + 6 single series each
}

TEST_F(MetricsTest, QueueNamesAreEscapedInLabels) {
    redis().command({"SADD", "asynq:queues", "we\"ird\\q"});
    const auto result = get("/metrics");
    ASSERT_TRUE(result);
    EXPECT_NE(result->body.find(R"(asynq_queue_size{queue="we\"ird\\q"} 0)"), std::string::npos) << result->body;
}

}  // namespace
}  // namespace asynq::testing
