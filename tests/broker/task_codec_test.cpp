#include "broker/task_codec.h"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "asynq/errors.h"
#include "support/fixtures.h"

namespace asynq::broker {
namespace {

std::string from_hex(const std::string& hex) {
    std::string out;
    for (size_t i = 0; i + 1 < hex.size(); i += 2)
        out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    return out;
}

std::string to_hex(const std::string& bytes) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (unsigned char c : bytes) {
        out.push_back(digits[c >> 4]);
        out.push_back(digits[c & 15]);
    }
    return out;
}

// Spec §3.6 test vectors.
TEST(TaskCodec, EncodesSpecVectors) {
    wire::TaskMessage m;
    m.set_type("email:send");
    m.set_payload(R"({"user_id":42})");
    m.set_id("7837f142-6337-4217-9276-8f27281b67d1");
    m.set_queue("default");
    m.set_retry(25);
    m.set_timeout(1800);
    EXPECT_EQ(to_hex(encode_task_message(m)),
              "0a0a656d61696c3a73656e64120e7b22757365725f6964223a34327d1a2437383337663134322d363333372d343231372d3932"
              "37362d386632373238316236376431220764656661756c74281940880e");
    m.set_retried(1);
    m.set_error_msg("boom");
    m.set_last_failed_at(1700000000);
    EXPECT_TRUE(to_hex(encode_task_message(m)).ends_with("220764656661756c74281930013a04626f6f6d40880e5880e2cfaa06"));
    (*m.mutable_headers())["trace"] = "abc";
    EXPECT_TRUE(to_hex(encode_task_message(m)).ends_with("7a0c0a0574726163651203616263"));
}

// Every hex block of the fixtures README that is a TaskMessage decodes and re-encodes byte for byte.
TEST(TaskCodec, GoldenFixtureMessagesRoundTripByteForByte) {
    std::ifstream in(testing::fixtures_dir() / "README.md");
    std::stringstream ss;
    ss << in.rdbuf();
    std::string readme = ss.str();
    std::regex block(R"(#### TaskMessage: [^\n]*\n[\s\S]*?```\n([0-9a-f]+)\n```)");
    int count = 0;
    for (std::sregex_iterator it(readme.begin(), readme.end(), block), end; it != end; ++it) {
        std::string bytes = from_hex((*it)[1].str());
        auto message = decode_task_message(bytes, "fixture");
        EXPECT_EQ(to_hex(encode_task_message(message)), (*it)[1].str());
        EXPECT_FALSE(message.type().empty());
        ++count;
    }
    EXPECT_EQ(count, 10);  // the README's TaskMessage sections
}

// Every msg stored in every fixture dump round-trips too.
TEST(TaskCodec, EveryFixtureMsgRoundTrips) {
    int count = 0;
    for (auto& entry : std::filesystem::directory_iterator(testing::fixtures_dir())) {
        if (entry.path().extension() != ".json") continue;
        auto dump = testing::load_fixture(entry.path().stem().string());
        for (auto& key : dump.keys) {
            auto it = key.hash_value.find("msg");
            if (it == key.hash_value.end()) continue;
            EXPECT_EQ(encode_task_message(decode_task_message(it->second, key.key)), it->second) << key.key;
            ++count;
        }
    }
    EXPECT_GT(count, 30);
}

TEST(TaskCodec, KeepsUnknownFieldsOfNewerWriters) {
    wire::TaskMessage m;
    m.set_type("t");
    m.set_id("x");
    std::string bytes = encode_task_message(m) + from_hex("f8060a");  // field 111, varint 10
    auto decoded = decode_task_message(bytes, "test");
    decoded.set_retried(2);
    EXPECT_NE(to_hex(encode_task_message(decoded)).find("f8060a"), std::string::npos);
}

TEST(TaskCodec, UndecodableBytesAreDataLoss) {
    try {
        decode_task_message("\xff\xff\xff", "asynq:{q}:t:bad");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::kDataLoss);
        EXPECT_NE(std::string(e.what()).find("asynq:{q}:t:bad"), std::string::npos);
    }
}

}  // namespace
}  // namespace asynq::broker
