#include "util/digest.h"

#include <openssl/evp.h>

#include <stdexcept>

namespace asynq::util {
namespace {

std::string digest_hex(std::string_view bytes, const EVP_MD* algorithm, const char* name) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, algorithm, nullptr) != 1) {
        throw std::runtime_error(std::string(name) + ": OpenSSL EVP_Digest failed");
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        out.push_back(kHex[digest[i] >> 4]);
        out.push_back(kHex[digest[i] & 0x0f]);
    }
    return out;
}

}  // namespace

std::string md5_hex(std::string_view bytes) { return digest_hex(bytes, EVP_md5(), "md5"); }

std::string sha1_hex(std::string_view bytes) { return digest_hex(bytes, EVP_sha1(), "sha1"); }

std::string sha256_hex(std::string_view bytes) { return digest_hex(bytes, EVP_sha256(), "sha256"); }

}  // namespace asynq::util
