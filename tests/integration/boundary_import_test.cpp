// Boundary import against a real PostGIS: levels, parents, repair, re-import, and every failure
// leaving the database exactly as it was.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "boundaries/boundary_import.hpp"
#include "db/pool.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/test_db.hpp"

namespace covermap::testing {
namespace {

using boundaries::boundary_import_options;

class BoundaryImport : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        url_ = new std::string(migrated_database("covermap_test_import"));
        files_ = new fixture_files(write_fixtures(temp_dir("covermap-fixtures")));
    }
    static void TearDownTestSuite() {
        shell("rm -rf " + files_->dir);
        delete url_;
        delete files_;
    }
    void SetUp() override {
        conn_ = db::connect(*url_, "covermap tests");
        pqxx::work tx(*conn_);
        tx.exec("DELETE FROM edition");
        tx.commit();
    }

    static boundary_import_options provinces(const std::string& edition = "t") {
        auto o = import_options(files_->provinces, edition, "province", "code");
        o.population_field = "pop";
        return o;
    }
    static boundary_import_options communes(const std::string& edition = "t") {
        return import_options(files_->communes, edition, "commune", "code");
    }
    static boundary_import_options hamlets(const std::string& edition = "t") {
        auto o = import_options(files_->hamlets, edition, "hamlet", "hamlet_code");
        o.parent_code_field = "commune_code";
        o.households_field = "households";
        return o;
    }

    std::string scalar(const std::string& sql) {
        pqxx::read_transaction tx(*conn_);
        const auto f = tx.exec1(sql)[0];
        return f.is_null() ? "NULL" : f.as<std::string>();
    }

    static std::string* url_;
    static fixture_files* files_;
    std::unique_ptr<pqxx::connection> conn_;
};

std::string* BoundaryImport::url_ = nullptr;
fixture_files* BoundaryImport::files_ = nullptr;

TEST_F(BoundaryImport, LoadsLevelsRepairsAndLinksParents) {
    const auto p = boundaries::import_boundaries(*conn_, provinces());
    EXPECT_EQ(p.load.rows, 2);
    EXPECT_EQ(p.load.parent_level, std::nullopt);
    EXPECT_EQ(scalar("SELECT string_agg(code || ':' || population, ',' ORDER BY code) FROM admin_unit"), "01:1000,02:2500");

    const auto c = boundaries::import_boundaries(*conn_, communes());
    EXPECT_EQ(c.load.rows, 4);
    EXPECT_EQ(c.load.repaired, 1);  // the bow-tie
    EXPECT_EQ(c.load.parent_level, "province");
    EXPECT_EQ(c.load.linked_spatially, 4);
    EXPECT_EQ(c.load.without_parent, 0);
    EXPECT_EQ(scalar("SELECT string_agg(c.code || '>' || p.code, ',' ORDER BY c.code) FROM admin_unit c "
                     "JOIN admin_unit p ON p.id = c.parent_id WHERE c.level = 'commune'"),
              "00001>01,00002>01,00003>02,00004>02");
    EXPECT_EQ(scalar("SELECT count(*) FROM admin_unit WHERE level = 'commune' AND "
                     "(GeometryType(geom) <> 'MULTIPOLYGON' OR NOT ST_IsValid(geom) OR ST_SRID(geom_3857) <> 3857 "
                     " OR NOT ST_Intersects(geom, label_point))"),
              "0");
    EXPECT_EQ(scalar("SELECT ST_NumGeometries(geom) FROM admin_unit WHERE code = '00004'"), "2");
    EXPECT_EQ(scalar("SELECT name || '|' || name_key || '|' || unit_type FROM admin_unit WHERE code = '00003'"),
              "Xã Hoà Bình|hoa binh|xa");
    EXPECT_EQ(scalar("SELECT name_key || '|' || unit_type FROM admin_unit WHERE code = '00002'"), "1|phuong");

    const auto h = boundaries::import_boundaries(*conn_, hamlets());
    EXPECT_EQ(h.load.rows, 3);
    EXPECT_EQ(h.load.parent_level, "commune");
    EXPECT_EQ(h.load.linked_by_code, 3);  // "3" lost its leading zeros and still names 00003
    EXPECT_EQ(scalar("SELECT string_agg(c.code || '>' || p.code || ':' || coalesce(c.households::text, '-'), ',' "
                     "ORDER BY c.code) FROM admin_unit c JOIN admin_unit p ON p.id = c.parent_id "
                     "WHERE c.level = 'hamlet'"),
              "00001001>00001:120,00003001>00003:80,00004001>00004:-");
    EXPECT_EQ(scalar("SELECT count(*) FROM admin_unit WHERE level = 'hamlet' AND GeometryType(geom) = 'POINT'"), "3");
    EXPECT_EQ(scalar("SELECT string_agg(level || '=' || unit_count, ',' ORDER BY level) FROM edition_level"),
              "commune=4,hamlet=3,province=2");
}

