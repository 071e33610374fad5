// The crosswalk 2009 → 2025 on the real boundaries (built once for the suite through the product's
// builder): shares sum to 1 per old unit, area is conserved, area shares agree with an independent
// ST_Area(ST_Intersection) on a sample of 100 communes, every 2009 hamlet is counted in exactly one
// pair, and GET /api/crosswalk answers for a Lạng Sơn commune.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "api/server.hpp"
#include "boundaries/crosswalk.hpp"
#include "db/pool.hpp"
#include "core/error.hpp"
#include "registry/indicator_import.hpp"
#include "tests/shared/shared_env.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/mvt_decode.hpp"
#include "tests/support/test_db.hpp"
#include "tests/support/test_server.hpp"
#include "tiles/tile_grid.hpp"

namespace covermap::testing {
namespace {

using json = nlohmann::json;

class Crosswalk : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        if (shared_database_url() == nullptr) return;
        auto conn = db::connect(*shared_database_url(), "covermap tests");
        const auto start = std::chrono::steady_clock::now();
        built_ = new boundaries::crosswalk_build_result(
            boundaries::build_crosswalk(*conn, "2009", "2025", boundaries::default_sliver_tolerance, "tests"));
        std::printf("[ shared   ] crosswalk 2009 -> 2025: %lld pairs, %lld slivers dropped, %lld hamlets (%lld outside) in %.1f s\n",
                    built_->pairs, built_->slivers_dropped, built_->hamlets, built_->hamlets_outside,
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    // Later suites see the shared data as it was (and boundary imports rebuild nothing).
    static void TearDownTestSuite() {
        if (built_ == nullptr) return;
        auto conn = db::connect(*shared_database_url(), "covermap tests");
        pqxx::work tx(*conn);
        tx.exec("DELETE FROM indicator WHERE converted_from IS NOT NULL");
        tx.exec("DELETE FROM indicator_import WHERE file_name LIKE 'crosswalk-test-%'");
        tx.exec("DELETE FROM crosswalk_build");
        tx.commit();
        delete built_;
        built_ = nullptr;
    }
    void SetUp() override {
        if (shared_database_url() == nullptr) GTEST_SKIP() << "../shared/data is absent";
        conn_ = db::connect(*shared_database_url(), "covermap tests");
    }
    pqxx::row one(const std::string& sql) {
        pqxx::read_transaction tx(*conn_);
        return tx.exec1(sql);
    }
    static boundaries::crosswalk_build_result* built_;
    std::unique_ptr<pqxx::connection> conn_;
};
boundaries::crosswalk_build_result* Crosswalk::built_ = nullptr;

const char* const pairs_2009_2025 =
    " crosswalk_pair p JOIN edition f ON f.id = p.from_edition_id AND f.name = '2009'"
    " JOIN edition t ON t.id = p.to_edition_id AND t.name = '2025' WHERE p.method = 'spatial' ";

TEST_F(Crosswalk, EveryOldUnitIsThereAndItsSharesSumToOne) {
    EXPECT_EQ(built_->levels, (std::vector<std::string>{"province", "commune"}));
    EXPECT_EQ(built_->old_units, 63 + 11163);
    const auto r = one(std::string("SELECT count(*) FILTER (WHERE level = 'province'), count(*) FILTER (WHERE level = 'commune'), "
                                   "max(abs(a - 1)), max(abs(p - 1)), max(abs(h - 1)), count(h) FILTER (WHERE level = 'commune') FROM ("
                                   "SELECT p.level, p.old_unit_id, sum(p.area_share) AS a, sum(p.population_share) AS p, "
                                   "sum(p.hamlet_share) AS h FROM") + pairs_2009_2025 + "GROUP BY 1, 2) s");
    EXPECT_EQ(r[0].as<long long>(), 63);
    EXPECT_EQ(r[1].as<long long>(), 11163);
    EXPECT_LT(r[2].as<double>(), 1e-9);
    EXPECT_LT(r[3].as<double>(), 1e-9);
    EXPECT_LT(r[4].as<double>(), 1e-9);
    // Communes without hamlets have no hamlet share; the others all do.
    EXPECT_EQ(r[5].as<long long>(),
              one("SELECT count(DISTINCT h.parent_id) FROM admin_unit h JOIN edition e ON e.id = h.edition_id "
                  "WHERE e.name = '2009' AND h.level = 'hamlet'")[0].as<long long>());
}

TEST_F(Crosswalk, TotalAreaIsConserved) {
    for (const char* level : {"province", "commune"}) {
        // Each old unit's area, and the part of it its pairs hand on (share × area, summed).
        const auto r = one(std::string("SELECT sum(m2), sum(m2 * handed) FROM (SELECT ST_Area(ST_Transform(u.geom, 6933)) AS m2, "
                                       "(SELECT sum(p.area_share) FROM") + pairs_2009_2025 + "AND p.old_unit_id = u.id) AS handed "
                           "FROM admin_unit u JOIN edition e ON e.id = u.edition_id WHERE e.name = '2009' AND u.level = '" + level + "') s");
        EXPECT_NEAR(r[1].as<double>() / r[0].as<double>(), 1.0, 1e-9) << level;
    }
}

// Independently of the builder (whole polygons, no box clipping, no staging tables): for 100 old
// communes, every 2025 commune they overlap by at least the tolerance is a pair, its stored area is
// PostGIS's ST_Area(ST_Intersection) in EPSG:6933, and its share is that area over the kept ones.
TEST_F(Crosswalk, AreaSharesAgreeWithPostgisOnASampleOfOneHundredCommunes) {
    const auto r = one(std::string(
        "WITH sample AS (SELECT u.id, u.geom, ST_Area(ST_Transform(u.geom, 6933)) AS m2 FROM admin_unit u JOIN edition e ON e.id = u.edition_id "
        "  WHERE e.name = '2009' AND u.level = 'commune' ORDER BY md5(u.code) LIMIT 100), "
        "truth AS (SELECT s.id AS old_id, n.id AS new_id, s.m2 AS old_m2, "
        "  ST_Area(ST_Intersection(ST_Transform(s.geom, 6933), ST_Transform(n.geom, 6933))) AS m2 "
        "  FROM sample s JOIN admin_unit n ON ST_Intersects(n.geom, s.geom) JOIN edition e ON e.id = n.edition_id "
        "  WHERE e.name = '2025' AND n.level = 'commune'), "
        "kept AS (SELECT t.*, t.m2 / sum(t.m2) OVER (PARTITION BY t.old_id) AS share FROM truth t WHERE t.m2 >= 0.001 * t.old_m2), "
        "stored AS (SELECT p.* FROM") + pairs_2009_2025 + "AND p.level = 'commune' AND p.old_unit_id IN (SELECT id FROM sample)) "
        "SELECT (SELECT count(DISTINCT old_id) FROM kept), (SELECT count(*) FROM kept), "
        "  (SELECT count(*) FROM kept k JOIN stored s ON s.old_unit_id = k.old_id AND s.new_unit_id = k.new_id), "
        "  (SELECT max(abs(s.intersection_m2 - k.m2) / k.m2) FROM kept k JOIN stored s ON s.old_unit_id = k.old_id AND s.new_unit_id = k.new_id), "
        "  (SELECT max(abs(s.area_share - k.share)) FROM kept k JOIN stored s ON s.old_unit_id = k.old_id AND s.new_unit_id = k.new_id), "
        "  (SELECT count(*) FROM stored s WHERE s.area_share > 0 AND NOT EXISTS "
        "     (SELECT 1 FROM kept k WHERE k.old_id = s.old_unit_id AND k.new_id = s.new_unit_id))");
    EXPECT_EQ(r[0].as<long long>(), 100);
    EXPECT_GT(r[1].as<long long>(), 100);
    EXPECT_EQ(r[2].as<long long>(), r[1].as<long long>()) << "kept overlaps missing from the crosswalk";
    EXPECT_LT(r[3].as<double>(), 1e-9) << "intersection area (relative)";
    EXPECT_LT(r[4].as<double>(), 1e-9) << "area share";
    EXPECT_EQ(r[5].as<long long>(), 0) << "pairs with area the independent check drops";
}

// Each 2009 hamlet counts once, in the 2025 commune its point falls in (a border point in the lower
// id, a point in none in the nearest), and the hamlet shares are those counts over the old commune's.
TEST_F(Crosswalk, EveryHamletCountsInExactlyOnePair) {
    const auto r = one(std::string(
        "WITH h AS (SELECT h.id, h.parent_id AS old_id, h.geom FROM admin_unit h JOIN edition e ON e.id = h.edition_id "
        "  WHERE e.name = '2009' AND h.level = 'hamlet'), "
        "inside AS (SELECT h.id, min(n.id) AS new_id, count(*) AS k FROM admin_unit n JOIN edition e ON e.id = n.edition_id "
        "  JOIN admin_unit h ON h.geom && n.geom AND ST_Intersects(n.geom, h.geom) JOIN edition he ON he.id = h.edition_id "
        "  WHERE e.name = '2025' AND n.level = 'commune' AND he.name = '2009' AND h.level = 'hamlet' GROUP BY h.id), "
        "placed AS (SELECT h.id, h.old_id, coalesce(i.new_id, (SELECT c.id FROM (SELECT n.id, n.geom FROM admin_unit n "
        "  WHERE n.edition_id = (SELECT id FROM edition WHERE name = '2025') AND n.level = 'commune' ORDER BY n.geom <-> h.geom LIMIT 5) c "
        "  ORDER BY ST_Distance(ST_Transform(c.geom, 6933), ST_Transform(h.geom, 6933)) LIMIT 1)) AS new_id, "
        "  coalesce(i.k, 0) AS inside FROM h LEFT JOIN inside i ON i.id = h.id), "
        "counted AS (SELECT old_id, new_id, count(*) AS n, count(*)::float8 / sum(count(*)) OVER (PARTITION BY old_id) AS share "
        "  FROM placed GROUP BY 1, 2), "
        "stored AS (SELECT p.* FROM") + pairs_2009_2025 + "AND p.level = 'commune' AND p.hamlets > 0) "
        "SELECT (SELECT count(*) FROM placed), (SELECT count(*) FROM placed WHERE inside = 1), (SELECT count(*) FROM placed WHERE inside > 1), "
        "  (SELECT sum(hamlets) FROM stored), (SELECT count(*) FROM counted), "
        "  (SELECT count(*) FROM counted c JOIN stored s ON s.old_unit_id = c.old_id AND s.new_unit_id = c.new_id AND s.hamlets = c.n), "
        "  (SELECT max(abs(s.hamlet_share - c.share)) FROM counted c JOIN stored s ON s.old_unit_id = c.old_id AND s.new_unit_id = c.new_id), "
        "  (SELECT count(*) FROM stored)");
    const long long hamlets = r[0].as<long long>();
    EXPECT_EQ(hamlets, 102046);
    EXPECT_EQ(built_->hamlets, hamlets);
    std::printf("[ shared   ] 2009 hamlets in one 2025 commune: %lld, on a border: %lld, in none: %lld\n", r[1].as<long long>(),
                r[2].as<long long>(), hamlets - r[1].as<long long>() - r[2].as<long long>());
    EXPECT_GT(r[1].as<double>() / static_cast<double>(hamlets), 0.99);
    EXPECT_EQ(r[3].as<long long>(), hamlets) << "every hamlet counted exactly once";
    EXPECT_EQ(r[5].as<long long>(), r[4].as<long long>()) << "pairs whose hamlet count differs from the independent count";
    EXPECT_EQ(r[7].as<long long>(), r[4].as<long long>()) << "pairs with hamlets the independent count has not";
    EXPECT_LT(r[6].as<double>(), 1e-12);
}

// The 2023-12 snapshot (2009 units) on the 2025 communes: for every commune, the hamlets with a team
// equal an independent PostGIS point-in-polygon count of the 2009 hamlets with a team (a point on a
// border to the lower unit id, a point in no commune to the nearest in EPSG:6933, as the build
// says); teams and members add up to the snapshot's.
TEST_F(Crosswalk, The2023SnapshotOnThe2025CommunesMatchesAPointInPolygonCount) {
    pqxx::read_transaction tx(*conn_);
    const auto converted = boundaries::convert_snapshot(tx, "2009", "2025", "2023-12-31", "commune");
    EXPECT_EQ(converted.units.size(), 3321u);
    std::map<std::string, long long> covered;
    long long teams = 0, members = 0, hamlets = 0;
    for (const auto& u : converted.units) {
        covered[u.code] = u.covered_hamlets;
        teams += u.teams;
        members += u.members;
        hamlets += u.hamlets;
    }
    std::map<std::string, long long> independent;
    for (const auto& r : tx.exec(
             "WITH snap AS (SELECT DISTINCT t.hamlet_id FROM team t JOIN registry_import ri ON ri.id = t.import_id "
             "  JOIN edition e ON e.id = ri.edition_id WHERE e.name = '2009' AND ri.as_of = '2023-12-31' AND ri.replaced_at IS NULL), "
             "e AS (SELECT id FROM edition WHERE name = '2025'), "
             // Straight on admin_unit, so that its GiST index finds the candidates.
             "inside AS (SELECT h.id, min(n.id) AS new_id FROM admin_unit h JOIN snap ON snap.hamlet_id = h.id "
             "  JOIN admin_unit n ON n.geom && h.geom AND ST_Intersects(n.geom, h.geom) "
             "  WHERE n.edition_id = (SELECT id FROM e) AND n.level = 'commune' GROUP BY h.id), "
             "placed AS (SELECT h.id, coalesce(i.new_id, (SELECT c.id FROM (SELECT n.id, n.geom FROM admin_unit n "
             "  WHERE n.edition_id = (SELECT id FROM e) AND n.level = 'commune' ORDER BY n.geom <-> h.geom LIMIT 5) c "
             "  ORDER BY ST_Distance(ST_Transform(c.geom, 6933), ST_Transform(h.geom, 6933)) LIMIT 1)) AS new_id "
             "  FROM admin_unit h JOIN snap ON snap.hamlet_id = h.id LEFT JOIN inside i ON i.id = h.id) "
             "SELECT n.code, count(*) FROM placed p JOIN admin_unit n ON n.id = p.new_id GROUP BY n.code")) {
        independent[r[0].as<std::string>()] = r[1].as<long long>();
    }
    long long differing = 0, with_teams = 0;
    for (const auto& [code, n] : covered) {
        const auto it = independent.find(code);
        const long long expected = it == independent.end() ? 0 : it->second;
        with_teams += expected > 0;
        if (n != expected) {
            ++differing;
            ADD_FAILURE() << "commune " << code << ": converted " << n << " hamlets with a team, point-in-polygon " << expected;
            if (differing > 5) break;
        }
    }
    EXPECT_EQ(differing, 0);
    EXPECT_GT(with_teams, 3000);  // the snapshot covers nearly every new commune
    const auto totals = tx.exec1(
        "SELECT count(*), coalesce(sum(t.members), 0) FROM team t JOIN registry_import ri ON ri.id = t.import_id "
        "JOIN edition e ON e.id = ri.edition_id WHERE e.name = '2009' AND ri.as_of = '2023-12-31' AND ri.replaced_at IS NULL "
        "AND t.hamlet_id IS NOT NULL");
    EXPECT_EQ(teams, totals[0].as<long long>());
    EXPECT_EQ(members, totals[1].as<long long>());
    EXPECT_EQ(hamlets, 102046);  // every 2009 hamlet counted once
    std::printf("[ shared   ] 2023-12 on the 2025 communes: %lld teams, %lld members, %lld communes with a team\n", teams, members,
                with_teams);
    // Errors say what is wrong.
    EXPECT_THROW(boundaries::convert_snapshot(tx, "2009", "2025", "2024-01-01", "commune"), config_error);
    EXPECT_THROW(boundaries::convert_snapshot(tx, "2009", "nope", "2023-12-31", "commune"), config_error);
    EXPECT_THROW(boundaries::convert_snapshot(tx, "2025", "2009", "2026-06-30", "commune"), config_error);  // no crosswalk that way
}

// The build carried both 2009 snapshots onto the 2025 units (converted_snapshot): the stored figures
// of every 2025 commune and province are those of the exact conversion above (checked against the
// point-in-polygon count), and the endpoints serve them, marked as converted.
TEST_F(Crosswalk, TheConvertedSnapshotsAreServedEverywhereAndMarked) {
    EXPECT_EQ(built_->converted_rows, 2 * (3321 + 34));
    {
        pqxx::read_transaction tx(*conn_);
        for (const char* level : {"commune", "province"}) {
            const auto converted = boundaries::convert_snapshot(tx, "2009", "2025", "2023-12-31", level);
            std::map<std::string, std::string> expected;
            for (const auto& u : converted.units) {
                expected[u.code] = std::to_string(u.hamlets) + "/" + std::to_string(u.covered_hamlets) + "/" +
                                   std::to_string(u.teams) + "/" + std::to_string(u.members);
            }
            long long differing = 0, rows = 0;
            for (const auto& r : tx.exec(std::string(
                     "SELECT u.code, c.hamlets || '/' || c.covered_hamlets || '/' || c.teams || '/' || c.members FROM coverage c "
                     "JOIN admin_unit u ON u.id = c.unit_id JOIN edition e ON e.id = c.edition_id "
                     "WHERE e.name = '2025' AND c.as_of = '2023-12-31' AND c.level = '") + level + "'")) {
                ++rows;
                differing += expected[r[0].as<std::string>()] != r[1].as<std::string>();
            }
            EXPECT_EQ(rows, static_cast<long long>(expected.size())) << level;
            EXPECT_EQ(differing, 0) << level;
        }
    }
    api::server_config config;
    config.database_url = *shared_database_url();
    auto server = start_test_server(config);
    const auto summary = http_get(config.port, "/api/stats/summary?edition=2025&as_of=2023-12-31");
    ASSERT_EQ(summary.status, 200) << summary.body;
    EXPECT_EQ(summary.headers.at("content-crosswalk"), "from=2009; to=2025; method=hamlet-points");
    const json national = json::parse(summary.body)["national"];
    EXPECT_EQ(national["teams"], 71893);
    EXPECT_EQ(national["members"], 334938);
    EXPECT_EQ(national["provinces"], 34);
    // The 2025 edition's own latest snapshot stays the default.
    const auto own = http_get(config.port, "/api/stats/summary?edition=2025");
    EXPECT_EQ(json::parse(own.body)["as_of"], "2026-06-30");
    EXPECT_EQ(own.headers.count("content-crosswalk"), 0u);
    // OGC items of the 2025 communes at 2023-12-31, a change table across the reform, a time series.
    const auto items = http_get(config.port, "/collections/coverage_communes/items?as_of=2023-12-31&limit=1&f=json");
    ASSERT_EQ(items.status, 200) << items.body;
    EXPECT_EQ(json::parse(items.body)["numberMatched"], 3321);
    EXPECT_EQ(items.headers.at("content-crosswalk"), "from=2009; to=2025; method=hamlet-points");
    const auto change = http_get(config.port, "/api/stats/coverage?edition=2025&level=province&as_of=2026-06-30&compare=2023-12-31");
    ASSERT_EQ(change.status, 200) << change.body;
    const json c = json::parse(change.body);
    EXPECT_EQ(c["converted_from"], "2009");
    long long gained = 0;
    for (const auto& u : c["units"]) gained += u["change"]["teams"].get<long long>();
    EXPECT_EQ(gained, json::parse(own.body)["national"]["teams"].get<long long>() - 71893);  // per province, summed
    const auto lang_son = one("SELECT u.id FROM admin_unit u JOIN edition e ON e.id = u.edition_id "
                              "WHERE e.name = '2025' AND u.level = 'province' AND u.code = '20'")[0].as<std::string>();
    const json series = json::parse(http_get(config.port, "/api/stats/timeseries?metric=teams&unit=" + lang_son).body);
    ASSERT_EQ(series["snapshots"].size(), 4u) << series.dump();
    EXPECT_EQ(series["snapshots"][0]["as_of"], "2022-08-31");
    EXPECT_EQ(series["snapshots"][0]["converted_from"], "2009");
    EXPECT_EQ(series["snapshots"][3].count("converted_from"), 0u);
    // Month by month within the converted snapshot: the 2009 teams of the hamlets whose points fell
    // in the 2025 province, by founding date, ending at the snapshot's figure (undated teams apart).
    const json months = json::parse(http_get(config.port, "/api/stats/timeseries?metric=teams&as_of=2023-12-31&unit=" + lang_son).body);
    EXPECT_EQ(months["converted_from"], "2009");
    ASSERT_FALSE(months["series"].empty());
    EXPECT_EQ(months["series"].back()["month"], "2023-12");
    EXPECT_EQ(months["series"].back()["value"].get<long long>() + months["teams_without_founding_date"].get<long long>(),
              series["snapshots"][1]["value"].get<long long>());
    // And every 2025 commune in one month: the teams founded by then, nationally.
    const json monthly = json::parse(
        http_get(config.port, "/api/stats/monthly?edition=2025&level=commune&as_of=2023-12-31&month=2023-12").body);
    EXPECT_EQ(monthly["converted_from"], "2009");
    long long founded = 0;
    for (const auto& u : monthly["units"]) founded += u["teams"].get<long long>();
    EXPECT_EQ(founded + monthly["undated_teams"].get<long long>(), 71893);
}

// Indicator series the 2025 edition lacks, interpolated from the 2009 communes on import: a count
// (the 2009 census people, imported as an indicator) is conserved nationally and per new province
// (against the province family's own population shares, an independent path) to 1e-9, and agrees
// with PostGIS ST_Area(ST_Intersection) weights on a sample of 100 new communes; a share (the
// e-commerce share of households) becomes a population-weighted mean that conserves the implied
// count and lies within its sources' range.
TEST_F(Crosswalk, IndicatorsAreInterpolatedByPopulationAndConserveTotals) {
    const std::string dir = temp_dir("covermap-crosswalk-indicators");
    {
        std::ofstream out(dir + "/people.csv");
        out << "commune_code,indicator,period,value\n";
        pqxx::read_transaction tx(*conn_);
        for (const auto& r : tx.exec("SELECT u.code, u.population FROM admin_unit u JOIN edition e ON e.id = u.edition_id "
                                     "WHERE e.name = '2009' AND u.level = 'commune' AND u.population IS NOT NULL")) {
            out << r[0].c_str() << ",people,2009," << r[1].c_str() << "\n";
        }
    }
    // A count reaches every new commune some old commune hands a part to; a mean, those with people
    // from an old commune with a value (a few 2025 communes, islands and slivers, have neither).
    const long long reached = one(std::string("SELECT count(DISTINCT p.new_unit_id) FROM") + pairs_2009_2025 +
                                  "AND p.level = 'commune'")[0].as<long long>();
    const long long peopled = one(std::string("SELECT count(DISTINCT p.new_unit_id) FROM") + pairs_2009_2025 +
                                  "AND p.level = 'commune' AND p.population_share > 0 AND "
                                  "(SELECT population FROM admin_unit WHERE id = p.old_unit_id) > 0")[0].as<long long>();
    EXPECT_GT(reached, 3300);
    const auto people = registry::import_indicators(*conn_, {dir + "/people.csv", "2009", "crosswalk-test-people.csv"});
    EXPECT_EQ(people.stored, 11163);
    EXPECT_EQ(people.converted, reached);
    const auto shares = registry::import_indicators(
        *conn_, {shared_data_dir() + "/indicators/indicators_2009.csv", "2009", "crosswalk-test-indicators_2009.csv"});
    EXPECT_EQ(shares.converted, reached + 4 * peopled);  // people again, and the four share series
    shell("rm -rf " + dir);

    // The values interpolated onto the 2025 communes.
    const std::string conv =
        "conv AS (SELECT i.unit_id, i.indicator, i.period, i.value FROM indicator i JOIN edition e ON e.id = i.edition_id "
        "  JOIN edition f ON f.id = i.converted_from WHERE e.name = '2025' AND f.name = '2009' AND i.level = 'commune') ";
    // National total.
    auto r = one("WITH " + conv + "SELECT (SELECT sum(value) FROM conv WHERE indicator = 'people'), "
                 "(SELECT sum(u.population) FROM admin_unit u JOIN edition e ON e.id = u.edition_id WHERE e.name = '2009' AND u.level = 'commune')");
    EXPECT_NEAR(r[0].as<double>() / r[1].as<double>(), 1.0, 1e-9);
    // Per new province: its communes' interpolated people against the old provinces' people (their
    // communes' census) times their population share in it (the province pairs).
    r = one("WITH " + conv + ", got AS (SELECT n.parent_id AS province, sum(c.value) AS v FROM conv c "
            "  JOIN admin_unit n ON n.id = c.unit_id WHERE c.indicator = 'people' GROUP BY 1), "
            "old_people AS (SELECT p.id, sum(c.population) AS people FROM admin_unit c JOIN admin_unit d ON d.id = c.parent_id "
            "  JOIN admin_unit p ON p.id = d.parent_id JOIN edition e ON e.id = c.edition_id WHERE e.name = '2009' AND c.level = 'commune' GROUP BY 1), "
            "expected AS (SELECT p.new_unit_id AS province, sum((SELECT o.people FROM old_people o WHERE o.id = p.old_unit_id) * p.population_share) AS v "
            "  FROM" + std::string(pairs_2009_2025) + "AND p.level = 'province' GROUP BY 1) "
            "SELECT count(*), max(abs(g.v - x.v) / x.v), (SELECT count(*) FROM got) FROM got g JOIN expected x ON x.province = g.province");
    EXPECT_EQ(r[0].as<long long>(), 34);
    EXPECT_EQ(r[2].as<long long>(), 34);
    EXPECT_LT(r[1].as<double>(), 1e-9) << "largest relative difference of a new province's people";
    // 100 new communes against PostGIS: each old commune's people spread by the areas of its overlaps
    // kept by the tolerance (as the area-share test keeps them).
    r = one("WITH " + conv + ", sample AS (SELECT n.id, n.geom FROM admin_unit n JOIN edition e ON e.id = n.edition_id "
            "  WHERE e.name = '2025' AND n.level = 'commune' ORDER BY md5(n.code) LIMIT 100), "
            "olds AS (SELECT DISTINCT o.id, o.geom, o.population, ST_Area(ST_Transform(o.geom, 6933)) AS m2 FROM sample s "
            "  JOIN admin_unit o ON ST_Intersects(o.geom, s.geom) JOIN edition e ON e.id = o.edition_id WHERE e.name = '2009' AND o.level = 'commune'), "
            "overlap AS (SELECT o.id AS old_id, n.id AS new_id, o.population, o.m2, "
            "  ST_Area(ST_Intersection(ST_Transform(o.geom, 6933), ST_Transform(n.geom, 6933))) AS m2_in FROM olds o "
            "  JOIN admin_unit n ON ST_Intersects(n.geom, o.geom) JOIN edition e ON e.id = n.edition_id WHERE e.name = '2025' AND n.level = 'commune'), "
            "kept AS (SELECT *, m2_in / sum(m2_in) OVER (PARTITION BY old_id) AS share FROM overlap "
            "  WHERE m2_in >= 0.001 * m2 OR m2_in = (SELECT max(x.m2_in) FROM overlap x WHERE x.old_id = overlap.old_id)), "
            "expected AS (SELECT k.new_id, sum(k.population * k.share) AS v FROM kept k JOIN sample s ON s.id = k.new_id GROUP BY 1) "
            "SELECT count(*), max(abs(c.value - x.v) / nullif(x.v, 0)) FROM conv c JOIN expected x ON x.new_id = c.unit_id "
            "WHERE c.indicator = 'people'");
    EXPECT_EQ(r[0].as<long long>(), 100);
    EXPECT_LT(r[1].as<double>(), 1e-6) << "largest relative difference from the ST_Area(ST_Intersection) weights";
    // A share: population-weighted, within its sources' range; people × share conserved.
    r = one("WITH " + conv + ", ids AS (SELECT (SELECT id FROM edition WHERE name = '2009') AS f, (SELECT id FROM edition WHERE name = '2025') AS t), "
            "x AS (SELECT x.* FROM ids, interpolated_indicator(ids.f, ids.t, 'commune', 'ecommerce_household_share', '2023-Q4') x), "
            "src AS (SELECT p.new_unit_id, min(i.value) AS lo, max(i.value) AS hi FROM indicator i," + std::string(pairs_2009_2025) +
            "  AND p.level = 'commune' AND p.population_share > 0 AND i.unit_id = p.old_unit_id "
            "  AND i.indicator = 'ecommerce_household_share' AND i.period = '2023-Q4' GROUP BY 1) "
            "SELECT (SELECT sum(weight * value) FROM x), "
            "  (SELECT sum(u.population * i.value) FROM ids, indicator i JOIN admin_unit u ON u.id = i.unit_id "
            "   WHERE i.edition_id = ids.f AND i.indicator = 'ecommerce_household_share' AND i.period = '2023-Q4'), "
            "  (SELECT count(*) FROM x JOIN src ON src.new_unit_id = x.unit_id WHERE x.value < src.lo - 1e-12 OR x.value > src.hi + 1e-12), "
            "  (SELECT count(*) FROM conv WHERE indicator = 'ecommerce_household_share' AND period = '2023-Q4')");
    EXPECT_NEAR(r[0].as<double>() / r[1].as<double>(), 1.0, 1e-9);
    EXPECT_EQ(r[2].as<long long>(), 0) << "interpolated shares outside their sources' range";
    EXPECT_EQ(r[3].as<long long>(), peopled);
    // Served like the edition's own values.
    api::server_config config;
    config.database_url = *shared_database_url();
    auto server = start_test_server(config);
    const auto table = http_get(config.port, "/api/stats/coverage?edition=2025&level=commune&parent_code=20");
    ASSERT_EQ(table.status, 200) << table.body;
    const json units = json::parse(table.body)["units"];
    ASSERT_FALSE(units.empty());
    EXPECT_TRUE(units[0]["indicators"].contains("ecommerce_household_share@2023-Q4")) << units[0].dump();
    // The 2025 edition's own import of a series replaces its interpolated values.
    const std::string code = one("SELECT u.code FROM admin_unit u JOIN edition e ON e.id = u.edition_id "
                                 "WHERE e.name = '2025' AND u.level = 'commune' ORDER BY u.code LIMIT 1")[0].as<std::string>();
    const std::string own_dir = temp_dir("covermap-crosswalk-indicators");
    std::ofstream(own_dir + "/own.csv") << "commune_code,indicator,period,value\n" << code << ",people,2009,123\n";
    const auto own = registry::import_indicators(*conn_, {own_dir + "/own.csv", "2025", "crosswalk-test-own.csv"});
    shell("rm -rf " + own_dir);
    EXPECT_EQ(own.converted, 4 * peopled);  // the shares still interpolated, people no more
    EXPECT_EQ(one("SELECT count(*) || ' ' || max(value) || ' ' || count(converted_from) FROM indicator i JOIN edition e "
                  "ON e.id = i.edition_id WHERE e.name = '2025' AND i.indicator = 'people'")[0].as<std::string>(),
              "1 123 0");
}

TEST_F(Crosswalk, ApiSaysWhereALangSonCommuneWentAndWhereItsSuccessorCameFrom) {
    api::server_config config;
    config.database_url = *shared_database_url();
    auto server = start_test_server(config);
    // Phường Hoàng Văn Thụ, Lạng Sơn city (2009 province 209).
    const auto forward = http_get(config.port, "/api/crosswalk?from=2009&to=2025&code=2090101");
    ASSERT_EQ(forward.status, 200) << forward.body;
    const json f = json::parse(forward.body);
    EXPECT_EQ(f["direction"], "forward");
    EXPECT_EQ(f["unit"]["name"], "Phường Hoàng Văn Thụ");
    EXPECT_EQ(f["unit"]["level"], "commune");
    ASSERT_FALSE(f["targets"].empty());
    double area = 0, people = 0, hamlets = 0;
    for (const auto& t : f["targets"]) {
        EXPECT_EQ(t["method"], "spatial");
        EXPECT_EQ(t["level"], "commune");
        area += t["area_share"].get<double>();
        people += t["population_share"].get<double>();
        hamlets += t["hamlet_share"].get<double>();
    }
    EXPECT_NEAR(area, 1, 1e-9);
    EXPECT_NEAR(people, 1, 1e-9);
    EXPECT_NEAR(hamlets, 1, 1e-9);
    const std::string main = f["targets"][0]["code"];
    EXPECT_EQ(main, "06187") << "Phường Kỳ Lừa";  // most of it (~88 %), the rest in Tam Thanh and Đông Kinh

    // The main successor, asked without a direction: its code is a 2025 code, so where it came from.
    const auto back = http_get(config.port, "/api/crosswalk?from=2009&to=2025&code=" + main);
    ASSERT_EQ(back.status, 200) << back.body;
    const json b = json::parse(back.body);
    EXPECT_EQ(b["direction"], "back");
    bool found = false;
    for (const auto& s : b["sources"]) found = found || s["code"] == "2090101";
    EXPECT_TRUE(found) << back.body;
    // The province family: Lạng Sơn 209 → 20 mostly.
    const json p = json::parse(http_get(config.port, "/api/crosswalk?from=2009&to=2025&code=209&level=province").body);
    EXPECT_EQ(p["targets"][0]["code"], "20");
    EXPECT_GT(p["targets"][0]["area_share"].get<double>(), 0.9);

    const auto message = [&](const std::string& target, int status) {
        const auto r = http_get(config.port, target);
        EXPECT_EQ(r.status, status) << target << ": " << r.body;
        return json::parse(r.body)["message"].get<std::string>();
    };
    EXPECT_NE(message("/api/crosswalk?from=2009&to=2025", 400).find("code"), std::string::npos);
    EXPECT_NE(message("/api/crosswalk?from=1999&to=2025&code=209", 400).find("from"), std::string::npos);
    EXPECT_NE(message("/api/crosswalk?from=2009&to=2025&code=209&direction=sideways", 400).find("direction"), std::string::npos);
    EXPECT_NE(message("/api/crosswalk?from=2009&to=2025&code=209&level=canton", 400).find("level"), std::string::npos);
    EXPECT_NE(message("/api/crosswalk?from=2009&to=2025&code=99999999", 404).find("99999999"), std::string::npos);
}

// The change map 2023-12-31 → 2026-06-30 on the 2025 units: every province's and commune's change
// in the tiles (coverage_rate_change, covered_hamlets_change, teams_change, members_change) equals
// the coverage table's; the 2025 hamlets, which the conversion has no figures for, carry none; the
// breaks class the same changes.
TEST_F(Crosswalk, ChangeMapTilesOfThe2025UnitsEqualTheCoverageTable) {
    api::server_config config;
    config.database_url = *shared_database_url();
    auto server = start_test_server(config);
    const std::string scope = "?edition=2025&as_of=2026-06-30&compare=2023-12-31";
    const std::string dir = temp_dir("covermap-change-map");
    const char* const metrics[] = {"coverage_rate", "covered_hamlets", "teams", "members"};
    for (const std::string level : {"province", "commune"}) {
        const auto table = http_get(config.port, "/api/stats/coverage" + scope + "&level=" + level);
        ASSERT_EQ(table.status, 200) << table.body;
        std::map<long long, json> change;  // by unit id
        const json units = json::parse(table.body)["units"];
        for (const auto& u : units) change[u["id"].get<long long>()] = u["change"];
        // Every tile of the level's own tileset at zoom 5 over the edition's extent.
        const json tj = json::parse(http_get(config.port, "/tiles/" + level + "s.json" + scope).body);
        const auto& b = tj["bounds"];
        const auto nw = tiles::tile_at(b[0].get<double>(), b[3].get<double>(), 5);
        const auto se = tiles::tile_at(b[2].get<double>(), b[1].get<double>(), 5);
        std::map<long long, std::map<std::string, std::string>> seen;
        for (int x = nw.x; x <= se.x; ++x) {
            for (int y = nw.y; y <= se.y; ++y) {
                const tiles::tile_id t{5, x, y};
                const auto r = http_get(config.port, "/tiles/" + level + "s/5/" + std::to_string(x) + "/" + std::to_string(y) + ".mvt" + scope);
                if (r.status == 204) continue;
                ASSERT_EQ(r.status, 200) << r.body;
                EXPECT_EQ(r.headers.at("content-crosswalk"), "from=2009; to=2025; method=hamlet-points");
                auto layers = decode_tile(dir + "/" + level, t, r.body);
                for (const auto& [id, values] : layers[level + "s"].values) seen[id] = values;
            }
        }
        EXPECT_EQ(seen.size(), change.size()) << level;
        long long differing = 0, gains = 0, losses = 0;
        for (const auto& [id, values] : seen) {
            const auto it = change.find(id);
            if (it == change.end()) {
                ADD_FAILURE() << level << " " << id << " is in the tiles, not in the table";
                continue;
            }
            for (const char* m : metrics) {
                const json& expected = it->second[m];
                const auto got = values.find(std::string(m) + "_change");
                const bool same = expected.is_null() ? got == values.end()
                                  : got == values.end() ? false
                                  : std::string(m) == "coverage_rate"
                                      ? std::abs(std::stod(got->second) - expected.get<double>()) <= 5e-5 + 1e-12
                                      : std::stoll(got->second) == expected.get<long long>();
                if (!same && ++differing <= 5) {
                    ADD_FAILURE() << level << " " << values.at("code") << " " << m << ": tile "
                                  << (got == values.end() ? std::string("none") : got->second) << ", table " << expected.dump();
                }
            }
            if (!it->second["coverage_rate"].is_null()) {
                gains += it->second["coverage_rate"].get<double>() > 0;
                losses += it->second["coverage_rate"].get<double>() < 0;
            }
        }
        EXPECT_EQ(differing, 0) << level;
        std::printf("[ shared   ] 2025 %ss, coverage 2023-12-31 -> 2026-06-30: %lld gained, %lld lost, %zu in the tiles\n",
                    level.c_str(), gains, losses, seen.size());
    }

    // The map's tileset where the hamlets show (Chi Lăng, Lạng Sơn): the communes carry the change,
    // the hamlets only their own snapshot's figures.
    const auto point = one("SELECT ST_X(h.label_point), ST_Y(h.label_point) FROM admin_unit h JOIN edition e ON e.id = h.edition_id "
                           "JOIN admin_unit c ON c.id = h.parent_id WHERE e.name = '2025' AND h.level = 'hamlet' AND c.code = '06463' "
                           "ORDER BY h.code LIMIT 1");
    const auto t = tiles::tile_at(point[0].as<double>(), point[1].as<double>(), 12);
    const auto r = http_get(config.port, "/tiles/coverage/12/" + std::to_string(t.x) + "/" + std::to_string(t.y) + ".mvt" + scope);
    ASSERT_EQ(r.status, 200) << r.body;
    auto layers = decode_tile(dir + "/coverage", t, r.body);
    EXPECT_TRUE(layers["communes"].fields.count("coverage_rate_change"));
    EXPECT_TRUE(layers["hamlets"].fields.count("teams"));
    EXPECT_EQ(layers["hamlets"].fields.count("teams_change"), 0u);

    // Breaks of the teams' change: every commune, the unchanged ones apart, 0 between losses and gains.
    const auto breaks = http_get(config.port, "/api/stats/breaks" + scope + "&level=commune&metric=teams&method=quantile&k=5");
    ASSERT_EQ(breaks.status, 200) << breaks.body;
    const json doc = json::parse(breaks.body);
    EXPECT_EQ(breaks.headers.at("content-crosswalk"), "from=2009; to=2025; method=hamlet-points");
    const json units = json::parse(http_get(config.port, "/api/stats/coverage" + scope + "&level=commune").body)["units"];
    long long unchanged = 0;
    double lo = 0, hi = 0;
    for (const auto& u : units) {
        const long long d = u["change"]["teams"].get<long long>();
        unchanged += d == 0;
        lo = std::min(lo, static_cast<double>(d));
        hi = std::max(hi, static_cast<double>(d));
    }
    EXPECT_EQ(doc["n"], units.size());
    EXPECT_EQ(doc["unchanged"], unchanged);
    long long counted = 0;
    for (const auto& c : doc["counts"]) counted += c.get<long long>();
    EXPECT_EQ(counted + unchanged, static_cast<long long>(units.size()));
    const auto bs = doc["breaks"].get<std::vector<double>>();
    EXPECT_EQ(bs.front(), lo);
    EXPECT_EQ(bs.back(), hi);
    if (lo < 0 && hi > 0) {
        EXPECT_NE(std::find(bs.begin(), bs.end(), 0.0), bs.end()) << breaks.body;
    }
    shell("rm -rf " + dir);
}

// The viewer across the reform in headless Chromium (tests/web/change_map.mjs): edition 2025 as
// of 2023-12-31 marked as the 2009 map's in the slider and the legend, tiles of that date; a change
// map 2023-12-31 → 2026-06-30 with its legend, equal to the coverage table, kept in the URL; the
// edition switch keeps 2023-12-31; no console errors.
TEST_F(Crosswalk, ViewerShowsConvertedSnapshotsAndAChangeMap) {
    api::server_config config;
    config.database_url = *shared_database_url();
    config.web_dir = std::string(COVERMAP_SOURCE_DIR) + "/web";
    auto server = start_test_server(config);
    run_browser_script("change_map.mjs", config.port, "web-change-map");
}

}  // namespace
}  // namespace covermap::testing
