#include "web/security.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "asynq/errors.h"
#include "util/text.h"

namespace asynq::web {
namespace {

// Equal without an early exit, so that the time taken does not tell how many leading bytes matched.
bool constant_time_equal(std::string_view a, std::string_view b) {
    unsigned char difference = a.size() == b.size() ? 0 : 1;
    const std::string_view& longer = a.size() >= b.size() ? a : b;
    for (std::size_t i = 0; i < longer.size(); ++i) {
        const auto x = static_cast<unsigned char>(i < a.size() ? a[i] : 0);
        const auto y = static_cast<unsigned char>(i < b.size() ? b[i] : 0);
        difference |= static_cast<unsigned char>(x ^ y);
    }
    return difference == 0;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

// "Bearer abc" -> "abc" when the scheme matches (case-insensitively, as RFC 7235 says); nullopt-like empty
// otherwise (an empty credential never matches: make_auth_config refuses empty secrets).
std::string_view credentials(std::string_view authorization, std::string_view scheme) {
    if (authorization.size() <= scheme.size() || authorization[scheme.size()] != ' ') return {};
    if (!iequals(authorization.substr(0, scheme.size()), scheme)) return {};
    auto value = authorization.substr(scheme.size() + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    return value;
}

}  // namespace

AuthConfig make_auth_config(const std::string& token, const std::string& basic) {
    AuthConfig auth;
    if (!token.empty() && !basic.empty()) {
        throw Error(ErrorCode::kInvalidArgument, "--auth-token and --basic-auth exclude each other: choose one");
    }
    if (!token.empty()) {
        auth.kind = AuthConfig::Kind::kToken;
        auth.token = token;
    } else if (!basic.empty()) {
        const auto colon = basic.find(':');
        if (colon == std::string::npos || colon == 0 || colon + 1 == basic.size()) {
            throw Error(ErrorCode::kInvalidArgument, "--basic-auth must be USER:PASSWORD, both non-empty");
        }
        auth.kind = AuthConfig::Kind::kBasic;
        auth.user = basic.substr(0, colon);
        auth.password = basic.substr(colon + 1);
    }
    return auth;
}

std::string_view auth_name(AuthConfig::Kind kind) {
    switch (kind) {
        case AuthConfig::Kind::kToken:
            return "token";
        case AuthConfig::Kind::kBasic:
            return "basic";
        case AuthConfig::Kind::kNone:
            break;
    }
    return "none";
}

bool is_loopback_host(std::string_view host) {
    if (iequals(host, "localhost")) return true;
    const std::string text(host);
    in_addr v4{};
    if (inet_pton(AF_INET, text.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
    in6_addr v6{};
    if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
    return false;
}

void check_exposure(const WebOptions& options) {
    if (options.auth.kind == AuthConfig::Kind::kNone && !is_loopback_host(options.host)) {
        throw Error(ErrorCode::kInvalidArgument,
                    "refusing to listen on " + options.host +
                        " without authentication: pass --auth-token or --basic-auth, or listen on 127.0.0.1");
    }
}

bool is_authorized(const AuthConfig& auth, std::string_view authorization) {
    switch (auth.kind) {
        case AuthConfig::Kind::kNone:
            return true;
        case AuthConfig::Kind::kToken: {
            const auto given = credentials(authorization, "Bearer");
            return !given.empty() && constant_time_equal(given, auth.token);
        }
        case AuthConfig::Kind::kBasic: {
            const auto given = credentials(authorization, "Basic");
            if (given.empty()) return false;
            std::string decoded;
            try {
                decoded = util::base64_decode(given);
            } catch (const std::invalid_argument&) {
                return false;
            }
            // Both halves are always compared, so a wrong user takes as long as a wrong password.
            const auto colon = decoded.find(':');
            const std::string_view user =
                colon == std::string::npos ? decoded : std::string_view(decoded).substr(0, colon);
            const std::string_view password =
                colon == std::string::npos ? std::string_view() : std::string_view(decoded).substr(colon + 1);
            const bool user_ok = constant_time_equal(user, auth.user);
            const bool password_ok = constant_time_equal(password, auth.password);
            return colon != std::string::npos && user_ok && password_ok;
        }
    }
    return false;
}

std::string www_authenticate(const AuthConfig& auth) {
    return auth.kind == AuthConfig::Kind::kBasic ? R"(Basic realm="asynq", charset="UTF-8")"
                                                 : R"(Bearer realm="asynq")";
}

bool is_mutation(std::string_view method) {
    return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

CsrfVerdict check_csrf(std::string_view csrf_header, std::string_view origin, std::string_view host) {
    if (csrf_header != "1") return CsrfVerdict::kMissingHeader;
    if (origin.empty()) return CsrfVerdict::kAllowed;  // not a browser, or a browser that sends none: same origin
    const auto scheme_end = origin.find("://");
    if (scheme_end == std::string_view::npos) return CsrfVerdict::kForeignOrigin;  // e.g. "null"
    const auto origin_host = origin.substr(scheme_end + 3);
    return !host.empty() && iequals(origin_host, host) ? CsrfVerdict::kAllowed : CsrfVerdict::kForeignOrigin;
}

}  // namespace asynq::web
