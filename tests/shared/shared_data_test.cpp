// The real reference data of ../shared/data, loaded once per run: exact counts, parent links,
// the VN-2000 round trip on real Lạng Sơn communes. Skips when ../shared is absent (fails under CI=true).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "boundaries/boundary_import.hpp"
#include "db/pool.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/shared/shared_env.hpp"
#include "tests/support/test_db.hpp"

namespace covermap::testing {
namespace {

using boundaries::boundary_import_options;

struct loaded {
    std::string url;
    std::map<std::string, boundaries::boundary_import_result> results;  // "edition/level"
    std::map<std::string, registry::registry_import_result> registries;  // file name
};
loaded* data = nullptr;

boundary_import_options layer(const std::string& file, const std::optional<std::string>& layer_name,
                              const std::string& edition, const std::string& level, const std::string& code,
                              const std::optional<std::string>& parent_code) {
    auto o = import_options(shared_data_dir() + "/" + file, edition, level, code);
    o.source.layer = layer_name;
    o.parent_code_field = parent_code;
    return o;
}

class SharedData : public ::testing::Environment {
public:
    void SetUp() override {
        if (shared_data_dir().empty()) {
            // On a developer's machine without ../shared the shared tests skip; CI always has it,
            // so there its absence is a failure, not thirty silent skips.
            const char* ci = std::getenv("CI");
            if (ci != nullptr && std::string(ci) == "true") ADD_FAILURE() << "CI=true but ../shared/data is absent: the shared-data tests cannot run";
            return;
        }
        data = new loaded{migrated_database("covermap_test_shared"), {}, {}};
        auto conn = db::connect(data->url, "covermap tests");
        auto run = [&](boundary_import_options o, const std::optional<std::string>& population,
                       const std::optional<std::string>& households) {
            o.population_field = population;
            o.households_field = households;
            const auto start = std::chrono::steady_clock::now();
            data->results[o.edition + "/" + o.level] = boundaries::import_boundaries(*conn, o);
            std::printf("[ shared   ] loaded %s/%s in %.1f s\n", o.edition.c_str(), o.level.c_str(),
                        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        };
        const std::string g2009 = "boundaries/vn_admin_2009.gpkg", g2025 = "boundaries/vn_admin_2025.gpkg";
        run(layer(g2009, "provinces", "2009", "province", "province_code", std::nullopt), "population_2009", std::nullopt);
        run(layer(g2009, "districts", "2009", "district", "district_code", "province_code"), "population_2009", std::nullopt);
        run(layer(g2009, "communes", "2009", "commune", "commune_code", "district_code"), "population_2009", std::nullopt);
        run(layer("hamlets/hamlets_2009.csv", std::nullopt, "2009", "hamlet", "hamlet_code", "commune_code"), std::nullopt,
            "households");
        run(layer(g2025, "provinces", "2025", "province", "province_code", std::nullopt), std::nullopt, std::nullopt);
        run(layer(g2025, "communes", "2025", "commune", "commune_code", "province_code"), std::nullopt, std::nullopt);
        run(layer("hamlets/hamlets_2025.csv", std::nullopt, "2025", "hamlet", "hamlet_code", "commune_code"), std::nullopt,
            "households");
        auto registry = [&](const std::string& file, const std::string& edition, const std::string& as_of) {
            registry::registry_import_options o;
            o.path = shared_data_dir() + "/registry/" + file;
            o.edition = edition;
            o.as_of = as_of;
            o.imported_by = "tests";
            const auto r = registry::import_registry(*conn, o);
            std::printf("[ shared   ] imported %s (%lld rows, %lld teams) in %.1f s: read %.2f s, match %.2f s, write %.2f s\n",
                        file.c_str(), r.rows, r.teams, r.total_seconds, r.read_seconds, r.match_seconds, r.write_seconds);
            data->registries[file] = r;
        };
        registry("teams_2022-08.csv", "2009", "2022-08-31");
        registry("teams_2023-12.csv", "2009", "2023-12-31");
        registry("teams_2026-06.csv", "2025", "2026-06-30");
        registry("teams_2026-06.xlsx", "2025", "2026-06-30");
        // An earlier 2025 snapshot (the first 60 % of the 2026-06 lines), so maps have two to move between.
        {
            std::ifstream in(shared_data_dir() + "/registry/teams_2026-06.csv", std::ios::binary);
            std::vector<std::string> lines;
            for (std::string line; std::getline(in, line);) lines.push_back(line);
            const std::string dir = temp_dir("covermap-shared-registry");
            std::ofstream out(dir + "/teams_2025-12-partial.csv", std::ios::binary);
            for (std::size_t i = 0; i < lines.size() * 6 / 10; ++i) out << lines[i] << '\n';
            out.close();
            registry::registry_import_options o;
            o.path = dir + "/teams_2025-12-partial.csv";
            o.edition = "2025";
            o.as_of = "2025-12-31";
            o.imported_by = "tests";
            data->registries["teams_2025-12-partial.csv"] = registry::import_registry(*conn, o);
            shell("rm -rf " + dir);
        }
    }
};

const auto* const environment = ::testing::AddGlobalTestEnvironment(new SharedData);

}  // namespace

const std::string* shared_database_url() { return data != nullptr ? &data->url : nullptr; }

std::map<std::string, truth_row> read_truth(const std::string& path) {
    std::map<std::string, truth_row> out;
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);  // row_no,hamlet_code,commune_code,kind
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::stringstream ss(line);
        std::string row;
        truth_row t;
        std::getline(ss, row, ',');
        std::getline(ss, t.hamlet_code, ',');
        std::getline(ss, t.commune_code, ',');
        std::getline(ss, t.kind, ',');
        out[row] = std::move(t);
    }
    return out;
}

