#include "cli/task_info_json.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "util/text.h"

namespace asynq::cli {
namespace {

using namespace std::chrono_literals;
using Json = nlohmann::ordered_json;

TaskInfo::TimePoint at_unix(std::chrono::nanoseconds since_epoch) {
    return TaskInfo::TimePoint{std::chrono::duration_cast<TaskInfo::TimePoint::duration>(since_epoch)};
}

TEST(TaskInfoJson, FreshTaskHasDocumentedKeysInOrderAndNulls) {
    TaskInfo info;
    info.id = "id1";
    info.queue = "default";
    info.type = "email:send";
    info.payload = R"({"to":"a@b"})";
    info.max_retry = 25;
    info.timeout = 1800s;
    info.next_process_at = at_unix(1'795'600'800s);  // 2026-11-25T10:00:00Z

    const Json json = task_info_to_json(info);
    std::vector<std::string> keys;
    for (const auto& item : json.items()) keys.push_back(item.key());
    EXPECT_EQ(keys, (std::vector<std::string>{"id", "queue", "type", "payload", "headers", "state", "max_retry",
                                              "retried", "last_error", "last_failed_at", "timeout_seconds", "deadline",
                                              "group", "next_process_at", "retention_seconds", "completed_at", "result",
                                              "is_orphaned"}));
    EXPECT_EQ(json["payload"], R"({"to":"a@b"})");
    EXPECT_EQ(json["headers"], Json::object());
    EXPECT_EQ(json["state"], "pending");
    EXPECT_EQ(json["timeout_seconds"], 1800);
    EXPECT_EQ(json["next_process_at"], "2026-11-25T10:00:00Z");
    for (const char* key : {"last_error", "last_failed_at", "deadline", "group", "completed_at", "result"}) {
        EXPECT_TRUE(json[key].is_null()) << key;
    }
}

TEST(TaskInfoJson, BinaryPayloadAndResultAreBase64WithEncodingKey) {
    TaskInfo info;
    info.payload = std::string("\xff\x00\x01", 3);
    info.result = std::string("\xc3\x28", 2);  // invalid 2-byte sequence

    const Json json = task_info_to_json(info);
    EXPECT_EQ(json["payload"], "/wAB");
    EXPECT_EQ(json["payload_encoding"], "base64");
    EXPECT_EQ(json["result"], "wyg=");
    EXPECT_EQ(json["result_encoding"], "base64");
}

TEST(TaskInfoJson, FilledFieldsAreReported) {
    TaskInfo info;
    info.state = TaskState::kRetry;
    info.headers = {{"k", "v"}};
    info.retried = 2;
    info.last_error = "boom";
    info.last_failed_at = at_unix(1'795'600'800s + 500ms);
    info.deadline = at_unix(4'070'908'800s);
    info.group = "g";
    info.retention = 3600s;
    info.result = "ok";
    info.is_orphaned = true;

    const Json json = task_info_to_json(info);
    EXPECT_EQ(json["state"], "retry");
    EXPECT_EQ(json["headers"], (Json{{"k", "v"}}));
    EXPECT_EQ(json["retried"], 2);
    EXPECT_EQ(json["last_error"], "boom");
    EXPECT_EQ(json["last_failed_at"], "2026-11-25T10:00:00.5Z");
    EXPECT_EQ(json["deadline"], "2099-01-01T00:00:00Z");
    EXPECT_EQ(json["group"], "g");
    EXPECT_EQ(json["retention_seconds"], 3600);
    EXPECT_EQ(json["result"], "ok");
    EXPECT_FALSE(json.contains("result_encoding"));
    EXPECT_EQ(json["is_orphaned"], true);
}

TEST(BinaryText, Utf8Validation) {
    EXPECT_TRUE(util::is_valid_utf8(""));
    EXPECT_TRUE(util::is_valid_utf8("plain ascii"));
    EXPECT_TRUE(util::is_valid_utf8("\xc2\xb5s \xe2\x82\xac \xf0\x9f\x98\x80"));  // µs € 😀
    EXPECT_TRUE(util::is_valid_utf8(std::string("nul\0inside", 10)));
    EXPECT_FALSE(util::is_valid_utf8("\xff"));
    EXPECT_FALSE(util::is_valid_utf8("\xc2"));              // truncated
    EXPECT_FALSE(util::is_valid_utf8("\xc0\xaf"));          // overlong '/'
    EXPECT_FALSE(util::is_valid_utf8("\xe0\x80\xaf"));      // overlong
    EXPECT_FALSE(util::is_valid_utf8("\xed\xa0\x80"));      // surrogate U+D800
    EXPECT_FALSE(util::is_valid_utf8("\xf4\x90\x80\x80"));  // U+110000
    EXPECT_FALSE(util::is_valid_utf8("\x80"));              // lone continuation byte
}

TEST(BinaryText, InvalidUtf8IsReplacedBytewise) {
    EXPECT_EQ(util::replace_invalid_utf8(""), "");
    EXPECT_EQ(util::replace_invalid_utf8("\xc2\xb5s \xf0\x9f\x98\x80"), "\xc2\xb5s \xf0\x9f\x98\x80");
    EXPECT_EQ(util::replace_invalid_utf8("a\xff-"), "a\xef\xbf\xbd-");
    EXPECT_EQ(util::replace_invalid_utf8("\xc0\xaf"), "\xef\xbf\xbd\xef\xbf\xbd");  // overlong: each byte
    EXPECT_EQ(util::replace_invalid_utf8("cut \xe2\x82"), "cut \xef\xbf\xbd\xef\xbf\xbd");
    EXPECT_TRUE(util::is_valid_utf8(util::replace_invalid_utf8("\xed\xa0\x80\xf4\x90\x80\x80")));
}

TEST(BinaryText, Base64MatchesRfc4648Vectors) {
    EXPECT_EQ(util::base64_encode(""), "");
    EXPECT_EQ(util::base64_encode("f"), "Zg==");
    EXPECT_EQ(util::base64_encode("fo"), "Zm8=");
    EXPECT_EQ(util::base64_encode("foo"), "Zm9v");
    EXPECT_EQ(util::base64_encode("foob"), "Zm9vYg==");
    EXPECT_EQ(util::base64_encode("fooba"), "Zm9vYmE=");
    EXPECT_EQ(util::base64_encode("foobar"), "Zm9vYmFy");
    EXPECT_EQ(util::base64_encode("\xff\xfe\xfd"), "//79");
}

}  // namespace
}  // namespace asynq::cli
