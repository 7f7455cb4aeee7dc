#include "redis/connection.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "redis/errors.h"
#include "support/eventually.h"
#include "support/test_redis.h"

namespace asynq::redis {
namespace {

using namespace std::chrono_literals;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::RedisServer;

class RedisConnectionTest : public asynq::testing::RedisTest {
protected:
    std::unique_ptr<Connection> connect(const RedisOptions& options) {
        return Connection::open(Endpoint::from_options(options), options);
    }
    std::unique_ptr<Connection> connect() { return connect(server().options()); }
};

TEST_F(RedisConnectionTest, RunsCommandsAndReturnsReplies) {
    auto connection = connect();
    EXPECT_EQ(connection->run(Command::keyless({"PING"})).as_string(), "PONG");
    EXPECT_EQ(connection->run(Command::keyed("k", {"SET", "k", "v"})).as_string(), "OK");
    EXPECT_EQ(connection->run(Command::keyed("k", {"GET", "k"})).as_string(), "v");
    EXPECT_TRUE(connection->run(Command::keyed("missing", {"GET", "missing"})).is_nil());
    EXPECT_EQ(connection->run(Command::keyed("n", {"INCRBY", "n", "5"})).as_integer(), 5);
    EXPECT_EQ(redis().get("k"), "v");
    EXPECT_FALSE(connection->broken());
}

TEST_F(RedisConnectionTest, ErrorRepliesAreValuesNotExceptions) {
    redis().command({"SET", "s", "not a number"});
    auto connection = connect();
    Reply reply = connection->run(Command::keyed("s", {"INCR", "s"}));
    ASSERT_TRUE(reply.is_error()) << reply.debug_string();
    EXPECT_EQ(reply.error_prefix(), "ERR");
    EXPECT_FALSE(connection->broken());
    EXPECT_EQ(connection->run(Command::keyless({"PING"})).as_string(), "PONG");
}

TEST_F(RedisConnectionTest, ArgumentsAndRepliesAreBinarySafe) {
    const std::string key("key\0\xff", 5);
    const std::string value("a\0b\xff\r\n$3\r\n", 10);
    auto connection = connect();
    connection->run(Command::keyed(key, {"SET", key, value}));
    EXPECT_EQ(connection->run(Command::keyed(key, {"GET", key})).as_string(), value);
    EXPECT_EQ(redis().get(key), value);

    auto array = connection->run(Command::keyed(key, {"MGET", key, key})).as_array();
    ASSERT_EQ(array.size(), 2u);
    EXPECT_EQ(array[1].as_string(), value);
}

std::unique_ptr<RedisServer> start_server_with_password(const std::string& password) {
    return std::make_unique<RedisServer>(RedisServer::Options{.extra_args = {"--requirepass", password}});
}

TEST_F(RedisConnectionTest, AuthenticatesWithPassword) {
    auto secured = start_server_with_password("s3cret-pw");
    auto options = secured->options();

    auto anonymous = connect(options);  // no AUTH: the server refuses commands
    EXPECT_EQ(anonymous->run(Command::keyless({"PING"})).error_prefix(), "NOAUTH");

    options.password = "s3cret-pw";
    EXPECT_EQ(connect(options)->run(Command::keyless({"PING"})).as_string(), "PONG");
}

TEST_F(RedisConnectionTest, WrongPasswordIsInvalidArgumentAndNotShown) {
    auto secured = start_server_with_password("s3cret-pw");
    auto options = secured->options();
    options.password = "wrong-pw-123";
    try {
        connect(options);
        FAIL() << "AUTH with a wrong password succeeded";
    } catch (const ReplyError& e) {
        EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
        EXPECT_THAT(e.what(), AllOf(HasSubstr("redis " + options.address() + ": AUTH: "), HasSubstr("WRONGPASS"),
                                    Not(HasSubstr("wrong-pw-123"))));
    }
}

TEST_F(RedisConnectionTest, AuthenticatesAsAclUser) {
    RedisServer server_with_acl;
    testing::TestRedis admin(server_with_acl);
    admin.command({"ACL", "SETUSER", "alice", "on", ">alice-pw", "~*", "+@all"});

    auto options = server_with_acl.options();
    options.username = "alice";
    options.password = "alice-pw";
    EXPECT_EQ(connect(options)->run(Command::keyless({"ACL", "WHOAMI"})).as_string(), "alice");

    options.password = "not-alices-pw";
    try {
        connect(options);
        FAIL() << "AUTH as alice with a wrong password succeeded";
    } catch (const ReplyError& e) {
        EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
        EXPECT_THAT(e.what(), Not(HasSubstr("not-alices-pw")));
    }
}

TEST_F(RedisConnectionTest, SelectsTheConfiguredDb) {
    auto options = server().options();
    options.db = 3;
    connect(options)->run(Command::keyed("in-db-3", {"SET", "in-db-3", "yes"}));

    testing::TestRedis check(server());
    EXPECT_FALSE(check.exists("in-db-3"));  // not in db 0
    check.command({"SELECT", "3"});
    EXPECT_EQ(check.get("in-db-3"), "yes");
}

TEST_F(RedisConnectionTest, DbTheServerDoesNotHaveIsInvalidArgument) {
    auto options = server().options();
    options.db = 1000;  // default config has 16 databases
    try {
        connect(options);
        FAIL() << "SELECT 1000 succeeded";
    } catch (const ReplyError& e) {
        EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
        EXPECT_THAT(e.what(), HasSubstr(": SELECT: "));
    }
}

TEST_F(RedisConnectionTest, ConnectsOverUnixSocket) {
    RedisOptions options{.unix_socket = server().unix_socket()};
    auto connection = connect(options);
    EXPECT_EQ(connection->endpoint().to_string(), "unix:" + server().unix_socket());
    connection->run(Command::keyed("via-socket", {"SET", "via-socket", "1"}));
    EXPECT_EQ(redis().get("via-socket"), "1");
}

TEST_F(RedisConnectionTest, SlowReplyTimesOut) {
    auto options = server().options();
    options.read_timeout = 100ms;
    auto connection = connect(options);
    try {
        connection->run(Command::keyless({"DEBUG", "SLEEP", "1"}));
        FAIL() << "DEBUG SLEEP 1 returned within a 100ms read timeout";
    } catch (const TimeoutError& e) {
        EXPECT_EQ(e.code(), ErrorCode::kUnavailable);
        EXPECT_THAT(e.what(), HasSubstr("redis " + server().options().address() + ": DEBUG: timed out after 100ms"));
    }
    EXPECT_TRUE(connection->broken());
    EXPECT_TRUE(connection->peer_closed());  // a broken connection never goes back to the pool
    // The reply of the timed-out command may still arrive, so the connection refuses further use.
    EXPECT_THROW(connection->run(Command::keyless({"PING"})), IoError);
}

TEST_F(RedisConnectionTest, RefusedConnectNamesAddress) {
    auto options = server().options();
    options.port = testing::free_port();
    try {
        connect(options);
        FAIL() << "connected to a port nobody listens on";
    } catch (const TimeoutError& e) {
        FAIL() << "refusal reported as a timeout: " << e.what();
    } catch (const IoError& e) {
        EXPECT_EQ(e.code(), ErrorCode::kUnavailable);
        EXPECT_THAT(e.what(), HasSubstr("redis 127.0.0.1:" + std::to_string(options.port) + ": connect: "));
    }
}

TEST_F(RedisConnectionTest, PeerClosedDetectsServerSideClose) {
    auto connection = connect();
    auto id = connection->run(Command::keyless({"CLIENT", "ID"})).as_integer();
    EXPECT_FALSE(connection->peer_closed());

    redis().command({"CLIENT", "KILL", "ID", std::to_string(id)});
    EXPECT_TRUE(testing::eventually([&] { return connection->peer_closed(); }));
    EXPECT_FALSE(connect()->peer_closed());
}

TEST_F(RedisConnectionTest, ReadReplyReceivesPushedMessages) {
    auto connection = connect();
    auto subscribed = connection->run(Command::keyless({"SUBSCRIBE", "news"})).as_array();
    ASSERT_EQ(subscribed.size(), 3u);
    EXPECT_EQ(subscribed[0].as_string(), "subscribe");

    redis().command({"PUBLISH", "news", std::string("hi\0there", 8)});
    auto message = connection->read_reply().as_array();
    ASSERT_EQ(message.size(), 3u);
    EXPECT_EQ(message[0].as_string(), "message");
    EXPECT_EQ(message[1].as_string(), "news");
    EXPECT_EQ(message[2].as_string(), std::string("hi\0there", 8));
}

}  // namespace
}  // namespace asynq::redis
