#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

#include "asynq/errors.h"
#include "asynq/redis_options.h"

namespace asynq {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

// The Error from_uri throws for uri; fails the test if it does not throw.
Error parse_error(const std::string& uri) {
    try {
        RedisOptions::from_uri(uri);
    } catch (const Error& e) {
        return e;
    }
    ADD_FAILURE() << "from_uri accepted " << uri;
    return Error(ErrorCode::kInternal, "");
}

TEST(RedisUri, ParsesHostPortAndDb) {
    auto o = RedisOptions::from_uri("redis://redis.example.com:6380/3");
    EXPECT_EQ(o.host, "redis.example.com");
    EXPECT_EQ(o.port, 6380);
    EXPECT_EQ(o.db, 3);
    EXPECT_EQ(o.username, "");
    EXPECT_EQ(o.password, "");
    EXPECT_EQ(o.unix_socket, "");
}

TEST(RedisUri, DefaultsPortAndDb) {
    auto o = RedisOptions::from_uri("redis://localhost");
    EXPECT_EQ(o.host, "localhost");
    EXPECT_EQ(o.port, 6379);
    EXPECT_EQ(o.db, 0);
    EXPECT_EQ(RedisOptions::from_uri("redis://localhost:7000/").db, 0);
}

TEST(RedisUri, ParsesPasswordOnly) {
    auto o = RedisOptions::from_uri("redis://:s3cret@10.0.0.5:6379/1");
    EXPECT_EQ(o.username, "");
    EXPECT_EQ(o.password, "s3cret");
    EXPECT_EQ(o.host, "10.0.0.5");
    EXPECT_EQ(o.db, 1);
}

TEST(RedisUri, ParsesUserAndPassword) {
    auto o = RedisOptions::from_uri("redis://alice:s3cret@localhost:6379");
    EXPECT_EQ(o.username, "alice");
    EXPECT_EQ(o.password, "s3cret");
}

TEST(RedisUri, ParsesUserWithoutPassword) {
    auto o = RedisOptions::from_uri("redis://alice@localhost");
    EXPECT_EQ(o.username, "alice");
    EXPECT_EQ(o.password, "");
}

TEST(RedisUri, PercentDecodesUserAndPassword) {
    auto o = RedisOptions::from_uri("redis://al%40ice:p%3Aw%2Fd%25%2b@localhost");
    EXPECT_EQ(o.username, "al@ice");
    EXPECT_EQ(o.password, "p:w/d%+");
}

TEST(RedisUri, UnescapedAtBelongsToThePassword) {
    auto o = RedisOptions::from_uri("redis://:p@ss@localhost:6379");
    EXPECT_EQ(o.password, "p@ss");
    EXPECT_EQ(o.host, "localhost");
}

TEST(RedisUri, ParsesBracketedIpv6) {
    auto o = RedisOptions::from_uri("redis://[::1]:6390/2");
    EXPECT_EQ(o.host, "::1");
    EXPECT_EQ(o.port, 6390);
    EXPECT_EQ(o.db, 2);
    EXPECT_EQ(o.address(), "[::1]:6390");
    EXPECT_EQ(RedisOptions::from_uri("redis://[fe80::1]").port, 6379);
}

TEST(RedisUri, ParsesUnixSocket) {
    auto o = RedisOptions::from_uri("redis-socket:///var/run/redis/redis.sock");
    EXPECT_EQ(o.unix_socket, "/var/run/redis/redis.sock");
    EXPECT_EQ(o.db, 0);
    EXPECT_EQ(o.address(), "unix:/var/run/redis/redis.sock");

    auto with_db = RedisOptions::from_uri("redis-socket:///tmp/redis.sock?db=4");
    EXPECT_EQ(with_db.unix_socket, "/tmp/redis.sock");
    EXPECT_EQ(with_db.db, 4);

    auto with_auth = RedisOptions::from_uri("redis-socket://bob:pw%21@/tmp/redis.sock?db=2");
    EXPECT_EQ(with_auth.username, "bob");
    EXPECT_EQ(with_auth.password, "pw!");
    EXPECT_EQ(with_auth.unix_socket, "/tmp/redis.sock");
    EXPECT_EQ(with_auth.db, 2);

    auto password_only = RedisOptions::from_uri("redis-socket://:pw@/tmp/a@b.sock");
    EXPECT_EQ(password_only.password, "pw");
    EXPECT_EQ(password_only.unix_socket, "/tmp/a@b.sock");
}

TEST(RedisUri, ParsesBareHostPortLikeGoCli) {
    auto o = RedisOptions::from_uri("127.0.0.1:6390");
    EXPECT_EQ(o.host, "127.0.0.1");
    EXPECT_EQ(o.port, 6390);
    EXPECT_EQ(o.db, 0);

    auto host_only = RedisOptions::from_uri("redis-host");
    EXPECT_EQ(host_only.host, "redis-host");
    EXPECT_EQ(host_only.port, 6379);

    auto v6 = RedisOptions::from_uri("[::1]:7000");
    EXPECT_EQ(v6.host, "::1");
    EXPECT_EQ(v6.port, 7000);
}

TEST(RedisUri, ParsedOptionsValidate) {
    for (const char* uri : {"redis://:pw@localhost:1/15", "redis-socket:///tmp/x.sock?db=3", "localhost:65535"}) {
        EXPECT_NO_THROW(RedisOptions::from_uri(uri).validate()) << uri;
    }
}

TEST(RedisUri, RejectsTlsWithClearMessage) {
    auto e = parse_error("rediss://localhost:6379");
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    EXPECT_STREQ(e.what(), "redis URI \"rediss://localhost:6379\": TLS is not supported yet");
}

TEST(RedisUri, RejectsSentinelForNow) {
    auto e = parse_error("redis-sentinel://localhost:26379/mymaster");
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    EXPECT_THAT(e.what(), HasSubstr("Sentinel is not supported yet"));
}

struct Rejection {
    std::string uri;
    std::string names;  // the bad part the message must quote
};

TEST(RedisUri, RejectionsNameTheUriAndTheBadPart) {
    const std::vector<Rejection> cases = {
        {"http://localhost:6379", "unknown scheme \"http\""},
        {"://localhost", "unknown scheme \"\""},
        {"redis://localhost:abc", "port \"abc\""},
        {"redis://localhost:0", "port \"0\""},
        {"redis://localhost:65536", "port \"65536\""},
        {"redis://localhost:-1", "port \"-1\""},
        {"redis://localhost:", "port \"\""},
        {"redis://localhost/x", "db \"x\""},
        {"redis://localhost/-1", "db \"-1\""},
        {"redis://localhost/99999999999", "db \"99999999999\""},
        {"redis://:6379", "host is empty"},
        {"redis://", "host is empty"},
        {"", "host is empty"},
        {"redis://ho st:6379", "host \"ho st\""},
        {"redis://[::1:6379", "missing ']'"},
        {"redis://[::1]x", "\"x\" after the host"},
        {"redis://localhost:6379/1/extra", "\"/extra\" after the db number"},
        {"redis://localhost:6379?db=1", "\"?db=1\" after the address"},
        {"localhost:6379/2", "\"/2\""},
        {"redis-socket://relative.sock", "socket path must be absolute"},
        {"redis-socket:///tmp/r.sock?db=x", "db \"x\""},
        {"redis-socket:///tmp/r.sock?db=-2", "db \"-2\""},
        {"redis-socket:///tmp/r.sock?timeout=1", "unknown parameter \"timeout\""},
    };
    for (const auto& c : cases) {
        auto e = parse_error(c.uri);
        EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument) << c.uri;
        EXPECT_THAT(e.what(), AllOf(HasSubstr("redis URI \"" + c.uri + "\": "), HasSubstr(c.names))) << c.uri;
    }
}

