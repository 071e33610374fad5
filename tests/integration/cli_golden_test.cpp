// Golden-output tests of the command line, as osmium-tool has them: the help of every command path,
// `serve --print-config`, and what the demo data gives for `registry report|rows`, `export coverage
// --format csv` and `tiles seed` (local build), each compared byte for byte with a file under
// tests/cli/. A changed output is either a regression or a change to review in the diff of the file:
//   COVERMAP_UPDATE_GOLDEN=1 build/tests/integration_tests --gtest_filter='CliGolden.*'
// rewrites the files. Times, temporary paths and import dates are replaced by placeholders first.
#include <gtest/gtest.h>

#include <dirent.h>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "tests/support/fixtures.hpp"
#include "tests/support/test_db.hpp"

namespace covermap::testing {
namespace {

const std::string golden_dir = std::string(COVERMAP_SOURCE_DIR) + "/tests/cli";

bool updating() {
    const char* v = std::getenv("COVERMAP_UPDATE_GOLDEN");
    return v != nullptr && std::string(v) == "1";
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return "<missing: " + path + ">";
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Compares `actual` with tests/cli/NAME (or writes it when updating). On a difference the message
// names the first differing line, so the failure reads without a diff tool.
void expect_golden(const std::string& name, const std::string& actual) {
    const std::string path = golden_dir + "/" + name;
    if (updating()) {
        std::ofstream(path, std::ios::binary) << actual;
        return;
    }
    const std::string expected = read_file(path);
    if (expected == actual) return;
    std::istringstream a(actual), e(expected);
    std::string la, le;
    int line = 0;
    while (true) {
        ++line;
        const bool more_a = static_cast<bool>(std::getline(a, la)), more_e = static_cast<bool>(std::getline(e, le));
        if (!more_a && !more_e) break;
        if (!more_a || !more_e || la != le) {
            ADD_FAILURE() << "tests/cli/" << name << " differs at line " << line << "\n  expected: " << (more_e ? le : "<end>")
                          << "\n  actual:   " << (more_a ? la : "<end>")
                          << "\n(review the change, then COVERMAP_UPDATE_GOLDEN=1 to accept it)";
            return;
        }
    }
    ADD_FAILURE() << "tests/cli/" << name << " differs (line endings?)";
}

// Replaces what changes from run to run or from checkout to checkout: durations, temporary
// directories, timestamps, the source directory.
std::string normalised(std::string text) {
    const std::string source = COVERMAP_SOURCE_DIR;
    for (auto at = text.find(source); at != std::string::npos; at = text.find(source, at)) text.replace(at, source.size(), "<source>");
    text = std::regex_replace(text, std::regex(R"(/tmp/covermap-[A-Za-z0-9_-]+)"), "<tmp>");
    text = std::regex_replace(text, std::regex(R"(\b\d+(\.\d+)? ?(s|ms)\b)"), "<time>");
    text = std::regex_replace(text, std::regex(R"(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}(:?\d{2})?)?)"),
                              "<timestamp>");
    return text;
}

// The subcommands a help text lists ("Subcommands:" then two-space-indented names).
std::vector<std::string> subcommands(const std::string& help) {
    std::vector<std::string> out;
    std::istringstream in(help);
    bool inside = false;
    for (std::string line; std::getline(in, line);) {
        if (line == "Subcommands:") {
            inside = true;
            continue;
        }
        if (!inside) continue;
        if (line.empty()) break;
        static const std::regex entry(R"(^  ([a-z][a-z-]*)\s)");
        std::smatch m;
        if (std::regex_search(line, m, entry)) out.push_back(m[1]);
    }
    return out;
}

std::string file_name_of(const std::vector<std::string>& path) {
    std::string name = "help";
    for (const auto& p : path) name += "-" + p;
    return name + ".txt";
}

const std::string nowhere = "postgresql://covermap@/covermap?host=/nonexistent&port=1";

TEST(CliGolden, HelpOfEveryCommandPath) {
    std::vector<std::vector<std::string>> pending{{}};
    std::set<std::string> written;
    while (!pending.empty()) {
        const auto path = pending.back();
        pending.pop_back();
        auto args = path;
        args.push_back("-h");
        const auto r = run_covermap(nowhere, args);
        ASSERT_EQ(r.exit_code, 0) << file_name_of(path) << ": " << r.err;
        EXPECT_EQ(r.err, "") << file_name_of(path);
        expect_golden(file_name_of(path), normalised(r.out));
        written.insert(file_name_of(path));
        for (const auto& sub : subcommands(r.out)) {
            auto next = path;
            next.push_back(sub);
            pending.push_back(next);
        }
    }
    EXPECT_GE(written.size(), 30u) << "the command tree was not walked";
    // A golden file of a command that no longer exists is stale: fail, so it is removed.
    if (DIR* d = opendir(golden_dir.c_str())) {
        while (const dirent* e = readdir(d)) {
            const std::string name = e->d_name;
            if (name.rfind("help", 0) == 0 && written.count(name) == 0) {
                if (updating()) std::remove((golden_dir + "/" + name).c_str());
                else ADD_FAILURE() << "tests/cli/" << name << " belongs to no command path";
            }
        }
        closedir(d);
    }
}

TEST(CliGolden, PrintConfigShowsEveryDefault) {
    const auto r = run_covermap(nowhere, {"serve", "--print-config"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    expect_golden("serve-print-config.toml", r.out);
}

// The demo province is the same for the same seed: its registry reports, its coverage export and
// its tiles' sizes are fixed outputs.
class CliGoldenDemo : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        url_ = new std::string(migrated_database("covermap_test_cli_golden"));
        const auto demo = run_covermap(*url_, {"demo", "--communes", "4", "--seed", "7"});
        ASSERT_EQ(demo.exit_code, 0) << demo.err;
    }
    static void TearDownTestSuite() {
        delete url_;
        url_ = nullptr;
    }
    static std::string* url_;
};
std::string* CliGoldenDemo::url_ = nullptr;

TEST_F(CliGoldenDemo, RegistryListReportAndRows) {
    const auto list = run_covermap(*url_, {"registry", "list"});
    ASSERT_EQ(list.exit_code, 0) << list.err;
    expect_golden("demo-registry-list.txt", normalised(list.out));
    // The newest import (the demo's second registry) has rows to fix.
    std::smatch m;
    std::string last_id;
    std::istringstream in(list.out);
    for (std::string line; std::getline(in, line);) {
        if (std::regex_search(line, m, std::regex(R"(^\s*(\d+)\s)"))) last_id = m[1];
    }
    ASSERT_FALSE(last_id.empty()) << list.out;
    const auto report = run_covermap(*url_, {"registry", "report", last_id});
    ASSERT_EQ(report.exit_code, 0) << report.err;
    expect_golden("demo-registry-report.csv", report.out);
    const auto rows = run_covermap(*url_, {"registry", "rows", last_id});
    ASSERT_EQ(rows.exit_code, 0) << rows.err;
    expect_golden("demo-registry-rows.csv", rows.out);
}

TEST_F(CliGoldenDemo, ExportCoverageCsvInBothLanguages) {
    const std::string dir = temp_dir("covermap-golden");
    for (const std::string lang : {"en", "vi"}) {
        const std::string out = dir + "/coverage-" + lang + ".csv";
        const auto r = run_covermap(*url_, {"export", "coverage", "--format", "csv", "--lang", lang, "-o", out});
        ASSERT_EQ(r.exit_code, 0) << r.err;
        expect_golden("demo-export-coverage-" + lang + ".csv", read_file(out));
        expect_golden("demo-export-coverage-" + lang + ".out", normalised(r.out));
    }
    shell("rm -rf " + dir);
}

TEST_F(CliGoldenDemo, TilesSeedReportsTheSizesItBuilt) {
    const auto r = run_covermap(*url_, {"tiles", "seed", "--zooms", "0-9", "--threads", "1"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // The last column is the seconds each zoom took.
    expect_golden("demo-tiles-seed.txt", std::regex_replace(normalised(r.out), std::regex(R"( \d+\.\d+\n)"), " <time>\n"));
}

}  // namespace
}  // namespace covermap::testing
