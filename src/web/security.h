#pragma once

#include <string>
#include <string_view>

#include "web/web_options.h"

// The checks in front of every request (docs/web_api.md, Security), as plain functions of header values so that
// they are tested without a server. web_server.cpp applies them before routing.
namespace asynq::web {

/// Builds the auth settings from `--auth-token` and `--basic-auth USER:PASSWORD` (empty = not given). Throws
/// Error(kInvalidArgument) when both are given, or when the basic value has no colon or an empty user.
AuthConfig make_auth_config(const std::string& token, const std::string& basic);

/// "none", "token" or "basic" (as /api/config reports it).
std::string_view auth_name(AuthConfig::Kind kind);

/// Whether an address only this machine can reach: `localhost`, 127.0.0.0/8 or `::1`. `0.0.0.0`, `::` and every
/// other name are not.
bool is_loopback_host(std::string_view host);

/// Throws Error(kInvalidArgument) with one clear sentence when the server would listen on a non-loopback address
/// without authentication.
void check_exposure(const WebOptions& options);

/// Whether an `Authorization` header value carries the configured credentials (always true with Kind::kNone).
/// Compares in constant time.
bool is_authorized(const AuthConfig& auth, std::string_view authorization);

/// The `WWW-Authenticate` value sent with a 401: `Basic realm="asynq"` makes browsers ask for the password;
/// `Bearer realm="asynq"` for a token.
std::string www_authenticate(const AuthConfig& auth);

/// POST, PUT, PATCH and DELETE: what read-only mode and the CSRF check refuse.
bool is_mutation(std::string_view method);

/// Why a mutation is refused as a possible cross-site request, or kAllowed: it must carry `X-Asynq-Csrf: 1`, and
/// an `Origin` header, when present, must name the same host and port as `Host`.
enum class CsrfVerdict { kAllowed, kMissingHeader, kForeignOrigin };
CsrfVerdict check_csrf(std::string_view csrf_header, std::string_view origin, std::string_view host);

}  // namespace asynq::web
