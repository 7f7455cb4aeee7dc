#include "web/security.h"

#include <gtest/gtest.h>

#include "asynq/errors.h"
#include "support/error_of.h"
#include "util/text.h"

namespace asynq::web {
namespace {

using testing::code_of;

TEST(SecurityTest, AuthConfigFromFlags) {
    EXPECT_EQ(make_auth_config("", "").kind, AuthConfig::Kind::kNone);
    const auto token = make_auth_config("s3cret", "");
    EXPECT_EQ(token.kind, AuthConfig::Kind::kToken);
    EXPECT_EQ(token.token, "s3cret");
    const auto basic = make_auth_config("", "admin:pa:ss");
    EXPECT_EQ(basic.kind, AuthConfig::Kind::kBasic);
    EXPECT_EQ(basic.user, "admin");
    EXPECT_EQ(basic.password, "pa:ss");  // the first colon separates
    EXPECT_EQ(code_of([] { make_auth_config("t", "u:p"); }), ErrorCode::kInvalidArgument);
    EXPECT_EQ(code_of([] { make_auth_config("", "nopassword"); }), ErrorCode::kInvalidArgument);
    EXPECT_EQ(code_of([] { make_auth_config("", ":p"); }), ErrorCode::kInvalidArgument);
    EXPECT_EQ(code_of([] { make_auth_config("", "u:"); }), ErrorCode::kInvalidArgument);
}

TEST(SecurityTest, LoopbackHosts) {
    for (const char* host : {"127.0.0.1", "127.1.2.3", "::1", "localhost", "LOCALHOST"}) {
        EXPECT_TRUE(is_loopback_host(host)) << host;
    }
    for (const char* host : {"0.0.0.0", "::", "10.0.0.1", "192.168.1.10", "example.com", "", "128.0.0.1"}) {
        EXPECT_FALSE(is_loopback_host(host)) << host;
    }
}

TEST(SecurityTest, NonLoopbackNeedsAuthentication) {
    WebOptions options;
    options.host = "0.0.0.0";
    EXPECT_EQ(code_of([&] { check_exposure(options); }), ErrorCode::kInvalidArgument);
    options.auth = make_auth_config("t", "");
    EXPECT_NO_THROW(check_exposure(options));
    options.auth = {};
    options.host = "127.0.0.1";
    EXPECT_NO_THROW(check_exposure(options));
}

TEST(SecurityTest, BearerToken) {
    const auto auth = make_auth_config("s3cret", "");
    EXPECT_TRUE(is_authorized(auth, "Bearer s3cret"));
    EXPECT_TRUE(is_authorized(auth, "bearer s3cret"));  // the scheme is case-insensitive
    EXPECT_FALSE(is_authorized(auth, "Bearer s3cre"));
    EXPECT_FALSE(is_authorized(auth, "Bearer s3cret2"));
    EXPECT_FALSE(is_authorized(auth, "Bearer "));
    EXPECT_FALSE(is_authorized(auth, "s3cret"));
    EXPECT_FALSE(is_authorized(auth, ""));
    EXPECT_FALSE(is_authorized(auth, "Basic " + util::base64_encode("s3cret:s3cret")));
    EXPECT_TRUE(is_authorized(make_auth_config("", ""), ""));
}

TEST(SecurityTest, BasicCredentials) {
    const auto auth = make_auth_config("", "admin:pw");
    EXPECT_TRUE(is_authorized(auth, "Basic " + util::base64_encode("admin:pw")));
    EXPECT_FALSE(is_authorized(auth, "Basic " + util::base64_encode("admin:wrong")));
    EXPECT_FALSE(is_authorized(auth, "Basic " + util::base64_encode("other:pw")));
    EXPECT_FALSE(is_authorized(auth, "Basic " + util::base64_encode("adminpw")));
    EXPECT_FALSE(is_authorized(auth, "Basic not*base64"));
    EXPECT_FALSE(is_authorized(auth, "Bearer admin:pw"));
    EXPECT_EQ(www_authenticate(auth).rfind("Basic ", 0), 0u);
}

TEST(SecurityTest, Mutations) {
    for (const char* method : {"POST", "PUT", "PATCH", "DELETE"}) EXPECT_TRUE(is_mutation(method)) << method;
    for (const char* method : {"GET", "HEAD", "OPTIONS"}) EXPECT_FALSE(is_mutation(method)) << method;
}

TEST(SecurityTest, CsrfNeedsTheHeaderAndTheSameOrigin) {
    EXPECT_EQ(check_csrf("1", "", "127.0.0.1:8080"), CsrfVerdict::kAllowed);
    EXPECT_EQ(check_csrf("1", "http://127.0.0.1:8080", "127.0.0.1:8080"), CsrfVerdict::kAllowed);
    EXPECT_EQ(check_csrf("1", "https://Dash.Example:443", "dash.example:443"), CsrfVerdict::kAllowed);
    EXPECT_EQ(check_csrf("", "http://127.0.0.1:8080", "127.0.0.1:8080"), CsrfVerdict::kMissingHeader);
    EXPECT_EQ(check_csrf("0", "", "127.0.0.1:8080"), CsrfVerdict::kMissingHeader);
    EXPECT_EQ(check_csrf("1", "http://evil.example", "127.0.0.1:8080"), CsrfVerdict::kForeignOrigin);
    EXPECT_EQ(check_csrf("1", "http://127.0.0.1:9999", "127.0.0.1:8080"), CsrfVerdict::kForeignOrigin);
    EXPECT_EQ(check_csrf("1", "null", "127.0.0.1:8080"), CsrfVerdict::kForeignOrigin);
    EXPECT_EQ(check_csrf("1", "http://127.0.0.1:8080", ""), CsrfVerdict::kForeignOrigin);
}

}  // namespace
}  // namespace asynq::web
