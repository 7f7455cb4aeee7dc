#pragma once

#include <string>

#include "asynq/inspector_types.h"

namespace httplib {
struct Request;
}

// Query parameters, checked: a bad one is a 400 invalid_argument naming it (ApiError).
namespace asynq::web {

/// `?name=N` as an integer in [min, max]; `fallback` when absent.
int int_param(const httplib::Request& request, const std::string& name, int fallback, int min, int max);

/// `?name=true|false|1|0`; false when absent.
bool bool_param(const httplib::Request& request, const std::string& name);

/// `?name=...` as text; empty when absent.
std::string text_param(const httplib::Request& request, const std::string& name);

/// `?page=` (>= 1, default 1) and `?page_size=` (1..1000, default 20).
ListOptions page_params(const httplib::Request& request);

/// `?days=` (1..90, default 10): Redis keeps 90 days of daily counters.
int days_param(const httplib::Request& request);

}  // namespace asynq::web
