#include "redis/command.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace asynq::redis {
namespace {

using Strings = std::vector<std::string>;

const Script kScript{.name = "enqueue", .source = "return 1", .sha1 = "e0e1f9fabfc9d4800c877a703b823ac0578ff8db"};

TEST(RedisCommand, KeyedAndKeyless) {
    auto keyed = Command::keyed("asynq:{q}:pending", {"LLEN", "asynq:{q}:pending"});
    EXPECT_EQ(keyed.args, (Strings{"LLEN", "asynq:{q}:pending"}));
    EXPECT_EQ(keyed.route_key, "asynq:{q}:pending");
    EXPECT_EQ(keyed.script, nullptr);

    auto keyless = Command::keyless({"ping"});
    EXPECT_EQ(keyless.args, (Strings{"ping"}));
    EXPECT_EQ(keyless.route_key, "");
    EXPECT_EQ(keyless.describe(), "PING");
}

TEST(RedisCommand, ArgsAreBinarySafe) {
    const std::string bytes("\0\xff\r\n", 4);
    auto command = Command::keyed("k", {"SET", "k", bytes});
    EXPECT_EQ(command.args[2], bytes);
}

TEST(RedisCommand, EvalIsEvalshaRoutedByFirstKey) {
    auto command = Command::eval(kScript, {"k1", "k2"}, {"a", "b", "c"});
    EXPECT_EQ(command.args, (Strings{"EVALSHA", std::string(kScript.sha1), "2", "k1", "k2", "a", "b", "c"}));
    EXPECT_EQ(command.route_key, "k1");
    EXPECT_EQ(command.script, &kScript);
    EXPECT_EQ(command.describe(), "EVALSHA enqueue");
}

TEST(RedisCommand, AsEvalSendsTheSource) {
    auto eval = Command::eval(kScript, {"k1"}, {"a"}).as_eval();
    EXPECT_EQ(eval.args, (Strings{"EVAL", "return 1", "1", "k1", "a"}));
    EXPECT_EQ(eval.route_key, "k1");
    EXPECT_EQ(eval.describe(), "EVAL enqueue");
}

TEST(RedisCommand, EvalWithoutKeysIsRejected) {
    EXPECT_THROW(Command::eval(kScript, {}, {"a"}), std::invalid_argument);
}

TEST(RedisCommand, AsEvalOfPlainCommandIsALogicError) {
    EXPECT_THROW(Command::keyless({"PING"}).as_eval(), std::logic_error);
}

}  // namespace
}  // namespace asynq::redis
