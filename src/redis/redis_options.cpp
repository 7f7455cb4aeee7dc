// RedisOptions::from_uri(), validate() and address(): the public options type lives in include/asynq, its code
// here, next to the connection code that consumes it.
#include "asynq/redis_options.h"

#include <charconv>
#include <optional>
#include <string>

#include "asynq/errors.h"
#include "redis/endpoint.h"

namespace asynq {
namespace {

constexpr std::string_view kSchemeSeparator = "://";

// The URI as messages may show it. Everything between the scheme and the last '@' that does not belong to the
// user name is masked: showing too little is harmless, showing a password is not.
std::string mask_password(std::string_view uri) {
    auto scheme_end = uri.find(kSchemeSeparator);
    std::size_t start = scheme_end == std::string_view::npos ? 0 : scheme_end + kSchemeSeparator.size();
    auto at = uri.rfind('@');
    if (at == std::string_view::npos || at < start) return std::string(uri);
    auto colon = uri.find(':', start);
    std::size_t secret_start = (colon != std::string_view::npos && colon < at) ? colon + 1 : start;
    return std::string(uri.substr(0, secret_start)) + "***" + std::string(uri.substr(at));
}

std::optional<int> parse_non_negative(std::string_view text) {
    int value = 0;
    if (text.empty() || text.front() < '0' || text.front() > '9') return std::nullopt;  // from_chars takes "-1"
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool is_host_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
           c == '_';
}

bool is_ipv6_char(char c) { return hex_value(c) >= 0 || c == ':' || c == '.'; }

// One parse of one URI; every rejection names the URI (password masked) and the part that is wrong.
class UriParser {
public:
    explicit UriParser(std::string_view uri) : uri_(uri), shown_(mask_password(uri)) {}

    RedisOptions parse() {
        auto scheme_end = uri_.find(kSchemeSeparator);
        if (scheme_end == std::string_view::npos) return parse_bare_address(uri_);
        std::string_view scheme = uri_.substr(0, scheme_end);
        std::string_view rest = uri_.substr(scheme_end + kSchemeSeparator.size());
        if (scheme == "redis") return parse_tcp(rest);
        if (scheme == "redis-socket" || scheme == "unix") return parse_socket(scheme, rest);
        if (scheme == "rediss") reject("TLS is not supported yet");
        if (scheme == "redis-sentinel") reject("Sentinel is not supported yet");
        reject("unknown scheme \"" + std::string(scheme) +
               "\" (expected redis://, redis-socket:// or a bare host:port)");
    }

private:
    [[noreturn]] void reject(const std::string& why) const {
        throw Error(ErrorCode::kInvalidArgument, "redis URI \"" + shown_ + "\": " + why);
    }

    // host:port or host, as Go asynq's CLI takes it: no credentials, no db.
    RedisOptions parse_bare_address(std::string_view address) {
        RedisOptions options;
        auto end = address.find_first_of("/?#@");
        if (end != std::string_view::npos) {
            reject("unexpected \"" + std::string(address.substr(end)) +
                   "\" (a bare address is host[:port]; use redis://[[user]:password@]host[:port][/db])");
        }
        parse_host_port(address, options);
        return options;
    }

    // redis://[[user]:password@]host[:port][/db]
    RedisOptions parse_tcp(std::string_view rest) {
        RedisOptions options;
        // The last '@' ends the user info, so an unescaped '@' in a password still parses.
        if (auto at = rest.rfind('@'); at != std::string_view::npos) {
            parse_user_info(rest.substr(0, at), options);
            rest = rest.substr(at + 1);
        }
        auto host_end = rest.find_first_of("/?#");
        parse_host_port(rest.substr(0, host_end), options);
        if (host_end == std::string_view::npos) return options;

        std::string_view after_host = rest.substr(host_end);
        if (after_host.front() != '/') reject("unexpected \"" + std::string(after_host) + "\" after the address");
        std::string_view path = after_host.substr(1);
        auto db_end = path.find_first_of("/?#");
        std::string_view db_text = path.substr(0, db_end);
        if (!db_text.empty()) options.db = parse_db(db_text);
        if (db_end != std::string_view::npos) {
            reject("unexpected \"" + std::string(path.substr(db_end)) + "\" after the db number");
        }
        return options;
    }

