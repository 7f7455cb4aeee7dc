#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

// The Prometheus text exposition format (version 0.0.4), written by hand: Debian 12 has no prometheus-cpp
// (docs/dependencies.md). Only what /metrics needs: gauges and counters with labels.
namespace asynq::web {

struct MetricSample {
    std::vector<std::pair<std::string, std::string>> labels;  ///< name, value; written in this order.
    double value = 0;
};

struct MetricFamily {
    std::string name;  ///< e.g. asynq_queue_size; [a-zA-Z_:][a-zA-Z0-9_:]*
    std::string help;  ///< One line of text; `\` and newlines are escaped.
    std::string type;  ///< "gauge" or "counter".
    std::vector<MetricSample> samples;
};

/// A label value escaped for the text format: `\` -> `\\`, `"` -> `\"`, newline -> `\n`.
std::string escape_label_value(std::string_view value);

/// HELP text escaped: `\` -> `\\`, newline -> `\n`.
std::string escape_help(std::string_view help);

/// A sample value: integers without a fraction (`42`), others in the shortest form that reads back exactly
/// (`0.25`), and `NaN`, `+Inf`, `-Inf`.
std::string format_sample_value(double value);

/// `# HELP`, `# TYPE`, then one line per sample, for each family in order; a family without samples still gets
/// its HELP and TYPE lines. Ends with a newline.
std::string render_metrics(const std::vector<MetricFamily>& families);

/// The Content-Type of the text format.
inline constexpr const char* kMetricsContentType = "text/plain; version=0.0.4; charset=utf-8";

}  // namespace asynq::web
