// Provincial uploads on the real 2025 units: the 2026-06 registry split into one file per
// province (by the truth file, which only tests read) and uploaded one by one for one date gives
// exactly the snapshot of the national file; a re-upload and a withdrawal touch one province.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "db/pool.hpp"
#include "registry/registry_import.hpp"
#include "registry/resolutions.hpp"
#include "registry/snapshot.hpp"
#include "tests/shared/shared_env.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/test_db.hpp"

namespace covermap::testing {
namespace {

const char* const national_date = "2026-02-28";
const char* const provincial_date = "2026-03-31";

class ProvincialUploads : public ::testing::Test {
protected:
    void SetUp() override {
        if (shared_database_url() == nullptr) GTEST_SKIP() << "../shared/data is absent";
        conn_ = db::connect(*shared_database_url(), "covermap tests");
        dir_ = temp_dir("covermap-provincial");
    }
    // The snapshots made here go again, whatever happened: later tests expect the shared ones only.
    void TearDown() override {
        if (!conn_) return;
        pqxx::work tx(*conn_);
        const std::string dates = std::string("('") + national_date + "', '" + provincial_date + "')";
        tx.exec("DELETE FROM coverage WHERE as_of IN " + dates);
        tx.exec("DELETE FROM registry_import WHERE as_of IN " + dates);
        tx.exec("DELETE FROM unit_alias");
        tx.exec("SELECT bump_data_version('registry')");
        tx.commit();
        shell("rm -rf " + dir_);
    }
    registry::registry_import_result import(const std::string& path, const std::string& as_of) {
        registry::registry_import_options o;
        o.path = path;
        o.edition = "2025";
        o.as_of = as_of;
        o.imported_by = "tests";
        return registry::import_registry(*conn_, o);
    }
    std::string scalar(const std::string& sql) {
        pqxx::read_transaction tx(*conn_);
        const auto f = tx.exec1(sql)[0];
        return f.is_null() ? "NULL" : f.as<std::string>();
    }
    // Roll-up rows of one snapshot not in the other (every figure), and teams per hamlet likewise.
    std::string differences(const std::string& a, const std::string& b, const std::string& where = "true") {
        const std::string rollups =
            "SELECT c.unit_id, c.hamlets, c.covered_hamlets, c.teams, c.members, c.households, c.households_supported, "
            "c.ecommerce_households, c.cashless_households FROM coverage c JOIN admin_unit u ON u.id = c.unit_id "
            "JOIN edition e ON e.id = c.edition_id WHERE e.name = '2025' AND (" + where + ") AND c.as_of = ";
        const std::string teams =
            "SELECT t.hamlet_id, count(*), sum(t.members), sum(t.households_supported) FROM team t "
            "JOIN registry_import ri ON ri.id = t.import_id JOIN admin_unit u ON u.id = t.hamlet_id "
            "JOIN edition e ON e.id = ri.edition_id WHERE e.name = '2025' AND ri.replaced_at IS NULL AND (" + where +
            ") AND ri.as_of = ";
        auto one_way = [&](const std::string& x, const std::string& y) {
            return scalar("SELECT (SELECT count(*) FROM (" + rollups + "'" + x + "' EXCEPT " + rollups + "'" + y + "') d) || ' roll-ups, ' || "
                          "(SELECT count(*) FROM (" + teams + "'" + x + "' GROUP BY t.hamlet_id EXCEPT " + teams + "'" + y +
                          "' GROUP BY t.hamlet_id) d) || ' hamlets'");
        };
        return one_way(a, b) + " | " + one_way(b, a);
    }

