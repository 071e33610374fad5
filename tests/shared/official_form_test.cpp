// Official forms built from the shared 2026-06 registry (tests/shared/make_official_form.py): the
// rows of five provinces laid out as their offices lay out Excel reports, and Lạng Sơn once more
// as one sheet per commune. Placement must be what it is on the clean table, and no title, group,
// totals or signature row may become a team.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "db/pool.hpp"
#include "registry/registry_import.hpp"
#include "tests/shared/shared_env.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/test_db.hpp"

namespace covermap::testing {
namespace {

const char* const grouped_date = "2026-04-30";
const char* const sheets_date = "2026-05-31";

std::vector<std::vector<std::string>> read_csv_lines(const std::string& path) {
    std::vector<std::vector<std::string>> out;
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::vector<std::string> cells;
        std::stringstream ss(line);
        for (std::string c; std::getline(ss, c, ',');) cells.push_back(c);
        out.push_back(std::move(cells));
    }
    return out;
}

struct tally {
    long long rows = 0, ok = 0, right = 0, wrong = 0, without_key = 0;
    std::map<std::string, std::string> placed_by_row_no;  // registry STT → hamlet placed ("" none)
};

class OfficialForms : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        if (shared_database_url() == nullptr) return;
        dir_ = new std::string(temp_dir("covermap-forms"));
        const auto made = capture("/usr/bin/python3 " COVERMAP_SOURCE_DIR "/tests/shared/make_official_form.py " +
                                  shared_data_dir() + "/registry/teams_2026-06.csv " + *dir_ +
                                  " 'Tỉnh Lạng Sơn' 'Thành phố Hà Nội' 'Tỉnh Gia Lai' 'Tỉnh Nghệ An' 'Thành phố Cần Thơ'");
        made_ = new captured(made);
        truth_ = read_truth(shared_data_dir() + "/registry/teams_2026-06.truth.csv");
        for (const auto& k : read_csv_lines(*dir_ + "/keys.csv")) keys_[k.at(0)][{k.at(1), k.at(2)}] = k.at(3);
    }
    static void TearDownTestSuite() {
        if (shared_database_url() == nullptr) return;
        auto conn = db::connect(*shared_database_url(), "covermap tests");
        pqxx::work tx(*conn);
        const std::string dates = std::string("('") + grouped_date + "', '" + sheets_date + "')";
        tx.exec("DELETE FROM coverage WHERE as_of IN " + dates);
        tx.exec("DELETE FROM registry_import WHERE as_of IN " + dates);
        tx.exec("SELECT bump_data_version('registry')");
        tx.commit();
        shell("rm -rf " + *dir_);
    }
    void SetUp() override {
        if (shared_database_url() == nullptr) GTEST_SKIP() << "../shared/data is absent";
        ASSERT_EQ(made_->status, 0) << made_->output;
        conn_ = db::connect(*shared_database_url(), "covermap tests");
    }

    registry::registry_import_result import(const std::string& file, const std::string& as_of,
                                            const std::vector<std::string>& set = {}) {
        registry::registry_import_options o;
        o.path = *dir_ + "/" + file;
        o.edition = "2025";
        o.as_of = as_of;
        o.imported_by = "tests";
        o.set = set;
        return registry::import_registry(*conn_, o);
    }

    // What the import stored for every row, against the truth through the generator's keys.
    tally measure(const std::string& file, long long import_id) {
        tally t;
        const auto& keys = keys_.at(file);
        pqxx::read_transaction tx(*conn_);
        for (const auto& r : tx.exec_params("SELECT sheet, sheet_row, outcome, coalesce(hamlet_code, '') FROM registry_row "
                                            "WHERE import_id = $1", import_id)) {
            ++t.rows;
            const auto key = keys.find({r[0].c_str(), r[1].c_str()});
            if (key == keys.end()) {
                ++t.without_key;
                ADD_FAILURE() << file << ": sheet '" << r[0].c_str() << "' row " << r[1].c_str() << " is not a team row";
                continue;
            }
            const std::string outcome = r[2].c_str();
            const bool placed = registry::places_a_team(outcome) || outcome == "duplicate" || outcome == "conflict";
            const std::string hamlet = placed ? r[3].c_str() : "";
            t.placed_by_row_no[key->second] = hamlet;
            const auto& truth = truth_.at(key->second);
            if (truth.kind == "ok") {
                ++t.ok;
                t.right += hamlet == truth.hamlet_code;
            }
            if (!hamlet.empty() && hamlet != truth.hamlet_code && (truth.kind == "ok" || truth.kind == "unknown")) ++t.wrong;
        }
        EXPECT_EQ(t.rows, static_cast<long long>(keys.size())) << file << ": every team row read, once";
        return t;
    }

    static std::string* dir_;
    static captured* made_;
    static std::map<std::string, truth_row> truth_;
    static std::map<std::string, std::map<std::pair<std::string, std::string>, std::string>> keys_;
    std::unique_ptr<pqxx::connection> conn_;
};

