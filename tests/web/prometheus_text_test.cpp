#include "web/prometheus_text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace asynq::web {
namespace {

TEST(PrometheusTextTest, LabelValuesEscapeBackslashQuoteAndNewline) {
    EXPECT_EQ(escape_label_value("plain"), "plain");
    EXPECT_EQ(escape_label_value(R"(a\b)"), R"(a\\b)");
    EXPECT_EQ(escape_label_value(R"(say "hi")"), R"(say \"hi\")");
    EXPECT_EQ(escape_label_value("two\nlines"), R"(two\nlines)");
    EXPECT_EQ(escape_label_value("tab\tand ünïcode"), "tab\tand ünïcode");  // only the three are escaped
}

TEST(PrometheusTextTest, HelpEscapesBackslashAndNewlineButNotQuotes) {
    EXPECT_EQ(escape_help(R"(a "quoted" \ text)"), R"(a "quoted" \\ text)");
    EXPECT_EQ(escape_help("first\nsecond"), R"(first\nsecond)");
}

TEST(PrometheusTextTest, ValuesAreShortestExactAndSpecialValuesNamed) {
    EXPECT_EQ(format_sample_value(0), "0");
    EXPECT_EQ(format_sample_value(42), "42");
    EXPECT_EQ(format_sample_value(-3), "-3");
    EXPECT_EQ(format_sample_value(0.25), "0.25");
    EXPECT_EQ(format_sample_value(1234567890123.0), "1234567890123");
    EXPECT_EQ(format_sample_value(std::numeric_limits<double>::quiet_NaN()), "NaN");
    EXPECT_EQ(format_sample_value(std::numeric_limits<double>::infinity()), "+Inf");
    EXPECT_EQ(format_sample_value(-std::numeric_limits<double>::infinity()), "-Inf");
    EXPECT_EQ(std::stod(format_sample_value(0.1 + 0.2)), 0.1 + 0.2);  // reads back exactly
}

TEST(PrometheusTextTest, FamiliesRenderHelpTypeAndSamplesInOrder) {
    const std::vector<MetricFamily> families = {
        {"asynq_queue_size",
         "Number of tasks in a queue",
         "gauge",
         {{{{"queue", "default"}}, 3}, {{{"queue", "we\"ird\\q\n"}}, 0.5}}},
        {"asynq_tasks_enqueued_total", "By queue and state.", "gauge", {{{{"queue", "q"}, {"state", "pending"}}, 1}}},
        {"asynq_empty", "No samples", "counter", {}},
        {"unlabelled", "One", "counter", {{{}, 7}}},
    };
    EXPECT_EQ(render_metrics(families),
              "# HELP asynq_queue_size Number of tasks in a queue\n"
              "# TYPE asynq_queue_size gauge\n"
              "asynq_queue_size{queue=\"default\"} 3\n"
              "asynq_queue_size{queue=\"we\\\"ird\\\\q\\n\"} 0.5\n"
              "# HELP asynq_tasks_enqueued_total By queue and state.\n"
              "# TYPE asynq_tasks_enqueued_total gauge\n"
              "asynq_tasks_enqueued_total{queue=\"q\",state=\"pending\"} 1\n"
              "# HELP asynq_empty No samples\n"
              "# TYPE asynq_empty counter\n"
              "# HELP unlabelled One\n"
              "# TYPE unlabelled counter\n"
              "unlabelled 7\n");
    EXPECT_EQ(render_metrics({}), "");
}

}  // namespace
}  // namespace asynq::web