// geom_3857 is sent by the importer for polygons (its own projection, the generaliser's) and filled
// by the server's triggers for everything else: points, other writers, an UPDATE of geom.
TEST_F(BoundaryImport, WebMercatorCopyAgreesWithTheServersTransform) {
    boundaries::import_boundaries(*conn_, provinces());
    boundaries::import_boundaries(*conn_, communes());
    boundaries::import_boundaries(*conn_, hamlets());
    // Vertex for vertex the same as ST_Transform, up to the last bits (1 µm at most).
    const std::string differing =
        "SELECT count(*) FROM admin_unit u, LATERAL (SELECT ST_Transform(u.geom, 3857) AS t) x WHERE u.geom_3857 IS NULL "
        "OR ST_SRID(u.geom_3857) <> 3857 OR GeometryType(u.geom_3857) <> GeometryType(u.geom) "
        "OR ST_NPoints(u.geom_3857) <> ST_NPoints(x.t) OR NOT ST_OrderingEquals(ST_SnapToGrid(u.geom_3857, 0.001), ST_SnapToGrid(x.t, 0.001)) "
        "OR ST_HausdorffDistance(u.geom_3857, x.t) > 1e-6";
    EXPECT_EQ(scalar("SELECT count(*) FROM admin_unit"), "9");
    EXPECT_EQ(scalar(differing), "0");

    // Another writer: an INSERT without geom_3857, then an UPDATE of geom alone, get ST_Transform.
    {
        pqxx::work tx(*conn_);
        tx.exec("INSERT INTO admin_unit (edition_id, level, code, name_key, geom) SELECT edition_id, level, '99999', 'x', "
                "ST_Multi(ST_Translate(geom, 0.5, 0.25)) FROM admin_unit WHERE code = '00001'");
        tx.commit();
    }
    EXPECT_EQ(scalar("SELECT ST_AsText(ST_SnapToGrid(geom_3857, 1)) = ST_AsText(ST_SnapToGrid(ST_Transform(geom, 3857), 1)) "
                     "FROM admin_unit WHERE code = '99999'"),
              "t");
    const std::string before = scalar("SELECT ST_AsText(ST_SnapToGrid(geom_3857, 1)) FROM admin_unit WHERE code = '00003'");
    {
        pqxx::work tx(*conn_);
        tx.exec("UPDATE admin_unit SET geom = ST_Multi(ST_Translate(geom, 0.5, 0)) WHERE code = '00003'");
        tx.commit();
    }
    EXPECT_NE(scalar("SELECT ST_AsText(ST_SnapToGrid(geom_3857, 1)) FROM admin_unit WHERE code = '00003'"), before);
    EXPECT_EQ(scalar(differing), "0");
    // Other columns change without touching it.
    {
        pqxx::work tx(*conn_);
        tx.exec("UPDATE admin_unit SET name = 'Xã Khác' WHERE code = '00003'");
        tx.commit();
    }
    EXPECT_EQ(scalar(differing), "0");
}

