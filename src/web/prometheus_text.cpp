#include "web/prometheus_text.h"

#include <charconv>
#include <cmath>

namespace asynq::web {

std::string escape_label_value(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (const char c : value) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '"') {
            out += "\\\"";
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
    return out;
}

std::string escape_help(std::string_view help) {
    std::string out;
    out.reserve(help.size());
    for (const char c : help) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
    return out;
}

std::string format_sample_value(double value) {
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
    char buffer[64];
    // Shortest round-trip form; whole numbers below 2^53 come out without a fraction or exponent.
    const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
    if (error != std::errc()) return "NaN";
    return std::string(buffer, end);
}

std::string render_metrics(const std::vector<MetricFamily>& families) {
    std::string out;
    for (const auto& family : families) {
        out += "# HELP " + family.name + " " + escape_help(family.help) + "\n";
        out += "# TYPE " + family.name + " " + family.type + "\n";
        for (const auto& sample : family.samples) {
            out += family.name;
            if (!sample.labels.empty()) {
                out += '{';
                for (std::size_t i = 0; i < sample.labels.size(); ++i) {
                    if (i > 0) out += ',';
                    out += sample.labels[i].first + "=\"" + escape_label_value(sample.labels[i].second) + "\"";
                }
                out += '}';
            }
            out += ' ' + format_sample_value(sample.value) + '\n';
        }
    }
    return out;
}

}  // namespace asynq::web