TEST(RedisUri, MessagesNeverShowThePassword) {
    const std::vector<std::string> uris = {
        "redis://:hunter2@localhost:0",
        "redis://alice:hunter2@localhost/x",
        "redis://alice:hunter2@localhost:6379/1/extra",
        "redis://:hun@ter2@localhost:abc",
        "redis://alice:hunter2%zz@localhost",
        "redis-socket://alice:hunter2@/tmp/r.sock?db=-1",
        "redis-socket://:hunter2@/tmp/r.sock?x=1",
        "rediss://alice:hunter2@localhost:6379",
        "redis-sentinel://:hunter2@localhost:26379",
        "http://alice:hunter2@localhost",
    };
    for (const auto& uri : uris) {
        auto e = parse_error(uri);
        EXPECT_THAT(e.what(), AllOf(Not(HasSubstr("hunter2")), Not(HasSubstr("ter2")), HasSubstr("***"))) << uri;
    }
    EXPECT_THAT(parse_error("redis://alice:hunter2@localhost:0").what(),
                HasSubstr("redis URI \"redis://alice:***@localhost:0\""));
}

TEST(RedisOptionsValidate, AcceptsDefaults) { EXPECT_NO_THROW(RedisOptions{}.validate()); }

TEST(RedisOptionsValidate, UnixSocketNeedsNoHostOrPort) {
    EXPECT_NO_THROW((RedisOptions{.host = "", .port = 0, .unix_socket = "/tmp/redis.sock"}.validate()));
}

