#include "web/request_params.h"

#include <httplib.h>

#include <charconv>
#include <limits>

#include "web/api_error.h"

namespace asynq::web {

int int_param(const httplib::Request& request, const std::string& name, int fallback, int min, int max) {
    if (!request.has_param(name)) return fallback;
    const std::string text = request.get_param_value(name);
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < min || value > max) {
        throw invalid_argument(name + " must be an integer from " + std::to_string(min) + " to " + std::to_string(max) +
                               ", got \"" + text + "\"");
    }
    return value;
}

bool bool_param(const httplib::Request& request, const std::string& name) {
    if (!request.has_param(name)) return false;
    const std::string text = request.get_param_value(name);
    if (text == "true" || text == "1") return true;
    if (text == "false" || text == "0") return false;
    throw invalid_argument(name + " must be true or false, got \"" + text + "\"");
}

std::string text_param(const httplib::Request& request, const std::string& name) {
    return request.has_param(name) ? request.get_param_value(name) : std::string();
}

ListOptions page_params(const httplib::Request& request) {
    ListOptions options;
    options.page = int_param(request, "page", 1, 1, std::numeric_limits<int>::max());
    options.page_size = int_param(request, "page_size", 20, 1, 1000);
    return options;
}

int days_param(const httplib::Request& request) { return int_param(request, "days", 10, 1, 90); }

}  // namespace asynq::web