const registry::registry_import_result& shared_registry(const std::string& file_name) {
    return data->registries.at(file_name);
}

namespace {

class Shared : public ::testing::Test {
protected:
    void SetUp() override {
        if (data == nullptr) GTEST_SKIP() << "../shared/data is absent: shared reference data tests skipped";
        conn_ = db::connect(data->url, "covermap tests");
    }
    std::string scalar(const std::string& sql) {
        pqxx::read_transaction tx(*conn_);
        const auto f = tx.exec1(sql)[0];
        return f.is_null() ? "NULL" : f.as<std::string>();
    }
    std::string level_counts(const std::string& edition) {
        return scalar("SELECT string_agg(level || '=' || n || '/' || linked, ' ' ORDER BY rank) FROM ("
                      " SELECT u.level, l.rank, count(*) AS n, count(u.parent_id) AS linked FROM admin_unit u"
                      " JOIN edition e ON e.id = u.edition_id JOIN admin_level l ON l.name = u.level"
                      " WHERE e.name = '" + edition + "' GROUP BY u.level, l.rank) s");
    }
    std::unique_ptr<pqxx::connection> conn_;
};

TEST_F(Shared, Edition2009HasEveryUnitWithItsParent) {
    EXPECT_EQ(level_counts("2009"), "province=63/0 district=703/703 commune=11163/11163 hamlet=102046/102046");
    EXPECT_EQ(data->results.at("2009/commune").load.without_name, 2);  // two unnamed units in the source
}

TEST_F(Shared, Edition2025HasEveryUnitWithItsParent) {
    EXPECT_EQ(level_counts("2025"), "province=34/0 commune=3321/3321 hamlet=74732/74732");
}

TEST_F(Shared, ParentChainsFollowTheCodes) {
    // Phường Điện Biên → Quận Ba Đình → Hà Nội (2009 codes); 2025 codes keep their leading zeros.
    EXPECT_EQ(scalar("SELECT c.name || ' > ' || d.name || ' > ' || p.name FROM admin_unit c "
                     "JOIN admin_unit d ON d.id = c.parent_id JOIN admin_unit p ON p.id = d.parent_id "
                     "JOIN edition e ON e.id = c.edition_id WHERE e.name = '2009' AND c.level = 'commune' AND c.code = '1010109'"),
              "Phường Điện Biên > Quận Ba Đình > Hà Nội");
    EXPECT_EQ(scalar("SELECT h.code || ' > ' || c.code || ' > ' || p.code FROM admin_unit h "
                     "JOIN admin_unit c ON c.id = h.parent_id JOIN admin_unit p ON p.id = c.parent_id "
                     "JOIN edition e ON e.id = h.edition_id WHERE e.name = '2025' AND h.code = '00004001'"),
              "00004001 > 00004 > 01");
    // Every hamlet's parent is the commune its code starts with.
    EXPECT_EQ(scalar("SELECT count(*) FROM admin_unit h JOIN admin_unit c ON c.id = h.parent_id "
                     "WHERE h.level = 'hamlet' AND left(h.code, length(c.code)) <> c.code"),
              "0");
}

TEST_F(Shared, GeometriesAreValidMultipolygonsInWgs84WithMercatorCopies) {
    EXPECT_EQ(scalar("SELECT count(*) FROM admin_unit WHERE level <> 'hamlet' AND (GeometryType(geom) <> 'MULTIPOLYGON' "
                     "OR ST_SRID(geom) <> 4326 OR ST_SRID(geom_3857) <> 3857 OR NOT ST_IsValid(geom))"),
              "0");
    // Most hamlet points fall inside their commune (the synthetic points were placed inside them).
    const double inside = std::stod(scalar(
        "SELECT avg(CASE WHEN ST_Intersects(c.geom, h.geom) THEN 1.0 ELSE 0.0 END) FROM admin_unit h "
        "JOIN admin_unit c ON c.id = h.parent_id JOIN edition e ON e.id = h.edition_id "
        "WHERE e.name = '2025' AND h.level = 'hamlet'"));
    EXPECT_GT(inside, 0.99);
}

TEST_F(Shared, Vn2000Tm3RoundTripOfLangSonCommunes) {
    const std::string dir = temp_dir("covermap-vn2000");
    const std::string out = dir + "/lang_son_9215.gpkg";
    ASSERT_EQ(shell("ogr2ogr -f GPKG -t_srs EPSG:9215 " + out + " " + shared_data_dir() +
                    "/boundaries/vn_admin_2025.gpkg communes -where \"province_code = '20'\" -nln communes_9215"),
              0);
    auto o = layer("", std::nullopt, "ls_roundtrip", "commune", "commune_code", std::nullopt);
    o.source.path = out;
    const auto r = boundaries::import_boundaries(*conn_, o);
    EXPECT_GT(r.load.rows, 50);
    EXPECT_TRUE(r.reprojected);
    EXPECT_NE(r.crs.find("9215"), std::string::npos) << r.crs;
    const double worst = std::stod(scalar(
        "SELECT max(ST_HausdorffDistance(ST_Transform(a.geom, 3405), ST_Transform(b.geom, 3405))) "
        "FROM admin_unit a JOIN edition ea ON ea.id = a.edition_id "
        "JOIN admin_unit b ON b.code = a.code AND b.level = a.level JOIN edition eb ON eb.id = b.edition_id "
        "WHERE ea.name = '2025' AND eb.name = 'ls_roundtrip'"));
    EXPECT_LT(worst, 2.0);
    EXPECT_EQ(scalar("SELECT count(*) FROM admin_unit u JOIN edition e ON e.id = u.edition_id WHERE e.name = 'ls_roundtrip'"),
              std::to_string(r.load.rows));
    shell("rm -rf " + dir);
    // The shared database is every later test's: the extra edition (the newest by id) must not
    // become their default.
    pqxx::work tx(*conn_);
    tx.exec("DELETE FROM edition WHERE name = 'ls_roundtrip'");
    tx.exec("SELECT bump_data_version('tests: ls_roundtrip removed')");
    tx.commit();
}

}  // namespace
}  // namespace covermap::testing
