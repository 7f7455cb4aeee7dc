// `asynq --config FILE` and $HOME/.asynq.yaml, run as the real binary against the test Redis: which source wins
// (flag > environment > config file > default) and how a bad file is reported.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "cli_runner.h"
#include "support/redis_server.h"
#include "support/temp_dir.h"
#include "support/test_redis.h"

namespace asynq::testing {
namespace {

class ConfigFileTest : public RedisTest {
protected:
    // A file in the test's home directory (HOME of the CLI runs below).
    std::string write(const std::string& name, const std::string& content) {
        const std::string path = home_.file(name);
        replace_file(path, content);
        return path;
    }
    void write_default(const std::string& content) { write(".asynq.yaml", content); }

    CliResult cli(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
        env.emplace("HOME", home_.path().string());
        CliRun run;
        run.args = std::move(args);
        run.env = std::move(env);
        return run_cli(run);
    }

    // `queue ls` on db `db` of the test server, told by flags alone (its output says whether a queue is there).
    std::string queues_in_db(int db) {
        return run_cli({"queue", "ls", "--uri", server().uri(), "--db", std::to_string(db)}).out;
    }

    // Go's form of uri: a bare host:port.
    std::string address() { return "127.0.0.1:" + std::to_string(server().port()); }

    TempDir home_;
};

TEST_F(ConfigFileTest, DefaultFileInHomeGivesUriAndDb) {
    write_default("# Go's CLI reads the same file\nuri: " + address() + "\ndb: 2\n");
    const auto result = cli({"task", "enqueue", "t", "--queue", "from-file"});
    ASSERT_EQ(result.exit_status, 0) << result.err;
    EXPECT_EQ(queues_in_db(2), "from-file\n");
    EXPECT_EQ(queues_in_db(0), "");
}

TEST_F(ConfigFileTest, ExplicitConfigReplacesTheDefaultFile) {
    write_default("uri: 127.0.0.1:1\n");  // would be unreachable
    const std::string path = write("other.yaml", "uri: " + address() + "\ndb: 3\n");
    const auto result = cli({"--config", path, "task", "enqueue", "t", "--queue", "explicit"});
    ASSERT_EQ(result.exit_status, 0) << result.err;
    EXPECT_EQ(queues_in_db(3), "explicit\n");
    // Given after the command name too, like every global flag.
    ASSERT_EQ(cli({"queue", "ls", "--config", path}).out, "explicit\n");
}

TEST_F(ConfigFileTest, FlagBeatsEnvironmentBeatsFileBeatsDefault) {
    write_default("uri: 127.0.0.1:1\ndb: 4\n");
    // The file's unreachable uri is used when nothing else names one...
    const auto from_file = cli({"queue", "ls"});
    EXPECT_EQ(from_file.exit_status, 3);
    EXPECT_NE(from_file.err.find("127.0.0.1:1"), std::string::npos) << from_file.err;
    // ...the environment beats it (db still from the file)...
    ASSERT_EQ(cli({"task", "enqueue", "t", "--queue", "env"}, {{"ASYNQ_URI", server().uri()}}).exit_status, 0);
    EXPECT_EQ(queues_in_db(4), "env\n");
    // ...and flags beat both.
    const auto flags = cli({"task", "enqueue", "t", "--queue", "flags", "--uri", server().uri(), "--db", "5"},
                           {{"ASYNQ_URI", "127.0.0.1:1"}});
    ASSERT_EQ(flags.exit_status, 0) << flags.err;
    EXPECT_EQ(queues_in_db(5), "flags\n");
    // A db in the URI is kept: the file only fills in what the URI leaves out.
    ASSERT_EQ(cli({"task", "enqueue", "t", "--queue", "uri-db", "--uri", server().uri() + "/6"}).exit_status, 0);
    EXPECT_EQ(queues_in_db(6), "uri-db\n");
}

TEST_F(ConfigFileTest, UsernameAndPasswordFromTheFileUnlessTheEnvironmentOrAFlagGivesThem) {
    // An ACL user beside the default one (which keeps no password, for the other tests).
    redis().command({"ACL", "SETUSER", "bob", "on", ">right", "~*", "&*", "+@all"});
    struct DeleteUser {
        TestRedis& redis;
        ~DeleteUser() { redis.command({"ACL", "DELUSER", "bob"}); }
    } delete_user{redis()};

    write_default("uri: " + address() + "\nusername: bob\npassword: wrong\n");
    const auto wrong = cli({"queue", "ls"});
    EXPECT_EQ(wrong.exit_status, 2);
    EXPECT_NE(wrong.err.find("WRONGPASS"), std::string::npos) << wrong.err;
    EXPECT_EQ(cli({"queue", "ls"}, {{"ASYNQ_PASSWORD", "right"}}).exit_status, 0);
    EXPECT_EQ(cli({"queue", "ls", "--password", "right"}, {{"ASYNQ_PASSWORD", "wrong"}}).exit_status, 0);
    write_default("uri: " + address() + "\nusername: bob\npassword: right\n");
    EXPECT_EQ(cli({"queue", "ls"}).exit_status, 0);
    EXPECT_EQ(cli({"queue", "ls", "--username", "nobody"}).exit_status, 2);  // the flag wins over the file
}

TEST_F(ConfigFileTest, MissingDefaultFileIsIgnoredMissingExplicitFileIsAnError) {
    const auto without = cli({"queue", "ls", "--uri", server().uri()});
    EXPECT_EQ(without.exit_status, 0) << without.err;
    EXPECT_EQ(without.err, "");

    const std::string missing = home_.file("nope.yaml");
    const auto result = cli({"queue", "ls", "--uri", server().uri(), "--config", missing});
    EXPECT_EQ(result.exit_status, 2);
    EXPECT_EQ(result.out, "");
    EXPECT_EQ(result.err_lines(),
              (std::vector<std::string>{"asynq: config file " + missing + ": No such file or directory"}));

    const auto directory = cli({"queue", "ls", "--uri", server().uri(), "--config", home_.path().string()});
    EXPECT_EQ(directory.exit_status, 2);
    EXPECT_EQ(directory.err_lines(),
              (std::vector<std::string>{"asynq: config file " + home_.path().string() + ": is a directory"}));
}

TEST_F(ConfigFileTest, UnknownKeyOrMalformedFileIsOneLineNamingTheFileAndStatus2) {
    struct Case {
        std::string content;
        std::string expected_error;
    };
    const std::string path = home_.file(".asynq.yaml");
    for (const Case& c : std::vector<Case>{
             {"uri: " + address() + "\nhost: x\n",
              "asynq: config file " + path +
                  ": unknown key \"host\" (line 2) (known keys: uri, username, password, db)"},
             {"cluster: true\n", "asynq: config file " + path +
                                     ": key \"cluster\" (line 1) of Go's CLI is not supported by asynq-cpp (known "
                                     "keys: uri, username, password, db)"},
             {"db: two\n", "asynq: config file " + path + ": db (line 1): must be an integer >= 0, got \"two\""},
             {"uri: [a, b]\n", "asynq: config file " + path + ": uri (line 1): must be a single value"},
             {"- uri\n", "asynq: config file " + path +
                             ": must be a mapping of flag names to values (e.g. \"uri: 127.0.0.1:6379\")"},
         }) {
        write_default(c.content);
        const auto result = cli({"queue", "ls", "--uri", server().uri()});
        EXPECT_EQ(result.exit_status, 2) << c.content;
        EXPECT_EQ(result.out, "");
        EXPECT_EQ(result.err_lines(), std::vector<std::string>{c.expected_error});
    }

    write_default("uri: [127.0.0.1:6379\n");
    const auto malformed = cli({"queue", "ls", "--uri", server().uri()});
    EXPECT_EQ(malformed.exit_status, 2);
    ASSERT_EQ(malformed.err_lines().size(), 1u) << malformed.err;
    EXPECT_TRUE(malformed.err.starts_with("asynq: config file " + path + ": not valid YAML: ")) << malformed.err;
}

TEST_F(ConfigFileTest, EmptyFileIsAllowed) {
    write_default("# nothing yet\n");
    const auto result = cli({"queue", "ls", "--uri", server().uri()});
    EXPECT_EQ(result.exit_status, 0) << result.err;
}

TEST_F(ConfigFileTest, SchedulersOwnConfigFlagStillNamesItsTaskFile) {
    // After `scheduler`, --config is the scheduler's task file; the connection file goes before the command name.
    write_default("uri: 127.0.0.1:1\n");
    const std::string connection = write("connection.yaml", "uri: " + address() + "\n");
    const std::string tasks = write("tasks.yaml", "tasks:\n  - {cron: \"@every 1h\", type: 42\n");  // malformed
    const auto result = cli({"--config", connection, "scheduler", "--config", tasks});
    EXPECT_EQ(result.exit_status, 2);
    EXPECT_NE(result.err.find("--config: " + tasks), std::string::npos) << result.err;
}

}  // namespace
}  // namespace asynq::testing
