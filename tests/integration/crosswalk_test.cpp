// Crosswalks on small hand-made editions loaded through the normal boundary import: an old edition
// of three communes (A, B, C) and a new one where A and B merged into X and C was split into Y
// (a quarter) and Z (three quarters). The spatial build, an official table whose codes lost their
// leading zeros, a split commune weighted by area, disagreements, a bad row (nothing written), and a
// boundary re-import that rebuilds the spatial crosswalk in its transaction.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>

#include "api/server.hpp"
#include "boundaries/boundary_import.hpp"
#include "boundaries/crosswalk.hpp"
#include "db/pool.hpp"
#include "core/error.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/mvt_decode.hpp"
#include "tests/support/test_db.hpp"
#include "tests/support/test_server.hpp"
#include "tiles/tile_grid.hpp"

namespace covermap::testing {
namespace {

std::string square(double x0, double y0, double x1, double y1) {
    auto p = [](double x, double y) { return "[" + std::to_string(x) + "," + std::to_string(y) + "]"; };
    return R"({"type":"Polygon","coordinates":[[)" + p(x0, y0) + "," + p(x1, y0) + "," + p(x1, y1) + "," + p(x0, y1) +
           "," + p(x0, y0) + "]]}";
}

std::string feature(const std::string& code, const std::string& name, const std::string& geometry) {
    return R"({"type":"Feature","properties":{"code":")" + code + R"(","name":")" + name + R"("},"geometry":)" + geometry + "}";
}

void write(const std::string& path, const std::string& text) {
    std::ofstream out(path);
    out << text;
}

class CrosswalkImport : public ::testing::Test {
protected:
    void SetUp() override {
        url_ = migrated_database("covermap_test_crosswalk");
        dir_ = temp_dir("covermap-crosswalk");
        conn_ = db::connect(url_, "covermap tests");
        write(dir_ + "/old.geojson",
              R"({"type":"FeatureCollection","features":[)" + feature("00101", "Xã A", square(105, 21, 105.5, 21.5)) + "," +
                  feature("00102", "Xã B", square(105.5, 21, 106, 21.5)) + "," +
                  feature("00103", "Xã C", square(105, 21.5, 106, 22)) + "]}");
        write(dir_ + "/new.geojson",
              R"({"type":"FeatureCollection","features":[)" + feature("00001", "Xã X", square(105, 21, 106, 21.5)) + "," +
                  feature("00002", "Xã Y", square(105, 21.5, 105.25, 22)) + "," +
                  feature("00003", "Xã Z", square(105.25, 21.5, 106, 22)) + "]}");
        write(dir_ + "/old_hamlets.csv",
              "hamlet_code,name,commune_code,lon,lat\n"
              "00101001,Thôn 1,00101,105.2,21.2\n"
              "00102001,Thôn 2,00102,105.7,21.2\n"
              "00103001,Thôn 3,00103,105.1,21.7\n"
              "00103002,Thôn 4,00103,105.5,21.7\n"
              "00103003,Thôn 5,00103,105.8,21.8\n");
        import(dir_ + "/old.geojson", "old", "commune", "code", std::nullopt);
        import(dir_ + "/old_hamlets.csv", "old", "hamlet", "hamlet_code", "commune_code");
        import(dir_ + "/new.geojson", "new", "commune", "code", std::nullopt);
    }
    void TearDown() override { shell("rm -rf " + dir_); }

    boundaries::boundary_import_result import(const std::string& path, const std::string& edition, const std::string& level,
                                              const std::string& code, const std::optional<std::string>& parent_code) {
        auto o = import_options(path, edition, level, code);
        o.parent_code_field = parent_code;
        return boundaries::import_boundaries(*conn_, o);
    }
    // "old code>new code area/population/hamlet" per pair of the method, sorted.
    std::string pairs(const std::string& method) {
        pqxx::read_transaction tx(*conn_);
        return tx.exec1("SELECT coalesce(string_agg(o.code || '>' || n.code || ' ' || round(p.area_share::numeric, 4) || '/' || "
                        "round(p.population_share::numeric, 4) || '/' || coalesce(round(p.hamlet_share::numeric, 4)::text, '-'), "
                        "', ' ORDER BY o.code, n.code), '') FROM crosswalk_pair p "
                        "JOIN admin_unit o ON o.id = p.old_unit_id JOIN admin_unit n ON n.id = p.new_unit_id WHERE p.method = " +
                        tx.quote(method))[0]
            .as<std::string>();
    }
    std::string scalar(const std::string& sql) {
        pqxx::read_transaction tx(*conn_);
        const auto f = tx.exec1(sql)[0];
        return f.is_null() ? "NULL" : f.as<std::string>();
    }