TEST_F(BoundaryImport, ReimportReplacesTheLevelKeepingIdsOfCodesThatStay) {
    boundaries::import_boundaries(*conn_, provinces());
    boundaries::import_boundaries(*conn_, communes());
    boundaries::import_boundaries(*conn_, hamlets());
    const std::string ids_before = scalar("SELECT string_agg(code || '=' || id, ',' ORDER BY code) FROM admin_unit "
                                          "WHERE level = 'commune' AND code <> '00002'");
    const std::string version_before = scalar("SELECT version FROM data_version");

    // The same communes without 00002, and 00003 renamed.
    const std::string changed = files_->dir + "/communes_changed.geojson";
    ASSERT_EQ(shell("ogr2ogr -f GeoJSON " + changed + " " + files_->communes +
                    " -sql \"SELECT code, CASE WHEN code = '00003' THEN 'Xã Mới' ELSE name END AS name, geometry FROM communes "
                    "WHERE code <> '00002'\" -dialect SQLite"),
              0);
    auto o = communes();
    o.source.path = changed;
    const auto r = boundaries::import_boundaries(*conn_, o);
    EXPECT_EQ(r.load.inserted, 0);
    EXPECT_EQ(r.load.updated, 3);
    EXPECT_EQ(r.load.removed, 1);
    EXPECT_EQ(scalar("SELECT string_agg(code || '=' || id, ',' ORDER BY code) FROM admin_unit WHERE level = 'commune'"),
              ids_before);
    EXPECT_EQ(scalar("SELECT name FROM admin_unit WHERE code = '00003'"), "Xã Mới");
    EXPECT_EQ(scalar("SELECT count(*) FROM admin_unit WHERE level = 'commune' AND parent_id IS NULL"), "0");
    EXPECT_EQ(scalar("SELECT count(*) FROM admin_unit WHERE level = 'hamlet' AND parent_id IS NULL"), "0");
    EXPECT_GT(std::stoll(scalar("SELECT version FROM data_version")), std::stoll(version_before));
}

// Autovacuum holds a SHARE UPDATE EXCLUSIVE lock on a table while it works on it, and the
// statistics a level import refreshes need the same lock: a replace (its old statistics still
// describe the level) goes on without them instead of waiting. A new level waits for its own.
TEST_F(BoundaryImport, AReplaceDoesNotWaitForAVacuumOfTheUnits) {
    boundaries::import_boundaries(*conn_, provinces());
    boundaries::import_boundaries(*conn_, communes());
    auto vacuum = db::connect(*url_, "covermap tests");  // stands in for the autovacuum worker
    pqxx::work vtx(*vacuum);
    vtx.exec("LOCK TABLE admin_unit, unit_neighbour IN SHARE UPDATE EXCLUSIVE MODE");
    {
        pqxx::nontransaction session(*conn_);
        session.exec("SET lock_timeout = '2s'");
    }
    const auto replaced = boundaries::import_boundaries(*conn_, communes());
    EXPECT_EQ(replaced.load.updated, 4);
    EXPECT_EQ(scalar("SELECT count(*) FROM admin_unit WHERE level = 'commune' AND parent_id IS NOT NULL"), "4");
    EXPECT_THROW(boundaries::import_boundaries(*conn_, hamlets()), pqxx::sql_error);  // lock timeout
    vtx.abort();
    {
        pqxx::nontransaction session(*conn_);
        session.exec("RESET lock_timeout");
    }
}

TEST_F(BoundaryImport, HamletsBeforeTheirCommunesAreLinkedWhenTheCommunesArrive) {
    boundaries::import_boundaries(*conn_, provinces());
    const auto h = boundaries::import_boundaries(*conn_, hamlets());
    EXPECT_EQ(h.load.parent_level, "province");  // the nearest level loaded so far
    boundaries::import_boundaries(*conn_, communes());
    EXPECT_EQ(scalar("SELECT string_agg(p.level, ',') FROM admin_unit c JOIN admin_unit p ON p.id = c.parent_id "
                     "WHERE c.level = 'hamlet'"),
              "commune,commune,commune");
}

