#include "util/digest.h"

#include <gtest/gtest.h>

namespace asynq::util {
namespace {

TEST(Md5, MatchesKnownDigests) {
    EXPECT_EQ(md5_hex(""), "d41d8cd98f00b204e9800998ecf8427e");
    EXPECT_EQ(md5_hex(R"({"user_id":42})"), "1181f89307fa271072c095747d5813cc");  // spec §1.3 vector
    EXPECT_EQ(md5_hex("k1"), "b637b17af08aced8850c18cccde915da");  // pending_options.json lock of cache:warm
}

TEST(Md5, IsBinarySafe) {
    std::string with_nul("a\0b", 3);
    EXPECT_NE(md5_hex(with_nul), md5_hex("a"));
    EXPECT_EQ(md5_hex(with_nul).size(), 32u);
}

}  // namespace
}  // namespace asynq::util

namespace asynq::util {
namespace {

TEST(Sha1, MatchesKnownDigests) {
    EXPECT_EQ(sha1_hex(""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    EXPECT_EQ(sha1_hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
}

TEST(Sha256, MatchesKnownDigests) {
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace asynq::util
