// The command line: help on every command, exit codes 0/1/2, no progress noise off a terminal.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "tests/support/fixtures.hpp"
#include "tests/support/test_db.hpp"

namespace covermap::testing {
namespace {

TEST(Cli, HelpOnEveryCommand) {
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"-h"}, {"db", "-h"}, {"db", "migrate", "-h"}, {"import", "-h"}, {"import", "boundaries", "-h"},
             {"demo", "-h"}, {"serve", "-h"}}) {
        const auto r = run_covermap("postgresql://nowhere/none", args);
        EXPECT_EQ(r.exit_code, 0) << args.back();
        EXPECT_NE(r.out.find("Usage:"), std::string::npos) << args.back();
    }
    const auto r = run_covermap("postgresql://nowhere/none", {"import", "boundaries", "-h"});
    for (const char* option : {"--layer", "--edition", "--level", "--code-field", "--name-field", "--parent-code-field",
                               "--population-field", "--households-field", "--s-srs"}) {
        EXPECT_NE(r.out.find(option), std::string::npos) << option;
    }
}

TEST(Cli, UsageErrorsExitTwo) {
    EXPECT_EQ(run_covermap("postgresql://nowhere/none", {}).exit_code, 2);
    EXPECT_EQ(run_covermap("postgresql://nowhere/none", {"frobnicate"}).exit_code, 2);
    const auto r = run_covermap("postgresql://nowhere/none", {"import", "boundaries", "x.gpkg", "--edition", "e"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("--level"), std::string::npos) << r.err;
}

TEST(Cli, UnreachableDatabaseExitsOneWithoutLeakingThePassword) {
    const auto r = run_covermap("postgresql://covermap:hunter2@127.0.0.1:1/covermap", {"db", "migrate"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("cannot connect"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("hunter2"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("***"), std::string::npos) << r.err;
}

TEST(Cli, ImportWritesNoProgressWhenNotATerminal) {
    const std::string url = migrated_database("covermap_test_cli");
    const auto demo = run_covermap(url, {"demo", "--communes", "4"});
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
    const std::string dir = temp_dir("covermap-cli");
    const std::string csv = dir + "/h.csv";
    ASSERT_EQ(std::system(("printf 'code,name,lon,lat\\n1,A,106.6,21.7\\n' > " + csv).c_str()), 0);
    const auto r = run_covermap(url, {"import", "boundaries", csv, "--edition", "x", "--level", "hamlet", "--code-field",
                                      "code", "--name-field", "name"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err.find('\r'), std::string::npos);
    EXPECT_EQ(r.out.find('\r'), std::string::npos);
    EXPECT_NE(r.out.find("imported 1 hamlet units into edition x"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(" s\n"), std::string::npos) << r.out;
    std::system(("rm -rf " + dir).c_str());
}

TEST(Cli, ImportDrawsProgressOnATerminal) {
    const std::string url = migrated_database("covermap_test_cli_tty");
    const std::string dir = temp_dir("covermap-tty");
    const std::string csv = dir + "/h.csv";
    {
        std::ofstream out(csv);
        out << "code,name,lon,lat\n";
        for (int i = 0; i < 200000; ++i) out << i << ",Thôn " << i << "," << 105 + (i % 500) * 0.002 << "," << 21 + (i / 500) * 0.002 << "\n";
    }
    // `script` gives the command a pseudo-terminal, as an operator's shell would.
    const std::string log = dir + "/typescript";
    const std::string command = "script -qfec '" + covermap_binary() + " --database \"" + url + "\" import boundaries " + csv +
                                " --edition x --level hamlet --code-field code --name-field name' " + log + " > /dev/null";
    ASSERT_EQ(std::system(command.c_str()), 0);
    std::ifstream in(log);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_NE(text.str().find("rows/s"), std::string::npos) << text.str().substr(0, 2000);
    EXPECT_NE(text.str().find('\r'), std::string::npos);
    EXPECT_NE(text.str().find("imported 200,000 hamlet units"), std::string::npos);
    std::system(("rm -rf " + dir).c_str());
}

}  // namespace
}  // namespace covermap::testing

namespace covermap::testing {
namespace {

// The configuration file, the environment and the command line, in that order of precedence;
// --print-config shows the result as TOML that --config reads back, without the password; an
// unknown key is an error naming it.
TEST(Cli, ConfigurationFileEnvironmentAndCommandLineInThatOrder) {
    const std::string dir = temp_dir("covermap-config");
    const std::string file = dir + "/covermap.toml";
    std::ofstream(file) << "database = \"postgresql://covermap:s3cret@db.example:5433/covermap\"\n\n[serve]\nport = 9001\n"
                           "tile-cache-mb = 7\nstatement-timeout-ms = 1500\naccess-log = \"off\"\n";
    const std::string bin = "env -u COVERMAP_DATABASE_URL " + covermap_binary();
    auto value = [](const std::string& text, const std::string& key) {
        const auto at = text.find("\n" + key + " = ");
        return at == std::string::npos ? std::string("?") : text.substr(at + key.size() + 4, text.find('\n', at + 1) - at - key.size() - 4);
    };
    const auto file_only = capture(bin + " --config " + file + " serve --print-config");
    ASSERT_EQ(file_only.status, 0) << file_only.output;
    EXPECT_EQ(value(file_only.output, "port"), "9001");
    EXPECT_EQ(value(file_only.output, "tile-cache-mb"), "7");
    EXPECT_EQ(value(file_only.output, "statement-timeout-ms"), "1500");
    EXPECT_EQ(value(file_only.output, "pool-wait-ms"), "5000");  // the default
    EXPECT_EQ(file_only.output.find("s3cret"), std::string::npos) << file_only.output;
    EXPECT_NE(file_only.output.find("postgresql://covermap:***@db.example:5433/covermap"), std::string::npos) << file_only.output;

    const auto env = capture("COVERMAP_TILE_CACHE_MB=9 COVERMAP_PORT=9002 " + bin + " --config " + file + " serve --print-config");
    EXPECT_EQ(value(env.output, "tile-cache-mb"), "9");
    EXPECT_EQ(value(env.output, "port"), "9002");
    const auto cli = capture("COVERMAP_TILE_CACHE_MB=9 " + bin + " --config " + file + " serve --tile-cache-mb 11 -p 9003 --print-config");
    EXPECT_EQ(value(cli.output, "tile-cache-mb"), "11");
    EXPECT_EQ(value(cli.output, "port"), "9003");
    const auto from_env_file = capture("COVERMAP_CONFIG=" + file + " " + bin + " serve --print-config");
    EXPECT_EQ(value(from_env_file.output, "tile-cache-mb"), "7");
    // Address lists: one comma-separated text, printed as given (and read back, below).
    EXPECT_EQ(value(file_only.output, "metrics-allow"), "\"127.0.0.0/8,::1\"");
    const auto lists = capture("COVERMAP_TRUSTED_PROXIES=10.0.0.0/8,fd00::/8 " + bin + " --config " + file + " serve --print-config");
    EXPECT_EQ(value(lists.output, "trusted-proxies"), "\"10.0.0.0/8,fd00::/8\"");
    std::ofstream(dir + "/lists.toml") << lists.output;
    EXPECT_EQ(capture(bin + " --config " + dir + "/lists.toml serve --print-config").output, lists.output);

    // What it prints, it reads back.
    std::ofstream(dir + "/printed.toml") << file_only.output;
    const auto again = capture(bin + " --config " + dir + "/printed.toml serve --print-config");
    EXPECT_EQ(again.status, 0) << again.output;
    EXPECT_EQ(again.output, file_only.output);

    std::ofstream(dir + "/bad.toml") << "[serve]\nprot = 9001\n";
    const auto bad = capture(bin + " --config " + dir + "/bad.toml serve --print-config");
    EXPECT_EQ(bad.status, 2);
    EXPECT_NE(bad.output.find("serve.prot"), std::string::npos) << bad.output;
    std::ofstream(dir + "/range.toml") << "[serve]\ntile-gzip-level = 42\n";
    EXPECT_EQ(capture(bin + " --config " + dir + "/range.toml serve --print-config").status, 2);
    EXPECT_EQ(capture(bin + " --config " + dir + "/missing.toml serve --print-config").status, 2);
    shell("rm -rf " + dir);
}

}  // namespace
}  // namespace covermap::testing