struct FieldRejection {
    std::function<void(RedisOptions&)> mutate;
    std::string message;
};

TEST(RedisOptionsValidate, RejectionsNameTheField) {
    using std::chrono::milliseconds;
    const std::vector<FieldRejection> cases = {
        {[](RedisOptions& o) { o.host = ""; }, "redis options: host: must not be empty"},
        {[](RedisOptions& o) { o.port = 0; }, "redis options: port: must be 1..65535 (got 0)"},
        {[](RedisOptions& o) { o.port = 70000; }, "redis options: port: must be 1..65535 (got 70000)"},
        {[](RedisOptions& o) { o.db = -1; }, "redis options: db: must be >= 0 (got -1)"},
        {[](RedisOptions& o) { o.dial_timeout = milliseconds(0); },
         "redis options: dial_timeout: must be > 0 (got 0ms)"},
        {[](RedisOptions& o) { o.read_timeout = milliseconds(-1); },
         "redis options: read_timeout: must be >= 0 (got -1ms)"},
        {[](RedisOptions& o) { o.write_timeout = milliseconds(-5); },
         "redis options: write_timeout: must be >= 0 (got -5ms)"},
        {[](RedisOptions& o) { o.pool_size = -1; }, "redis options: pool_size: must be >= 0 (got -1)"},
        {[](RedisOptions& o) { o.pool_timeout = milliseconds(-1); },
         "redis options: pool_timeout: must be >= 0 (got -1ms)"},
    };
    for (const auto& c : cases) {
        RedisOptions options;
        c.mutate(options);
        try {
            options.validate();
            ADD_FAILURE() << "validate() accepted: " << c.message;
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
            EXPECT_THAT(e.what(), HasSubstr(c.message));
        }
    }
}

TEST(RedisOptionsAddress, NamesHostPortOrSocket) {
    EXPECT_EQ((RedisOptions{.host = "10.1.2.3", .port = 6380}.address()), "10.1.2.3:6380");
    EXPECT_EQ((RedisOptions{.unix_socket = "/tmp/r.sock"}.address()), "unix:/tmp/r.sock");
    EXPECT_EQ((RedisOptions{.host = "::1", .port = 6379}.address()), "[::1]:6379");
}

}  // namespace
}  // namespace asynq
