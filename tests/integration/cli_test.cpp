// The command line: help on every command, exit codes 0/1/2, no progress noise off a terminal.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

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