    std::unique_ptr<pqxx::connection> conn_;
    std::string dir_;
};

TEST_F(ProvincialUploads, SplitByProvinceAddsUpToTheNationalFile) {
    const std::string source = shared_data_dir() + "/registry/teams_2026-06.csv";
    const auto national = import(source, national_date);
    ASSERT_GT(national.teams, 50000);

    // Province of every row: where the national import placed it (so that each file is what that
    // province's office would send), else the truth's commune, else the row above's.
    std::map<std::string, std::string> province_of_row;
    {
        pqxx::read_transaction tx(*conn_);
        std::map<std::string, std::string> province_of_commune;
        for (const auto& r : tx.exec("SELECT c.code, p.code FROM admin_unit c JOIN admin_unit p ON p.id = c.parent_id "
                                     "JOIN edition e ON e.id = c.edition_id WHERE e.name = '2025' AND c.level = 'commune'")) {
            province_of_commune[r[0].c_str()] = r[1].c_str();
        }
        for (const auto& [row, t] : read_truth(shared_data_dir() + "/registry/teams_2026-06.truth.csv")) {
            if (const auto it = province_of_commune.find(t.commune_code); it != province_of_commune.end()) province_of_row[row] = it->second;
        }
        for (const auto& r : tx.exec_params("SELECT row_no, commune_code FROM registry_row WHERE import_id = $1 AND commune_code IS NOT NULL",
                                            national.import_id)) {
            if (const auto it = province_of_commune.find(r[1].c_str()); it != province_of_commune.end()) province_of_row[r[0].c_str()] = it->second;
        }
    }
    std::ifstream in(source, std::ios::binary);
    std::string header;
    std::getline(in, header);
    std::map<std::string, std::string> files;  // province code → its file's text
    std::string last = "20";
    for (std::string line; std::getline(in, line);) {
        const std::string row = line.substr(0, line.find(','));
        if (const auto it = province_of_row.find(row); it != province_of_row.end()) last = it->second;
        files[last] += line + "\n";
    }
    ASSERT_GE(files.size(), 30u);
    long long teams = 0;
    for (const auto& [code, text] : files) {
        const std::string path = dir_ + "/teams_" + code + ".csv";
        std::ofstream(path, std::ios::binary) << header << "\n" << text;
        const auto r = import(path, provincial_date);
        ASSERT_EQ(r.scope_kind, "placed");
        ASSERT_GE(r.scope.size(), 1u) << code;
        EXPECT_EQ(r.scope.front().code, code);
        EXPECT_TRUE(r.retired.empty()) << code << ": an upload of another province retired import " << r.retired.front();
        teams += r.teams;
    }
    // Exactly the national snapshot: every roll-up and the teams of every hamlet.
    EXPECT_EQ(teams, national.teams);
    EXPECT_EQ(differences(national_date, provincial_date), "0 roll-ups, 0 hamlets | 0 roll-ups, 0 hamlets");
    EXPECT_EQ(scalar(std::string("SELECT count(*) FROM snapshot_supply WHERE as_of = '") + provincial_date + "'"),
              std::to_string(files.size()));

    // Re-upload Lạng Sơn (20) with its first half only: 20 changes, nothing outside it does.
    // Not correlated with u (unit_roots once, a hashed sub-plan): per row it took minutes.
    const std::string outside_20 = "u.id NOT IN (SELECT r.id FROM unit_roots((SELECT id FROM edition WHERE name = '2025')) r "
                                   "JOIN admin_unit p ON p.id = r.root_id WHERE p.code = '20')";
    const std::string& lang_son = files.at("20");
    const std::string half = lang_son.substr(0, lang_son.find('\n', lang_son.size() / 2) + 1);
    const std::string path = dir_ + "/teams_20_half.csv";
    std::ofstream(path, std::ios::binary) << header << "\n" << half;
    const auto again = import(path, provincial_date);
    ASSERT_EQ(again.retired.size(), 1u);
    EXPECT_EQ(differences(national_date, provincial_date, outside_20), "0 roll-ups, 0 hamlets | 0 roll-ups, 0 hamlets");
    EXPECT_NE(differences(national_date, provincial_date), "0 roll-ups, 0 hamlets | 0 roll-ups, 0 hamlets");
    const std::string province_20 = std::string("SELECT teams FROM coverage c JOIN admin_unit u ON u.id = c.unit_id "
                                                "WHERE u.level = 'province' AND u.code = '20' AND c.as_of = '") + provincial_date + "'";
    EXPECT_EQ(scalar(province_20), std::to_string(again.teams));

    // Withdraw it: Lạng Sơn has no teams in the snapshot; the rest is still the national file.
    registry::withdraw_options w;
    w.import_id = again.import_id;
    w.withdrawn_by = "tests";
    const auto withdrawn = registry::withdraw_import(*conn_, w);
    ASSERT_EQ(withdrawn.withdrawn.size(), 1u);
    EXPECT_EQ(withdrawn.withdrawn[0].code, "20");
    EXPECT_EQ(scalar(province_20), "0");
    EXPECT_EQ(differences(national_date, provincial_date, outside_20), "0 roll-ups, 0 hamlets | 0 roll-ups, 0 hamlets");
}

// The rows the import could not place (ambiguous, unknown unit) whose truth is a real hamlet,
// resolved as a steward would: the snapshot gains their teams at once, and the next import of the
// file places them by alias.
TEST_F(ProvincialUploads, ResolutionsOfTheSharedRegistryStickAcrossImports) {
    const std::string source = shared_data_dir() + "/registry/teams_2026-06.csv";
    const auto first = import(source, national_date);
    std::map<std::string, std::string> truth;  // row_no → hamlet code, for the rows whose truth is ok
    for (const auto& [row, t] : read_truth(shared_data_dir() + "/registry/teams_2026-06.truth.csv")) {
        if (t.kind == "ok") truth[row] = t.hamlet_code;
    }
    registry::resolve_options o;
    o.import_id = first.import_id;
    o.resolved_by = "tests";
    std::map<std::string, std::string> resolved;  // row_no → hamlet
    {
        pqxx::read_transaction tx(*conn_);
        std::set<std::string> taken;
        for (const auto& r : tx.exec_params("SELECT hamlet_code FROM registry_row WHERE import_id = $1 AND outcome IN "
                                            "('exact', 'normalised', 'fuzzy')", first.import_id)) {
            taken.insert(r[0].c_str());
        }
        for (const auto& r : tx.exec_params("SELECT line, row_no FROM registry_row WHERE import_id = $1 AND outcome IN "
                                            "('ambiguous', 'unknown_unit') ORDER BY line", first.import_id)) {
            const auto t = truth.find(r[1].c_str());
            if (t == truth.end() || !taken.insert(t->second).second) continue;
            o.items.push_back({r[0].as<long long>(), t->second, "row " + std::string(r[1].c_str())});
            resolved[r[1].c_str()] = t->second;
        }
    }
    ASSERT_GE(o.items.size(), 50u);
    const auto r = registry::resolve_rows(*conn_, o);
    EXPECT_EQ(r.placed, static_cast<long long>(o.items.size()));
    EXPECT_EQ(r.teams, first.teams + r.placed);
    const std::string national_teams = std::string("SELECT sum(c.teams) FROM coverage c JOIN admin_unit u ON u.id = c.unit_id "
                                                   "WHERE u.level = 'province' AND c.as_of = '") + national_date + "'";
    EXPECT_EQ(scalar(national_teams), std::to_string(r.teams));

    // The file again, for another date: every resolved row placed by its alias on the same hamlet.
    // (Names resolved to two hamlets at once — two hamlets of one name in a commune — get no alias.)
    EXPECT_EQ(r.aliases + static_cast<long long>(r.not_aliased.size()), static_cast<long long>(o.items.size()));
    EXPECT_GE(r.aliases, static_cast<long long>(0.95 * static_cast<double>(o.items.size())));
    const auto again = import(source, provincial_date);
    EXPECT_EQ(again.counts.at("alias"), r.aliases);
    EXPECT_EQ(again.teams, first.teams + r.aliases);
    pqxx::read_transaction tx(*conn_);
    long long same = 0;
    for (const auto& row : tx.exec_params("SELECT row_no, hamlet_code FROM registry_row WHERE import_id = $1 AND outcome = 'alias'",
                                          again.import_id)) {
        same += resolved.at(row[0].c_str()) == row[1].c_str();
    }
    EXPECT_EQ(same, r.aliases);
    std::printf("[ steward  ] %zu rows resolved (%lld aliases, %zu names resolved to two hamlets); the next import placed %lld by alias\n",
                o.items.size(), r.aliases, r.not_aliased.size(), same);
}

}  // namespace
}  // namespace covermap::testing