TEST_F(BoundaryImport, EditionsAreSeparate) {
    boundaries::import_boundaries(*conn_, provinces("a"));
    boundaries::import_boundaries(*conn_, provinces("b"));
    EXPECT_EQ(scalar("SELECT count(*) FROM admin_unit"), "4");
    EXPECT_EQ(scalar("SELECT count(DISTINCT edition_id) FROM admin_unit"), "2");
}

// Contiguity and the tile shapes belong to an edition (migration 0015 checks it per statement
// instead of per row): deleting the edition deletes them, a row naming no edition is refused, and
// an edition a writer has just named cannot be deleted under it.
TEST_F(BoundaryImport, NeighboursAndShapesBelongToTheirEdition) {
    boundaries::import_boundaries(*conn_, provinces("a"));
    boundaries::import_boundaries(*conn_, provinces("b"));
    const std::string per_edition = "SELECT string_agg(e.name || ':' || (SELECT count(*) FROM unit_neighbour n WHERE n.edition_id = e.id) || '/' || "
                                    "(SELECT count(*) FROM unit_shape s WHERE s.edition_id = e.id), ' ' ORDER BY e.name) FROM edition e";
    const std::string before = scalar(per_edition);
    ASSERT_EQ(before.substr(0, 2), "a:");
    ASSERT_NE(before.find(" b:"), std::string::npos);
    ASSERT_EQ(scalar("SELECT count(*) = 0 FROM unit_neighbour"), "f");
    ASSERT_EQ(scalar("SELECT count(*) = 0 FROM unit_shape"), "f");
    {
        pqxx::work tx(*conn_);
        tx.exec("DELETE FROM edition WHERE name = 'a'");
        tx.commit();
    }
    EXPECT_EQ(scalar(per_edition), before.substr(before.find("b:")));
    EXPECT_EQ(scalar("SELECT count(*) FROM unit_neighbour n WHERE NOT EXISTS (SELECT 1 FROM edition e WHERE e.id = n.edition_id)"), "0");
    EXPECT_EQ(scalar("SELECT count(*) FROM unit_shape s WHERE NOT EXISTS (SELECT 1 FROM edition e WHERE e.id = s.edition_id)"), "0");

    for (const std::string& insert :
         {std::string("INSERT INTO unit_neighbour SELECT 987654, level, unit_id, neighbour_id FROM unit_neighbour"),
          std::string("INSERT INTO unit_shape SELECT 987654, level, band, unit_id, geom FROM unit_shape"),
          std::string("UPDATE unit_shape SET edition_id = 987654")}) {
        pqxx::work tx(*conn_);
        try {
            tx.exec(insert);
            ADD_FAILURE() << "accepted: " << insert;
        } catch (const pqxx::foreign_key_violation& e) {
            EXPECT_NE(std::string(e.what()).find("edition 987654 does not exist"), std::string::npos) << e.what();
        }
    }

    // A writer's INSERT locks the edition it names (and nothing else the DELETE needs): a
    // concurrent DELETE of the edition waits for the writer instead of leaving its rows orphaned.
    auto writer = db::connect(*url_, "covermap tests");
    pqxx::work wtx(*writer);
    wtx.exec("INSERT INTO unit_shape SELECT edition_id, level, 99, unit_id, geom FROM unit_shape WHERE band = (SELECT max(band) FROM unit_shape)");
    auto deleter = db::connect(*url_, "covermap tests");
    pqxx::work dtx(*deleter);
    dtx.exec("SET LOCAL lock_timeout = '300ms'");
    EXPECT_THROW(dtx.exec("DELETE FROM edition WHERE name = 'b'"), pqxx::sql_error);
}

struct failure_case {
    const char* what;
    std::vector<std::string> args;
    std::vector<std::string> message_parts;
};