    std::string url_, dir_;
    std::unique_ptr<pqxx::connection> conn_;
};

TEST_F(CrosswalkImport, SpatialBuildSplitsByAreaAndCountsHamlets) {
    const auto r = run_covermap(url_, {"crosswalk", "build", "--from", "old", "--to", "new"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("old units 3, pairs 4"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("hamlet points 5"), std::string::npos) << r.out;
    EXPECT_EQ(pairs("spatial"), "00101>00001 1.0000/1.0000/1.0000, 00102>00001 1.0000/1.0000/1.0000, "
                                "00103>00002 0.2500/0.2500/0.3333, 00103>00003 0.7500/0.7500/0.6667");
    // Building again replaces the pairs; the first build stays as history.
    ASSERT_EQ(run_covermap(url_, {"crosswalk", "build", "--from", "old", "--to", "new", "--sliver", "0.3"}).exit_code, 0);
    // Y's quarter of C is now under the tolerance: C goes to Z by area, its hamlet in Y still counts.
    EXPECT_EQ(pairs("spatial"), "00101>00001 1.0000/1.0000/1.0000, 00102>00001 1.0000/1.0000/1.0000, "
                                "00103>00002 0.0000/0.0000/0.3333, 00103>00003 1.0000/1.0000/0.6667");
    EXPECT_EQ(scalar("SELECT count(*) || ' ' || count(replaced_at) FROM crosswalk_build"), "2 1");
    // Usage errors exit 2 and name the option.
    const auto bad = run_covermap(url_, {"crosswalk", "build", "--from", "1999", "--to", "new"});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.err.find("--from"), std::string::npos) << bad.err;
    EXPECT_EQ(run_covermap(url_, {"crosswalk", "build", "--from", "old", "--to", "new", "--sliver", "1.5"}).exit_code, 2);
}

TEST_F(CrosswalkImport, OfficialTableWithCodesThatLostTheirZerosAndASplitCommune) {
    ASSERT_EQ(run_covermap(url_, {"crosswalk", "build", "--from", "old", "--to", "new"}).exit_code, 0);
    // Columns in another order, codes typed as numbers, C divided between Y and Z.
    write(dir_ + "/official.csv",
          "newWardCode,isDividedWard,wardCode\n"
          "1,false,101\n"
          "1,false,102\n"
          "2,true,103\n"
          "3,true,103\n");
    const auto r = run_covermap(url_, {"crosswalk", "import", dir_ + "/official.csv", "--from", "old", "--to", "new"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("columns wardCode -> newWardCode, divided: isDividedWard"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("codes that had lost their leading zeros 8"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("old units 3, split (weighted by area) 1, pairs 4"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("disagreements with the spatial crosswalk (main new unit differs): 0 of 3"), std::string::npos) << r.out;
    EXPECT_EQ(pairs("official"), "00101>00001 1.0000/1.0000/1.0000, 00102>00001 1.0000/1.0000/1.0000, "
                                 "00103>00002 0.2500/0.2500/0.3333, 00103>00003 0.7500/0.7500/0.6667");

    // Vietnamese headers; B sent to Z by the table: a disagreement, listed. It replaces the first table.
    write(dir_ + "/official_vi.csv",
          "Mã xã cũ,Mã xã mới\n"
          "00101,00001\n"
          "00102,00003\n"
          "00103,00003\n");
    const auto vi = run_covermap(url_, {"crosswalk", "import", dir_ + "/official_vi.csv", "--from", "old", "--to", "new"});
    ASSERT_EQ(vi.exit_code, 0) << vi.err;
    EXPECT_NE(vi.out.find("disagreements with the spatial crosswalk (main new unit differs): 1 of 3"), std::string::npos) << vi.out;
    EXPECT_NE(vi.out.find("00102 Xã B: official 00003 Xã Z, spatial 00001 Xã X (100.0 % of its area)"), std::string::npos) << vi.out;
    // B does not overlap Z at all (one target: all of it); none of its hamlets is in Z.
    EXPECT_EQ(pairs("official"), "00101>00001 1.0000/1.0000/1.0000, 00102>00003 1.0000/1.0000/-, 00103>00003 1.0000/1.0000/1.0000");
    const std::string before = pairs("official") + " | " + scalar("SELECT count(*) FROM crosswalk_build");

    // A bad row: the error names the file, the row and the column, and nothing is written.
    write(dir_ + "/bad.csv",
          "wardCode,newWardCode,isDividedWard\n"
          "101,1,false\n"
          "102,1,false\n"
          "103,9,true\n");
    const auto bad = run_covermap(url_, {"crosswalk", "import", dir_ + "/bad.csv", "--from", "old", "--to", "new"});
    EXPECT_EQ(bad.exit_code, 1);
    EXPECT_NE(bad.err.find(dir_ + "/bad.csv, row 3 (line 4), column newWardCode: '9' is no commune code of edition new"),
              std::string::npos)
        << bad.err;
    write(dir_ + "/bad_flag.csv", "wardCode,newWardCode,isDividedWard\n101,1,perhaps\n");
    const auto flag = run_covermap(url_, {"crosswalk", "import", dir_ + "/bad_flag.csv", "--from", "old", "--to", "new"});
    EXPECT_EQ(flag.exit_code, 1);
    EXPECT_NE(flag.err.find("row 1 (line 2), column isDividedWard: 'perhaps'"), std::string::npos) << flag.err;
    write(dir_ + "/no_column.csv", "old,destination\n101,1\n");
    const auto column = run_covermap(url_, {"crosswalk", "import", dir_ + "/no_column.csv", "--from", "old", "--to", "new"});
    EXPECT_EQ(column.exit_code, 1);
    EXPECT_NE(column.err.find("no column with the new code"), std::string::npos) << column.err;
    EXPECT_EQ(pairs("official") + " | " + scalar("SELECT count(*) FROM crosswalk_build"), before);
}

TEST_F(CrosswalkImport, BoundaryImportRebuildsTheSpatialCrosswalkInItsTransaction) {
    ASSERT_EQ(run_covermap(url_, {"crosswalk", "build", "--from", "old", "--to", "new"}).exit_code, 0);
    write(dir_ + "/official.csv", "wardCode,newWardCode\n101,1\n102,1\n103,3\n");
    ASSERT_EQ(run_covermap(url_, {"crosswalk", "import", dir_ + "/official.csv", "--from", "old", "--to", "new"}).exit_code, 0);
    // The new edition again, Y now covering half of C.
    write(dir_ + "/new.geojson",
          R"({"type":"FeatureCollection","features":[)" + feature("00001", "Xã X", square(105, 21, 106, 21.5)) + "," +
              feature("00002", "Xã Y", square(105, 21.5, 105.5, 22)) + "," +
              feature("00003", "Xã Z", square(105.5, 21.5, 106, 22)) + "]}");
    const auto r = import(dir_ + "/new.geojson", "new", "commune", "code", std::nullopt);
    ASSERT_EQ(r.crosswalks.rebuilt.size(), 1u);
    EXPECT_EQ(r.crosswalks.official_marked_stale, 1);
    EXPECT_EQ(pairs("spatial"), "00101>00001 1.0000/1.0000/1.0000, 00102>00001 1.0000/1.0000/1.0000, "
                                "00103>00002 0.5000/0.5000/0.6667, 00103>00003 0.5000/0.5000/0.3333");  // a border point: lower id
    EXPECT_EQ(scalar("SELECT count(*) FROM crosswalk_build WHERE method = 'official' AND stale_since IS NOT NULL"), "1");
    // A failed boundary import leaves the crosswalk as it was.
    const std::string before = pairs("spatial");
    write(dir_ + "/broken.geojson", R"({"type":"FeatureCollection","features":[)" + feature("00001", "Xã X", square(105, 21, 106, 21.5)) +
                                        "," + feature("00001", "Xã X again", square(105, 21, 106, 21.5)) + "]}");
    EXPECT_THROW(import(dir_ + "/broken.geojson", "new", "commune", "code", std::nullopt), input_error);
    EXPECT_EQ(pairs("spatial"), before);
    // A snapshot to convert must exist (the shared-data test converts a real one).
    const auto convert = run_covermap(url_, {"crosswalk", "convert", "--from", "old", "--to", "new", "--as-of", "2024-01-01"});
    EXPECT_EQ(convert.exit_code, 2);
    EXPECT_NE(convert.err.find("--as-of 2024-01-01: edition old has no snapshot of that date (snapshots: none)"), std::string::npos)
        << convert.err;
}

// A registry of `edition` as of `as_of` with one team per hamlet named (commune code, hamlet name;
// the fixture's editions have no provinces, so the commune code places the row).
run_result import_registry(const std::string& url, const std::string& path, const std::string& edition, const std::string& as_of,
                           const std::vector<std::pair<std::string, std::string>>& hamlets) {
    std::string text = "STT,Tỉnh/Thành phố,Xã/Phường/Thị trấn,Mã xã,Thôn/Tổ dân phố,Tên tổ,Số thành viên\n";
    for (std::size_t k = 0; k < hamlets.size(); ++k) {
        text += std::to_string(k + 1) + ",,," + hamlets[k].first + "," + hamlets[k].second + ",Tổ " + std::to_string(k + 1) + "," +
                std::to_string(4 + k) + "\n";
    }
    write(path, text);
    return run_covermap(url, {"import", "registry", path, "--edition", edition, "--as-of", as_of});
}

TEST_F(CrosswalkImport, OldSnapshotsServedOnTheNewUnitsUntilTheNewEditionHasItsOwn) {
    // Teams in Thôn 1 (A, now X), Thôn 3 (C's part now Y) and Thôn 5 (C's part now Z).
    const auto old_registry = import_registry(url_, dir_ + "/old_2024.csv", "old", "2024-01-01",
                                              {{"00101", "Thôn 1"}, {"00103", "Thôn 3"}, {"00103", "Thôn 5"}});
    ASSERT_EQ(old_registry.exit_code, 0) << old_registry.err << old_registry.out;
    const auto built = run_covermap(url_, {"crosswalk", "build", "--from", "old", "--to", "new"});
    ASSERT_EQ(built.exit_code, 0) << built.err;
    EXPECT_NE(built.out.find("snapshots of old on the units of new: 3 coverage rows"), std::string::npos) << built.out;
    // code hamlets/covered/teams/members per new commune at the date.
    const auto figures = [&](const std::string& as_of) {
        return scalar("SELECT string_agg(u.code || ' ' || c.hamlets || '/' || c.covered_hamlets || '/' || c.teams || '/' || c.members, ', '"
                      " ORDER BY u.code) FROM coverage c JOIN admin_unit u ON u.id = c.unit_id JOIN edition e ON e.id = c.edition_id"
                      " WHERE e.name = 'new' AND u.level = 'commune' AND c.as_of = '" + as_of + "'");
    };
    EXPECT_EQ(figures("2024-01-01"), "00001 2/1/1/4, 00002 1/1/1/5, 00003 2/1/1/6");
    EXPECT_EQ(scalar("SELECT fe.name || ' ' || cs.method || ' ' || array_to_string(cs.levels, ',') FROM converted_snapshot cs "
                     "JOIN edition fe ON fe.id = cs.from_edition_id"),
              "old hamlet points commune");

    // Every coverage answer on the new units says where the figures came from.
    api::server_config config;
    config.database_url = url_;
    auto server = start_test_server(config);
    const int port = config.port;
    auto table = http_get(port, "/api/stats/coverage?edition=new&level=commune&as_of=2024-01-01");
    ASSERT_EQ(table.status, 200) << table.body;
    EXPECT_EQ(table.headers["content-crosswalk"], "from=old; to=new; method=hamlet-points");
    auto doc = nlohmann::json::parse(table.body);
    EXPECT_EQ(doc["converted_from"], "old");
    EXPECT_EQ(doc["units"][0]["code"], "00001");
    EXPECT_EQ(doc["units"][0]["covered_hamlets"], 1);
    EXPECT_EQ(doc["units"][2]["teams"], 1);
    // The old edition's own answers are not marked.
    const auto own = http_get(port, "/api/stats/coverage?edition=old&level=commune&as_of=2024-01-01");
    ASSERT_EQ(own.status, 200) << own.body;
    EXPECT_EQ(own.headers.count("content-crosswalk"), 0u);
    EXPECT_EQ(nlohmann::json::parse(own.body).count("converted_from"), 0u);
    // OGC coverage items, TileJSON, breaks and the unit's snapshots (the viewer's time series).
    auto items = http_get(port, "/collections/coverage_communes/items?as_of=2024-01-01&f=json");
    ASSERT_EQ(items.status, 200) << items.body;
    EXPECT_EQ(items.headers["content-crosswalk"], "from=old; to=new; method=hamlet-points");
    EXPECT_EQ(nlohmann::json::parse(items.body)["numberMatched"], 3);
    auto tilejson = http_get(port, "/tiles/coverage.json?edition=new&as_of=2024-01-01");
    ASSERT_EQ(tilejson.status, 200) << tilejson.body;
    EXPECT_EQ(nlohmann::json::parse(tilejson.body)["converted_from"], "old");
    EXPECT_EQ(tilejson.headers["content-crosswalk"], "from=old; to=new; method=hamlet-points");
    const auto x = scalar("SELECT u.id FROM admin_unit u JOIN edition e ON e.id = u.edition_id WHERE e.name = 'new' AND u.code = '00001'");
    const auto series = nlohmann::json::parse(http_get(port, "/api/stats/timeseries?metric=teams&unit=" + x).body);
    ASSERT_EQ(series["snapshots"].size(), 1u) << series.dump();
    EXPECT_EQ(series["snapshots"][0]["converted_from"], "old");
    EXPECT_EQ(series["converted_from"], "old");  // the new edition has no snapshot of its own yet
    // An unknown date lists the snapshots, converted ones marked; the old teams stay the old edition's.
    const auto unknown = http_get(port, "/api/stats/coverage?edition=new&level=commune&as_of=2023-01-01");
    EXPECT_EQ(unknown.status, 400);
    EXPECT_NE(unknown.body.find("snapshots: 2024-01-01 (from old)"), std::string::npos) << unknown.body;
    const auto teams = http_get(port, "/collections/teams_old/items?as_of=2024-01-01");
    EXPECT_EQ(teams.status, 200) << teams.body;

    // A new upload of the old registry is carried over again in its transaction: Thôn 2 joins X.
    ASSERT_EQ(import_registry(url_, dir_ + "/old_2024b.csv", "old", "2024-01-01",
                              {{"00101", "Thôn 1"}, {"00102", "Thôn 2"}, {"00103", "Thôn 3"}, {"00103", "Thôn 5"}})
                  .exit_code,
              0);
    EXPECT_EQ(figures("2024-01-01"), "00001 2/2/2/9, 00002 1/1/1/6, 00003 2/1/1/7");

    // The new edition's own registry of the same date wins over the conversion ...
    write(dir_ + "/new_hamlets.csv", "hamlet_code,name,commune_code,lon,lat\n00001001,Thôn Mới,00001,105.3,21.3\n");
    import(dir_ + "/new_hamlets.csv", "new", "hamlet", "hamlet_code", "commune_code");
    const auto own_registry = import_registry(url_, dir_ + "/new_2024.csv", "new", "2024-01-01", {{"00001", "Thôn Mới"}});
    ASSERT_EQ(own_registry.exit_code, 0) << own_registry.err << own_registry.out;
    EXPECT_EQ(scalar("SELECT count(*) FROM converted_snapshot"), "0");
    EXPECT_EQ(figures("2024-01-01"), "00001 1/1/1/4, 00002 0/0/0/0, 00003 0/0/0/0");
    table = http_get(port, "/api/stats/coverage?edition=new&level=commune&as_of=2024-01-01");
    EXPECT_EQ(table.headers.count("content-crosswalk"), 0u);
    // ... and when it is withdrawn, the conversion is back.
    const auto id = scalar("SELECT ri.id FROM registry_import ri JOIN edition e ON e.id = ri.edition_id WHERE e.name = 'new'");
    const auto withdrawn = run_covermap(url_, {"registry", "withdraw", id});
    ASSERT_EQ(withdrawn.exit_code, 0) << withdrawn.err;
    EXPECT_EQ(figures("2024-01-01"), "00001 2/2/2/9, 00002 1/1/1/6, 00003 2/1/1/7");
    table = http_get(port, "/api/stats/coverage?edition=new&level=commune&as_of=2024-01-01");
    EXPECT_EQ(table.headers["content-crosswalk"], "from=old; to=new; method=hamlet-points");
    // A converted snapshot has no figures on the new edition's hamlets (the old hamlets are other points).
    const auto on_hamlets = http_get(port, "/api/stats/coverage?edition=new&level=hamlet&as_of=2024-01-01");
    EXPECT_EQ(on_hamlets.status, 400);
    EXPECT_NE(on_hamlets.body.find("with figures for commune, not for level 'hamlet'"), std::string::npos) << on_hamlets.body;
    // The export says so too: on its output and in the GeoPackage layer's description.
    const auto exported = run_covermap(url_, {"export", "coverage", "--edition", "new", "--as-of", "2024-01-01", "--level", "commune",
                                              "-o", dir_ + "/converted.gpkg"});
    ASSERT_EQ(exported.exit_code, 0) << exported.err;
    EXPECT_NE(exported.out.find("the registry of edition old, converted to edition new's units"), std::string::npos) << exported.out;
    const auto info = capture("ogrinfo -so " + dir_ + "/converted.gpkg coverage");
    EXPECT_NE(info.output.find("as of 2024-01-01: the registry of edition old, converted to these units (hamlet points)"),
              std::string::npos) << info.output;
}

// A change map across the reform: the new edition's own snapshot (2025-06-30) against the old
// registry of 2024-01-01 carried onto its units. Tiles with compare= carry each commune's change,
// equal to the coverage table's; the hamlets, which the conversion has no figures for, carry none;
// the tile cache keeps the two maps apart; breaks class the changes with 0 between losses and gains.
TEST_F(CrosswalkImport, ChangeMapTilesAcrossTheReform) {
    ASSERT_EQ(import_registry(url_, dir_ + "/old_2024.csv", "old", "2024-01-01",
                              {{"00101", "Thôn 1"}, {"00103", "Thôn 3"}, {"00103", "Thôn 5"}})
                  .exit_code,
              0);
    ASSERT_EQ(run_covermap(url_, {"crosswalk", "build", "--from", "old", "--to", "new"}).exit_code, 0);
    write(dir_ + "/new_hamlets.csv",
          "hamlet_code,name,commune_code,lon,lat\n"
          "00001001,Thôn Mới,00001,105.3,21.3\n"
          "00002001,Thôn Tây,00002,105.1,21.7\n"
          "00003001,Thôn Giữa,00003,105.5,21.7\n"
          "00003002,Thôn Đông,00003,105.8,21.8\n");
    import(dir_ + "/new_hamlets.csv", "new", "hamlet", "hamlet_code", "commune_code");
    // The new registry: X keeps its one team, Y loses its team, Z gains one (members 4, 5, 6).
    const auto own = import_registry(url_, dir_ + "/new_2025.csv", "new", "2025-06-30",
                                     {{"00001", "Thôn Mới"}, {"00003", "Thôn Giữa"}, {"00003", "Thôn Đông"}});
    ASSERT_EQ(own.exit_code, 0) << own.err << own.out;

    api::server_config config;
    config.database_url = url_;
    auto server = start_test_server(config);
    const int port = config.port;
    const std::string scope = "?edition=new&as_of=2025-06-30&compare=2024-01-01";
    const auto table = http_get(port, "/api/stats/coverage?edition=new&level=commune&as_of=2025-06-30&compare=2024-01-01");
    ASSERT_EQ(table.status, 200) << table.body;
    std::map<std::string, nlohmann::json> change;  // by code
    const auto units = nlohmann::json::parse(table.body)["units"];
    for (const auto& u : units) change[u["code"].get<std::string>()] = u["change"];
    ASSERT_EQ(change.size(), 3u);

    const auto t = tiles::tile_at(105.5, 21.5, 6);
    const std::string path = "/tiles/communes/" + std::to_string(t.z) + "/" + std::to_string(t.x) + "/" + std::to_string(t.y) + ".mvt";
    // The snapshot alone first (cached): no change properties.
    const auto plain = http_get(port, path + "?edition=new&as_of=2025-06-30");
    ASSERT_EQ(plain.status, 200) << plain.body;
    EXPECT_EQ(decode_tile(dir_ + "/plain", t, plain.body).at("communes").fields.count("teams_change"), 0u);
    EXPECT_EQ(plain.headers.count("content-crosswalk"), 0u);
    const auto tile = http_get(port, path + scope);
    ASSERT_EQ(tile.status, 200) << tile.body;
    EXPECT_EQ(tile.headers.at("x-cache"), "miss");  // compare is part of the cache key
    EXPECT_EQ(tile.headers.at("content-crosswalk"), "from=old; to=new; method=hamlet-points");
    const auto communes = decode_tile(dir_ + "/change", t, tile.body).at("communes");
    ASSERT_EQ(communes.values.size(), 3u);
    std::map<std::string, std::string> seen;  // code → rate/covered/teams/members change
    for (const auto& [id, v] : communes.values) {
        const auto& c = change.at(v.at("code"));
        EXPECT_NEAR(std::stod(v.at("coverage_rate_change")), c["coverage_rate"].get<double>(), 5e-5 + 1e-12) << v.at("code");
        EXPECT_EQ(std::stoll(v.at("covered_hamlets_change")), c["covered_hamlets"].get<long long>()) << v.at("code");
        EXPECT_EQ(std::stoll(v.at("teams_change")), c["teams"].get<long long>()) << v.at("code");
        EXPECT_EQ(std::stoll(v.at("members_change")), c["members"].get<long long>()) << v.at("code");
        seen[v.at("code")] = v.at("coverage_rate_change") + "/" + v.at("covered_hamlets_change") + "/" + v.at("teams_change") +
                             "/" + v.at("members_change");
        EXPECT_TRUE(v.count("teams") && v.count("coverage_rate")) << "the snapshot's own figures stay";
    }
    // X 1 of 2 hamlets → 1 of 1; Y lost its team; Z gained one (members 6 → 5 + 6).
    EXPECT_EQ(seen, (std::map<std::string, std::string>{{"00001", "0.5/0/0/0"}, {"00002", "-1/-1/-1/-5"}, {"00003", "0.5/1/1/5"}}));

    // The map's tileset at hamlet zooms: communes carry the change, hamlets (no figures in the
    // conversion) do not.
    const auto ht = tiles::tile_at(105.8, 21.8, 12);
    const auto hamlet_tile = http_get(port, "/tiles/coverage/12/" + std::to_string(ht.x) + "/" + std::to_string(ht.y) + ".mvt" + scope);
    ASSERT_EQ(hamlet_tile.status, 200) << hamlet_tile.body;
    const auto layers = decode_tile(dir_ + "/hamlets", ht, hamlet_tile.body);
    ASSERT_TRUE(layers.count("hamlets"));
    EXPECT_EQ(layers.at("hamlets").fields.count("teams_change"), 0u);
    EXPECT_TRUE(layers.at("hamlets").fields.count("teams"));
    EXPECT_TRUE(layers.at("communes").fields.count("teams_change"));

    // TileJSON and the tileset list: pinned to both dates, the change fields declared where they are.
    const auto tj = http_get(port, "/tiles/coverage.json" + scope);
    ASSERT_EQ(tj.status, 200) << tj.body;
    const auto doc = nlohmann::json::parse(tj.body);
    EXPECT_EQ(doc["compare"], "2024-01-01");
    EXPECT_EQ(doc["converted_from"], "old");
    EXPECT_EQ(doc["conversion"]["as_of"], "2024-01-01");
    EXPECT_NE(doc["attribution"].get<std::string>().find("registry of 2024-01-01 on edition old's units"), std::string::npos);
    EXPECT_NE(doc["tiles"][0].get<std::string>().find("?edition=new&as_of=2025-06-30&compare=2024-01-01"), std::string::npos);
    for (const auto& l : doc["vector_layers"]) {
        EXPECT_EQ(l["fields"].contains("coverage_rate_change"), l["id"] == "communes") << l["id"];
        if (l["id"] == "communes") {
            EXPECT_EQ(l["fields"]["members_change"], "Number");
        }
    }
    const auto list = nlohmann::json::parse(http_get(port, "/tiles" + scope).body);
    EXPECT_EQ(list["compare"], "2024-01-01");
    EXPECT_NE(list["tilesets"][0]["tiles"].get<std::string>().find("&compare=2024-01-01"), std::string::npos);
    // A compare date that is no snapshot of the edition: 400 naming the parameter and the snapshots.
    for (const std::string& target : {path + "?edition=new&compare=2023-01-01", std::string("/tiles/coverage.json?edition=new&compare=x"),
                                     std::string("/tiles?edition=new&compare=2023-01-01")}) {
        const auto bad = http_get(port, target);
        EXPECT_EQ(bad.status, 400) << target;
        EXPECT_NE(bad.body.find("(parameter compare); snapshots: 2025-06-30, 2024-01-01"), std::string::npos) << bad.body;
    }

    // Breaks of the change: teams -1, 0, +1 (0 already a break); the unchanged unit counted apart.
    const auto teams = http_get(port, "/api/stats/breaks?edition=new&level=commune&metric=teams&k=2&as_of=2025-06-30&compare=2024-01-01");
    ASSERT_EQ(teams.status, 200) << teams.body;
    auto b = nlohmann::json::parse(teams.body);
    EXPECT_EQ(b["breaks"], nlohmann::json({-1.0, 0.0, 1.0}));
    EXPECT_EQ(b["counts"], nlohmann::json({1, 1}));
    EXPECT_EQ(b["unchanged"], 1);
    EXPECT_EQ(b["n"], 3);
    EXPECT_EQ(b["compare"], "2024-01-01");
    EXPECT_EQ(b["converted_from"], "old");
    EXPECT_EQ(teams.headers.at("content-crosswalk"), "from=old; to=new; method=hamlet-points");
    // The rate: -1, +0.5, +0.5 — two distinct changes, so two classes, and 0 added between them.
    b = nlohmann::json::parse(http_get(port, "/api/stats/breaks?edition=new&level=commune&as_of=2025-06-30&compare=2024-01-01").body);
    EXPECT_EQ(b["breaks"], nlohmann::json({-1.0, 0.0, 0.5, 0.5})) << b.dump();
    EXPECT_EQ(b["counts"], nlohmann::json({1, 2, 0}));
    EXPECT_EQ(b["unchanged"], 0);
    EXPECT_NE(b["note"].get<std::string>().find("k lowered to the 2 distinct changes"), std::string::npos) << b.dump();
    const auto no_change_metric =
        http_get(port, "/api/stats/breaks?edition=new&level=commune&metric=supported_share&as_of=2025-06-30&compare=2024-01-01");
    EXPECT_EQ(no_change_metric.status, 400);
    EXPECT_NE(no_change_metric.body.find("parameter 'compare'"), std::string::npos) << no_change_metric.body;
    const auto unknown = http_get(port, "/api/stats/breaks?edition=new&level=commune&as_of=2025-06-30&compare=2023-01-01");
    EXPECT_EQ(unknown.status, 400);
    EXPECT_NE(unknown.body.find("parameter 'compare'"), std::string::npos) << unknown.body;
    // The hamlets have no figures in the conversion: no change to class there.
    EXPECT_EQ(http_get(port, "/api/stats/breaks?edition=new&level=hamlet&as_of=2025-06-30&compare=2024-01-01").status, 400);
}

TEST(CrosswalkCli, HelpOnEveryCrosswalkCommand) {
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"crosswalk", "-h"}, {"crosswalk", "build", "-h"}, {"crosswalk", "import", "-h"}, {"crosswalk", "convert", "-h"}}) {
        const auto r = run_covermap("postgresql://nowhere/none", args);
        EXPECT_EQ(r.exit_code, 0) << args[1];
        EXPECT_NE(r.out.find("Usage:"), std::string::npos) << args[1];
    }
    const auto r = run_covermap("postgresql://nowhere/none", {"crosswalk", "build", "-h"});
    for (const char* option : {"--from", "--to", "--sliver"}) EXPECT_NE(r.out.find(option), std::string::npos) << option;
}

}  // namespace
}  // namespace covermap::testing