    // redis-socket://[[user]:password@]/path/to.sock[?db=N]
    RedisOptions parse_socket(std::string_view scheme, std::string_view rest) {
        RedisOptions options;
        if (rest.starts_with('/')) {
            shown_ = std::string(uri_);  // no credentials; an '@' belongs to the path
        } else {
            // User info ends where the absolute path begins; the path itself may contain '@'.
            auto at = rest.find("@/");
            if (at == std::string_view::npos) {
                reject("socket path must be absolute (" + std::string(scheme) +
                       "://[[user]:password@]/path/to.sock[?db=N])");
            }
            std::string_view user_info = rest.substr(0, at);
            parse_user_info(user_info, options);
            auto colon = user_info.find(':');
            shown_ = std::string(scheme) + "://" +
                     (colon == std::string_view::npos ? "***" : std::string(user_info.substr(0, colon)) + ":***") +
                     std::string(rest.substr(at));
            rest = rest.substr(at + 1);
        }
        auto query_start = rest.find('?');
        options.unix_socket = std::string(rest.substr(0, query_start));
        if (options.unix_socket == "/") reject("socket path is empty");
        if (query_start == std::string_view::npos) return options;

        std::string_view query = rest.substr(query_start + 1);
        while (!query.empty()) {
            auto amp = query.find('&');
            std::string_view param = query.substr(0, amp);
            query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
            if (param.empty()) continue;
            auto eq = param.find('=');
            std::string_view name = param.substr(0, eq);
            if (name != "db") reject("unknown parameter \"" + std::string(name) + "\" (only db is supported)");
            options.db = parse_db(eq == std::string_view::npos ? std::string_view() : param.substr(eq + 1));
        }
        return options;
    }

    // [user]:password or user; both percent-decoded.
    void parse_user_info(std::string_view user_info, RedisOptions& options) {
        auto colon = user_info.find(':');
        options.username = percent_decode(user_info.substr(0, colon), "user name");
        if (colon != std::string_view::npos) options.password = percent_decode(user_info.substr(colon + 1), "password");
    }

    // host, host:port, [v6], [v6]:port
    void parse_host_port(std::string_view address, RedisOptions& options) {
        std::string_view host;
        std::string_view after_host;
        if (address.starts_with('[')) {
            auto close = address.find(']');
            if (close == std::string_view::npos) reject("missing ']' after IPv6 address");
            host = address.substr(1, close - 1);
            after_host = address.substr(close + 1);
            if (host.empty()) reject("host is empty");
            for (char c : host) {
                if (!is_ipv6_char(c)) reject("host \"[" + std::string(host) + "]\" is not an IPv6 address");
            }
        } else {
            auto colon = address.find(':');
            host = address.substr(0, colon);
            after_host = colon == std::string_view::npos ? std::string_view() : address.substr(colon);
            if (host.empty()) reject("host is empty");
            for (char c : host) {
                if (!is_host_char(c)) reject("host \"" + std::string(host) + "\" is not a valid host name");
            }
        }
        options.host = std::string(host);
        if (after_host.empty()) return;
        if (after_host.front() != ':') reject("unexpected \"" + std::string(after_host) + "\" after the host");
        std::string_view port_text = after_host.substr(1);
        auto port = parse_non_negative(port_text);
        if (!port || *port < 1 || *port > 65535) {
            reject("port \"" + std::string(port_text) + "\" is not a number in 1..65535");
        }
        options.port = *port;
    }

    int parse_db(std::string_view text) const {
        auto db = parse_non_negative(text);
        if (!db) reject("db \"" + std::string(text) + "\" is not a number >= 0");
        return *db;
    }

    std::string percent_decode(std::string_view text, std::string_view what) const {
        std::string out;
        out.reserve(text.size());
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] != '%') {
                out += text[i];
                continue;
            }
            bool complete = i + 2 < text.size();
            int high = complete ? hex_value(text[i + 1]) : -1;
            int low = complete ? hex_value(text[i + 2]) : -1;
            // The text itself may be a password, so the message does not quote it.
            if (high < 0 || low < 0) reject("bad percent-escape in the " + std::string(what));
            out += static_cast<char>(high * 16 + low);
            i += 2;
        }
        return out;
    }

    std::string_view uri_;
    std::string shown_;
};

[[noreturn]] void reject_field(std::string_view field, const std::string& why) {
    throw Error(ErrorCode::kInvalidArgument, "redis options: " + std::string(field) + ": " + why);
}

}  // namespace

RedisOptions RedisOptions::from_uri(std::string_view uri) { return UriParser(uri).parse(); }

void RedisOptions::validate() const {
    if (unix_socket.empty()) {
        if (host.empty()) reject_field("host", "must not be empty (or set unix_socket)");
        if (port < 1 || port > 65535) reject_field("port", "must be 1..65535 (got " + std::to_string(port) + ")");
    }
    if (db < 0) reject_field("db", "must be >= 0 (got " + std::to_string(db) + ")");
    auto ms = [](std::chrono::milliseconds d) { return std::to_string(d.count()) + "ms"; };
    if (dial_timeout.count() <= 0) reject_field("dial_timeout", "must be > 0 (got " + ms(dial_timeout) + ")");
    if (read_timeout.count() < 0) reject_field("read_timeout", "must be >= 0 (got " + ms(read_timeout) + ")");
    if (write_timeout.count() < 0) reject_field("write_timeout", "must be >= 0 (got " + ms(write_timeout) + ")");
    if (pool_size < 0) reject_field("pool_size", "must be >= 0 (got " + std::to_string(pool_size) + ")");
    if (pool_timeout.count() < 0) reject_field("pool_timeout", "must be >= 0 (got " + ms(pool_timeout) + ")");
}

std::string RedisOptions::address() const { return redis::Endpoint::from_options(*this).to_string(); }

}  // namespace asynq