TEST_F(BoundaryImport, FailuresChangeNothingAndSayWhatAndWhere) {
    boundaries::import_boundaries(*conn_, provinces());
    boundaries::import_boundaries(*conn_, communes());
    const std::string before = fingerprint(*url_);
    const std::string& c = files_->communes;
    const std::vector<std::string> base{"--edition", "t", "--level", "commune", "--code-field", "code", "--name-field", "name"};
    auto with = [&](std::vector<std::string> head, std::vector<std::string> tail = {}) {
        std::vector<std::string> args{"import", "boundaries"};
        args.insert(args.end(), head.begin(), head.end());
        args.insert(args.end(), base.begin(), base.end());
        args.insert(args.end(), tail.begin(), tail.end());
        return args;
    };
    const std::vector<failure_case> cases{
        {"missing file", with({files_->dir + "/nope.gpkg"}), {"nope.gpkg", "cannot open"}},
        {"unknown layer", with({c, "--layer", "rivers"}), {"communes.geojson", "rivers", "--layer"}},
        {"unknown field", with({c}, {"--population-field", "dan_so"}), {"communes.geojson", "layer communes", "dan_so", "--population-field"}},
        {"unknown CRS", with({c, "--s-srs", "EPSG:123456789"}), {"EPSG:123456789"}},
        {"zero rows", with({files_->empty}), {"empty.geojson", "no features"}},
        {"duplicate codes", with({files_->duplicates}), {"duplicates.geojson", "duplicate codes", "01 (rows 1, 2)"}},
        {"unknown level", {"import", "boundaries", c, "--edition", "t", "--level", "village", "--code-field", "code",
                           "--name-field", "name"}, {"village", "province, district, commune, hamlet"}},
        {"not a count", {"import", "boundaries", files_->hamlets, "--edition", "t", "--level", "hamlet", "--code-field",
                         "hamlet_code", "--name-field", "name", "--households-field", "name"},
         {"hamlets.csv", "row 1", "field name", "Thôn 1"}},
    };
    for (const auto& fc : cases) {
        const auto r = run_covermap(*url_, fc.args);
        EXPECT_NE(r.exit_code, 0) << fc.what;
        for (const auto& part : fc.message_parts) {
            EXPECT_NE(r.err.find(part), std::string::npos) << fc.what << ": '" << part << "' not in: " << r.err;
        }
        EXPECT_EQ(fingerprint(*url_), before) << fc.what;
    }
}