std::string* OfficialForms::dir_ = nullptr;
captured* OfficialForms::made_ = nullptr;
std::map<std::string, truth_row> OfficialForms::truth_;
std::map<std::string, std::map<std::pair<std::string, std::string>, std::string>> OfficialForms::keys_;

TEST_F(OfficialForms, PlaceTheirTeamsAsTheCleanTableDoes) {
    long long ok = 0, right = 0, wrong = 0, rows = 0;
    std::map<std::string, std::string> lang_son, all;
    std::set<std::string> provinces;
    for (int n = 1; n <= 5; ++n) {
        const std::string file = "form_grouped_" + std::to_string(n) + ".xlsx";
        // Five provinces, one date: each upload adds its province to the snapshot.
        const auto r = import(file, grouped_date);
        ASSERT_EQ(r.scope.size(), 1u) << file;
        provinces.insert(r.scope.front().code);
        EXPECT_TRUE(r.retired.empty()) << file;
        // How the layout was read, as the report shows it.
        ASSERT_GE(r.layout.size(), 3u) << file;
        EXPECT_NE(r.layout.front().find("header on row 7–8 (two rows), column numbers on row 9"), std::string::npos) << r.layout.front();
        EXPECT_EQ(r.skipped.at("title"), 4) << file;
        EXPECT_EQ(r.skipped.at("column numbers"), 1) << file;
        EXPECT_EQ(r.skipped.at("signature"), 4) << file;
        EXPECT_GE(r.skipped.at("blank"), 2) << file;
        EXPECT_EQ(r.skipped.at("totals"), r.skipped.at("group") + 1) << file << ": a Cộng per group and the Tổng cộng";
        const auto t = measure(file, r.import_id);
        EXPECT_EQ(t.without_key, 0) << file;
        std::printf("[ forms    ] %s: %lld rows, ok placed right %lld / %lld, wrong %lld, %lld group rows\n", file.c_str(),
                    t.rows, t.right, t.ok, t.wrong, r.skipped.at("group"));
        ok += t.ok;
        right += t.right;
        wrong += t.wrong;
        rows += t.rows;
        if (n == 1) lang_son = t.placed_by_row_no;
        all.insert(t.placed_by_row_no.begin(), t.placed_by_row_no.end());
        // The teams are exactly the placed rows; STT restarts, so rows are keyed by sheet row.
        pqxx::read_transaction tx(*conn_);
        EXPECT_EQ(tx.exec_params1("SELECT count(*) FROM team WHERE import_id = $1", r.import_id)[0].as<long long>(), r.teams);
        EXPECT_EQ(tx.exec_params1("SELECT count(*) FROM registry_row WHERE import_id = $1 AND row_no IS NOT NULL", r.import_id)[0]
                      .as<long long>(), 0);
    }
    EXPECT_EQ(provinces.size(), 5u);
    // Row by row against the clean national CSV: the same rows land on the same hamlets.
    long long differ = 0;
    {
        std::map<std::string, std::string> clean;
        pqxx::read_transaction tx(*conn_);
        for (const auto& r : tx.exec_params("SELECT row_no, outcome, coalesce(hamlet_code, '') FROM registry_row WHERE import_id = $1",
                                            shared_registry("teams_2026-06.csv").import_id)) {
            const std::string outcome = r[1].c_str();
            const bool placed = registry::places_a_team(outcome) || outcome == "duplicate" || outcome == "conflict";
            clean[r[0].c_str()] = placed ? r[2].c_str() : "";
        }
        for (const auto& [row_no, hamlet] : all) differ += clean.at(row_no) != hamlet;
    }
    std::printf("[ forms    ] rows placed otherwise than in the clean CSV: %lld of %zu\n", differ, all.size());
    EXPECT_LE(static_cast<double>(differ), 0.001 * static_cast<double>(all.size()));
    std::printf("[ forms    ] all: ok rows placed right %lld / %lld (%.3f%%), wrong placements %lld of %lld rows\n", right, ok,
                100.0 * static_cast<double>(right) / static_cast<double>(ok), wrong, rows);
    EXPECT_GE(static_cast<double>(right), 0.995 * static_cast<double>(ok));
    EXPECT_LE(static_cast<double>(wrong), 0.0005 * static_cast<double>(rows));

    // Lạng Sơn again as one sheet per commune, the province given by the uploader: every row on
    // the hamlet the grouped form put it on.
    const auto r = import("form_sheets.xlsx", sheets_date, {"province=Lạng Sơn"});
    EXPECT_GT(r.sheets.size(), 50u);
    EXPECT_EQ(r.skipped.count("group"), 0u);
    EXPECT_EQ(r.skipped.at("totals"), static_cast<long long>(r.sheets.size()));
    const auto t = measure("form_sheets.xlsx", r.import_id);
    EXPECT_EQ(t.without_key, 0);
    EXPECT_EQ(t.placed_by_row_no, lang_son);
    EXPECT_GE(static_cast<double>(t.right), 0.99 * static_cast<double>(t.ok));
}

}  // namespace
}  // namespace covermap::testing
