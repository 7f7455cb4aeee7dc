#include "support/fixtures.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "util/text.h"

namespace asynq::testing {

const DumpedKey* Dump::find(const std::string& key) const {
    for (auto& k : keys) {
        if (k.key == key) return &k;
    }
    return nullptr;
}

std::filesystem::path fixtures_dir() { return std::filesystem::path(ASYNQ_SHARED_DIR) / "fixtures"; }

namespace {

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The README's scenario table: | `name.json` | taken_at_ms | ...
std::int64_t taken_at_from_readme(const std::string& scenario) {
    std::string readme = read_file(fixtures_dir() / "README.md");
    std::regex row("\\| `" + scenario + "\\.json` \\| ([0-9]+) \\|");
    std::smatch m;
    if (!std::regex_search(readme, m, row)) throw std::runtime_error("no taken_at_ms for " + scenario);
    return std::stoll(m[1].str());
}

}  // namespace

Dump load_fixture(const std::string& scenario) {
    auto json = nlohmann::json::parse(read_file(fixtures_dir() / (scenario + ".json")));
    Dump dump;
    dump.taken_at_ms = taken_at_from_readme(scenario);
    for (auto& entry : json) {
        DumpedKey k;
        k.key = entry.at("key").get<std::string>();
        k.type = entry.at("type").get<std::string>();
        k.ttl_ms = entry.at("ttl_ms").get<long long>();
        auto& value = entry.at("value");
        if (k.type == "string") {
            k.string_value = util::base64_decode(value.get<std::string>());
        } else if (k.type == "hash") {
            for (auto& [field, v] : value.items()) k.hash_value[field] = util::base64_decode(v.get<std::string>());
        } else if (k.type == "list" || k.type == "set") {
            for (auto& v : value) k.list_value.push_back(util::base64_decode(v.get<std::string>()));
        } else if (k.type == "zset") {
            for (auto& pair : value) {
                k.zset_value.emplace_back(util::base64_decode(pair.at(0).get<std::string>()), pair.at(1).get<double>());
            }
        } else {
            throw std::runtime_error("fixture " + scenario + ": unknown type " + k.type);
        }
        dump.keys.push_back(std::move(k));
    }
    return dump;
}

namespace {
std::string score_text(double score) {
    std::ostringstream out;
    out.precision(17);
    out << score;
    return out.str();
}
}  // namespace

void write_dump(TestRedis& redis, const Dump& dump) {
    for (auto& k : dump.keys) {
        if (k.type == "string") {
            redis.command({"SET", k.key, k.string_value});
        } else if (k.type == "hash") {
            std::vector<std::string> args = {"HSET", k.key};
            for (auto& [f, v] : k.hash_value) {
                args.push_back(f);
                args.push_back(v);
            }
            redis.command(args);
        } else if (k.type == "list") {
            std::vector<std::string> args = {"RPUSH", k.key};  // keeps LRANGE order
            args.insert(args.end(), k.list_value.begin(), k.list_value.end());
            redis.command(args);
        } else if (k.type == "set") {
            std::vector<std::string> args = {"SADD", k.key};
            args.insert(args.end(), k.list_value.begin(), k.list_value.end());
            redis.command(args);
        } else if (k.type == "zset") {
            std::vector<std::string> args = {"ZADD", k.key};
            for (auto& [member, score] : k.zset_value) {
                args.push_back(score_text(score));
                args.push_back(member);
            }
            redis.command(args);
        }
        if (k.ttl_ms > 0) redis.command({"PEXPIRE", k.key, std::to_string(k.ttl_ms)});
    }
}

Dump read_dump(TestRedis& redis) {
    Dump dump;
    dump.taken_at_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    for (auto& key : redis.keys()) {
        DumpedKey k;
        k.key = key;
        k.type = redis.type(key);
        k.ttl_ms = redis.pttl(key);
        if (k.type == "string") {
            k.string_value = redis.get(key).value_or("");
        } else if (k.type == "hash") {
            k.hash_value = redis.hgetall(key);
        } else if (k.type == "list") {
            k.list_value = redis.lrange(key);
        } else if (k.type == "set") {
            auto members = redis.smembers(key);
            k.list_value.assign(members.begin(), members.end());
        } else if (k.type == "zset") {
            k.zset_value = redis.zrange_withscores(key);
        }
        dump.keys.push_back(std::move(k));
    }
    return dump;
}

}  // namespace asynq::testing
