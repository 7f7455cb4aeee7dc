#include "support/dump_compare.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <regex>
#include <set>

#include "broker/proto/asynq.pb.h"
#include "util/text.h"

namespace asynq::testing {
namespace {

const std::regex kTaskKey(R"(^(asynq:\{[^}]*\}:t:)(.+)$)");
const std::regex kQueueOfKey(R"(^asynq:\{([^}]*)\}:)");
const std::regex kUuid("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

/// A dump with ids replaced by labels, times made relative to the dump moment.
struct Normalised {
    std::map<std::string, DumpedKey> keys;  // by relabelled key
    // Ids are unique per queue only (the same id may exist in two queues), so labels are per queue.
    std::map<std::pair<std::string, std::string>, std::string> label_of_id;  // (queue, id) -> label
    std::set<std::pair<std::string, std::string>> labels;                    // (queue, label)
    double taken_at_s = 0;
};

std::string label_for(const wire::TaskMessage& m) {
    return m.type() + "|" + (m.payload().empty() ? std::string("<nil>") : util::base64_encode(m.payload()));
}

std::string queue_of(const std::string& key) {
    std::smatch m;
    return std::regex_search(key, m, kQueueOfKey) ? m[1].str() : std::string();
}

Normalised normalise(const Dump& dump, std::vector<std::string>& problems, const char* who,
                     std::chrono::milliseconds delay) {
    Normalised out;
    out.taken_at_s = static_cast<double>((dump.taken_at_ms - delay.count())) / 1000.0;
    for (auto& k : dump.keys) {
        std::smatch m;
        if (k.type != "hash" || !std::regex_match(k.key, m, kTaskKey)) continue;
        auto it = k.hash_value.find("msg");
        wire::TaskMessage msg;
        if (it == k.hash_value.end() || !msg.ParseFromString(it->second)) {
            problems.push_back(fmt::format("{}: {} has no decodable msg", who, k.key));
            continue;
        }
        std::string label = label_for(msg);
        std::string queue = queue_of(k.key);
        if (!out.labels.insert({queue, label}).second) {
            problems.push_back(fmt::format("{}: two tasks in queue {} share the label {}", who, queue, label));
        }
        out.label_of_id[{queue, m[2].str()}] = label;
    }
    for (auto k : dump.keys) {
        const std::string queue = queue_of(k.key);
        auto relabel = [&](const std::string& s) {
            auto it = out.label_of_id.find({queue, s});
            return it == out.label_of_id.end() ? s : it->second;
        };
        std::smatch m;
        if (std::regex_match(k.key, m, kTaskKey)) k.key = m[1].str() + relabel(m[2].str());
        for (auto& v : k.list_value) v = relabel(v);
        for (auto& [member, score] : k.zset_value) member = relabel(member);
        if (k.type == "set") std::sort(k.list_value.begin(), k.list_value.end());
        if (k.key.find(":unique:") != std::string::npos) k.string_value = relabel(k.string_value);
        out.keys[k.key] = k;
    }
    return out;
}

bool is_unix_time_text(const std::string& s) {
    return s.size() >= 10 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

class Comparer {
public:
    Comparer(const Normalised& go, const Normalised& ours, const DumpComparison& how, std::vector<std::string>& out)
        : go_(go), ours_(ours), tolerance_(static_cast<double>(how.tolerance.count())), out_(out) {}

    void time(const std::string& where, double go_value, double our_value) {
        if ((go_value == 0) != (our_value == 0)) {
            out_.push_back(fmt::format("{}: Go {} vs ours {} (one is unset)", where, go_value, our_value));
            return;
        }
        if (go_value == 0) return;
        double go_rel = go_value - go_.taken_at_s, our_rel = our_value - ours_.taken_at_s;
        if (std::fabs(go_rel - our_rel) > tolerance_) {
            out_.push_back(fmt::format("{}: Go {:.0f}s after/before its dump vs ours {:.0f}s", where, go_rel, our_rel));
        }
    }

    void id(const std::string& where, const std::string& go_id, const std::string& our_id) {
        bool go_random = std::regex_match(go_id, kUuid);
        if (go_random ? !std::regex_match(our_id, kUuid) : go_id != our_id) {
            out_.push_back(fmt::format("{}: id Go \"{}\" vs ours \"{}\"", where, go_id, our_id));
        }
    }

    void message(const std::string& where, const std::string& go_bytes, const std::string& our_bytes) {
        wire::TaskMessage g, o;
        if (!g.ParseFromString(go_bytes) || !o.ParseFromString(our_bytes)) {
            out_.push_back(where + ": msg does not decode");
            return;
        }
        auto same = [&](const char* field, const auto& a, const auto& b) {
            if (a != b) out_.push_back(fmt::format("{}.{}: Go \"{}\" vs ours \"{}\"", where, field, a, b));
        };
        same("type", g.type(), o.type());
        same("payload", util::base64_encode(g.payload()), util::base64_encode(o.payload()));
        id(where + ".id", g.id(), o.id());
        same("queue", g.queue(), o.queue());
        same("retry", g.retry(), o.retry());
        same("retried", g.retried(), o.retried());
        same("error_msg", g.error_msg(), o.error_msg());
        same("timeout", g.timeout(), o.timeout());
        time(where + ".deadline", static_cast<double>(g.deadline()), static_cast<double>(o.deadline()));
        same("unique_key", g.unique_key(), o.unique_key());
        time(where + ".last_failed_at", static_cast<double>(g.last_failed_at()),
             static_cast<double>(o.last_failed_at()));
        same("retention", g.retention(), o.retention());
        time(where + ".completed_at", static_cast<double>(g.completed_at()), static_cast<double>(o.completed_at()));
        same("group_key", g.group_key(), o.group_key());
        std::map<std::string, std::string> gh(g.headers().begin(), g.headers().end());
        std::map<std::string, std::string> oh(o.headers().begin(), o.headers().end());
        if (gh != oh) out_.push_back(where + ".headers differ");
    }

    void key(const DumpedKey& g, const DumpedKey& o) {
        const std::string& k = g.key;
        if (g.type != o.type) {
            out_.push_back(fmt::format("{}: type Go {} vs ours {}", k, g.type, o.type));
            return;
        }
        if ((g.ttl_ms < 0) != (o.ttl_ms < 0)) {
            out_.push_back(fmt::format("{}: TTL Go {}ms vs ours {}ms", k, g.ttl_ms, o.ttl_ms));
        } else if (g.ttl_ms >= 0 && std::fabs(static_cast<double>(g.ttl_ms - o.ttl_ms)) > tolerance_ * 1000) {
            out_.push_back(fmt::format("{}: TTL Go {}ms vs ours {}ms", k, g.ttl_ms, o.ttl_ms));
        }
        if (g.type == "string") {
            if (is_unix_time_text(g.string_value) && is_unix_time_text(o.string_value) && g.string_value.size() == 10) {
                time(k, std::stod(g.string_value), std::stod(o.string_value));
            } else if (g.string_value != o.string_value) {
                out_.push_back(fmt::format("{}: value Go \"{}\" vs ours \"{}\"", k, g.string_value, o.string_value));
            }
        } else if (g.type == "hash") {
            hash(k, g, o);
        } else if (g.type == "list" || g.type == "set") {
            if (g.list_value != o.list_value) {
                out_.push_back(fmt::format("{}: Go [{}] vs ours [{}]", k, fmt::join(g.list_value, ", "),
                                           fmt::join(o.list_value, ", ")));
            }
        } else if (g.type == "zset") {
            // Compared as member -> score: zset order is by score, and ties are ordered by the (random) ids.
            std::map<std::string, double> gz(g.zset_value.begin(), g.zset_value.end());
            std::map<std::string, double> oz(o.zset_value.begin(), o.zset_value.end());
            for (auto& [member, score] : gz) {
                auto it = oz.find(member);
                if (it == oz.end()) {
                    out_.push_back(fmt::format("{}: member {} missing in ours", k, member));
                    continue;
                }
                if (it->second != std::floor(it->second)) {
                    out_.push_back(fmt::format("{}: score {} of {} is not whole", k, it->second, member));
                }
                time(fmt::format("{} score of {}", k, member), score, it->second);
            }
            for (auto& [member, score] : oz) {
                if (!gz.count(member)) out_.push_back(fmt::format("{}: extra member {} in ours", k, member));
            }
        }
    }

    void hash(const std::string& k, const DumpedKey& g, const DumpedKey& o) {
        std::vector<std::string> gf, of;
        for (auto& [f, v] : g.hash_value) gf.push_back(f);
        for (auto& [f, v] : o.hash_value) of.push_back(f);
        if (gf != of) {
            out_.push_back(fmt::format("{}: fields Go [{}] vs ours [{}]", k, fmt::join(gf, ","), fmt::join(of, ",")));
            return;
        }
        for (auto& [field, gv] : g.hash_value) {
            const std::string& ov = o.hash_value.at(field);
            if (field == "msg") {
                message(k + " msg", gv, ov);
            } else if (field == "pending_since") {
                time(k + " pending_since", std::stod(gv) / 1e9, std::stod(ov) / 1e9);
            } else if (gv != ov) {
                out_.push_back(fmt::format("{}.{}: Go \"{}\" vs ours \"{}\"", k, field, gv, ov));
            }
        }
    }

private:
    const Normalised& go_;
    const Normalised& ours_;
    double tolerance_;
    std::vector<std::string>& out_;
};

}  // namespace

std::vector<std::string> compare_dumps(const Dump& go_dump, const Dump& our_dump, const DumpComparison& how) {
    std::vector<std::string> problems;
    Normalised go = normalise(go_dump, problems, "Go", how.go_dump_delay);
    Normalised ours = normalise(our_dump, problems, "ours", std::chrono::milliseconds(0));
    auto included = [&](const std::string& key) { return !how.include || how.include(key); };
    Comparer compare(go, ours, how, problems);
    for (auto& [key, g] : go.keys) {
        if (!included(key)) continue;
        auto it = ours.keys.find(key);
        if (it == ours.keys.end()) {
            problems.push_back("missing in ours: " + key);
            continue;
        }
        compare.key(g, it->second);
    }
    for (auto& [key, o] : ours.keys) {
        if (included(key) && !go.keys.count(key)) problems.push_back("extra in ours: " + key);
    }
    return problems;
}

}  // namespace asynq::testing