TEST_F(BoundaryImport, KilledHalfWayLeavesTheDatabaseAsItWas) {
    boundaries::import_boundaries(*conn_, provinces());
    const std::string before = fingerprint(*url_);
    // Enough points that COPY is still running when we look.
    const std::string big = files_->dir + "/big.csv";
    {
        std::ofstream out(big);
        out << "code,name,lon,lat\n";
        for (int i = 0; i < 400000; ++i) {
            out << i << ",Thôn " << i << "," << 105.0 + (i % 1000) * 0.0019 << "," << 21.0 + (i / 1000) * 0.0024 << "\n";
        }
    }
    const pid_t pid = start_covermap({"--database", *url_, "import", "boundaries", big, "--edition", "t", "--level",
                                      "hamlet", "--code-field", "code", "--name-field", "name"});
    bool seen_copy = false;
    auto watcher = db::connect(*url_, "covermap tests");
    for (int i = 0; i < 3000 && !seen_copy; ++i) {
        pqxx::nontransaction tx(*watcher);
        seen_copy = tx.exec1("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'covermap import' "
                             "AND query LIKE 'COPY%' AND state = 'active'")[0].as<int>() > 0;
        if (!seen_copy) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    ASSERT_TRUE(seen_copy) << "the import never reached COPY";
    EXPECT_TRUE(WIFSIGNALED(status));
    // The server notices the dead client and rolls its transaction back.
    for (int i = 0; i < 200; ++i) {
        pqxx::nontransaction tx(*watcher);
        if (tx.exec1("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'covermap import'")[0].as<int>() == 0) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_EQ(fingerprint(*url_), before);
    // And the edition is not left locked: the next import goes through.
    EXPECT_NO_THROW(boundaries::import_boundaries(*conn_, communes()));
}

TEST_F(BoundaryImport, ReadsEveryCommonVectorFormat) {
    boundaries::import_boundaries(*conn_, communes("geojson"));
    const std::string expected =
        scalar("SELECT string_agg(code || ':' || u.name || ':' || round(ST_Area(geom)::numeric, 6), ',' ORDER BY code) "
               "FROM admin_unit u JOIN edition e ON e.id = u.edition_id WHERE e.name = 'geojson'");
    struct format {
        const char* driver;
        const char* extension;
        const char* edition;
    };
    for (const auto& f : {format{"GPKG", "gpkg", "gpkg"}, format{"ESRI Shapefile", "shp", "shp"},
                          format{"FlatGeobuf", "fgb", "fgb"}, format{"KML", "kml", "kml"}}) {
        const std::string out = files_->dir + "/formats_" + f.edition + "." + f.extension;
        ASSERT_EQ(shell(std::string("ogr2ogr -f \"") + f.driver + "\" " + out + " " + files_->communes +
                        " -nln communes -makevalid -nlt MULTIPOLYGON" +
                        (std::string(f.driver) == "ESRI Shapefile" ? " -lco ENCODING=UTF-8" : "") + " 2>/dev/null"),
                  0)
            << f.driver;
        auto o = communes(f.edition);
        o.source.path = out;
        const auto r = boundaries::import_boundaries(*conn_, o);
        EXPECT_EQ(r.load.rows, 4) << f.driver;
        EXPECT_EQ(scalar("SELECT string_agg(code || ':' || u.name || ':' || round(ST_Area(geom)::numeric, 6), ',' "
                         "ORDER BY code) FROM admin_unit u JOIN edition e ON e.id = u.edition_id WHERE e.name = '" +
                         std::string(f.edition) + "'"),
                  expected)
            << f.driver;
    }
}

TEST_F(BoundaryImport, CsvCodesKeepTheirLeadingZeros) {
    boundaries::import_boundaries(*conn_, hamlets());
    EXPECT_EQ(scalar("SELECT string_agg(code, ',' ORDER BY code) FROM admin_unit"), "00001001,00003001,00004001");
}

TEST_F(BoundaryImport, Vn2000Tm3RoundTripLandsWithinTwoMetres) {
    boundaries::import_boundaries(*conn_, communes("orig"));
    for (const std::string format : {"GPKG", "ESRI Shapefile"}) {
        const std::string out = files_->dir + (format == "GPKG" ? "/communes_9215.gpkg" : "/communes_9215.shp");
        ASSERT_EQ(shell("ogr2ogr -f \"" + format + "\" -t_srs EPSG:9215 -overwrite " + out + " " + files_->communes +
                        " -nln communes_9215 -makevalid"),
                  0);
        auto o = communes(format == "GPKG" ? "rt_gpkg" : "rt_shp");
        o.source.path = out;
        const auto r = boundaries::import_boundaries(*conn_, o);
        EXPECT_TRUE(r.reprojected) << format;
        // Largest distance between a unit and its round-tripped self, in metres on the ellipsoid.
        const double worst = std::stod(scalar(
            "SELECT max(ST_HausdorffDistance(ST_Transform(a.geom, 3405), ST_Transform(b.geom, 3405))) "
            "FROM admin_unit a JOIN admin_unit b USING (code) JOIN edition ea ON ea.id = a.edition_id "
            "JOIN edition eb ON eb.id = b.edition_id WHERE ea.name = 'orig' AND eb.name = '" + o.edition + "' "
            // The bow-tie is repaired in different spaces (its edges cross elsewhere once projected).
            "AND a.code <> '00004'"));
        EXPECT_LT(worst, 2.0) << format;
    }
}

}  // namespace
}  // namespace covermap::testing
