// Vector tiles end to end on the demo province (polygons at every level, two yearly registries):
// tiles decoded by a third-party decoder (GDAL's MVT driver) and compared with PostGIS's own
// ST_AsMVTGeom over the same stored shapes; TileJSON; gzip negotiation; ETag and 304; 204; the
// error statuses; MBTiles export read back by GDAL; seeding a running server; and two servers on
// one database, where an import through one shows in the other's tiles within a second.
#include <gtest/gtest.h>
#include <gdal_priv.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "api/api_keys.hpp"
#include "api/server.hpp"
#include "db/pool.hpp"
#include "geo/table_writer.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/mvt_decode.hpp"
#include "tests/support/test_db.hpp"
#include "tests/support/test_server.hpp"
#include "tiles/compress.hpp"
#include "tiles/pyramid.hpp"
#include "tiles/tile_grid.hpp"
#include "tiles/tilesets.hpp"

namespace covermap::testing {
namespace {

using nlohmann::json;

class Tiles : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        url_ = new std::string(migrated_database("covermap_test_tiles"));
        dir_ = new std::string(temp_dir("covermap-tiles"));
        const auto demo = run_covermap(*url_, {"demo", "--communes", "16"});
        ASSERT_EQ(demo.exit_code, 0) << demo.err;
        api::server_config config;
        config.database_url = *url_;
        server_ = start_test_server(config).release();
        port_ = config.port;
        // The province's centre, where every level has features.
        const auto c = query("SELECT ST_X(label_point), ST_Y(label_point) FROM admin_unit WHERE level = 'province'")[0];
        centre_lon_ = c[0].as<double>();
        centre_lat_ = c[1].as<double>();
    }
    static void TearDownTestSuite() {
        delete server_;
        delete url_;
        shell("rm -rf " + *dir_);
        delete dir_;
    }
    static pqxx::result query(const std::string& sql) {
        auto conn = db::connect(*url_, "covermap tests");
        pqxx::read_transaction tx(*conn);
        return tx.exec(sql);
    }
    static std::string target(const std::string& tileset, const tiles::tile_id& t, const std::string& query = "") {
        return "/tiles/" + tileset + "/" + std::to_string(t.z) + "/" + std::to_string(t.x) + "/" + std::to_string(t.y) +
               ".mvt" + query;
    }
    static std::string* url_;
    static std::string* dir_;
    static api::server* server_;
    static int port_;
    static double centre_lon_, centre_lat_;
};
std::string* Tiles::url_ = nullptr;
std::string* Tiles::dir_ = nullptr;
api::server* Tiles::server_ = nullptr;
int Tiles::port_ = 0;
double Tiles::centre_lon_ = 0, Tiles::centre_lat_ = 0;

TEST_F(Tiles, TilesetsAndTileJson) {
    const auto list = http_get(port_, "/tiles");
    ASSERT_EQ(list.status, 200) << list.body;
    const auto sets = json::parse(list.body);
    EXPECT_EQ(sets["edition"], "demo");
    EXPECT_EQ(sets["as_of"], "2025-12-31");
    std::set<std::string> names;
    for (const auto& s : sets["tilesets"]) names.insert(s["name"]);
    EXPECT_EQ(names, (std::set<std::string>{"coverage", "provinces", "districts", "communes", "hamlets"}));

    const auto r = http_get(port_, "/tiles/coverage.json");
    ASSERT_EQ(r.status, 200) << r.body;
    const auto tj = json::parse(r.body);
    EXPECT_EQ(tj["tilejson"], "3.0.0");
    const std::string base = "http://127.0.0.1:" + std::to_string(port_);
    EXPECT_EQ(tj["tiles"][0], base + "/tiles/coverage/{z}/{x}/{y}.mvt?edition=demo&as_of=2025-12-31");
    EXPECT_EQ(tj["minzoom"], 0);
    EXPECT_EQ(tj["maxzoom"], 14);
    ASSERT_EQ(tj["bounds"].size(), 4u);
    EXPECT_LT(tj["bounds"][0].get<double>(), centre_lon_);
    EXPECT_GT(tj["bounds"][2].get<double>(), centre_lon_);
    EXPECT_EQ(tj["center"].size(), 3u);
    std::set<std::string> layers;
    for (const auto& l : tj["vector_layers"]) {
        layers.insert(l["id"]);
        if (l["id"].get<std::string>().find("_labels") != std::string::npos) {
            // Label points carry the name (and the province, for the embed's filter) only.
            EXPECT_EQ(l["fields"], json({{"name", "String"}, {"province_code", "String"}})) << l["id"];
            continue;
        }
        EXPECT_EQ(l["fields"]["code"], "String");
        EXPECT_EQ(l["fields"]["coverage_rate"], "Number");
        EXPECT_EQ(l["fields"]["teams"], "Number");
        EXPECT_FALSE(l["fields"].contains("leader"));
    }
    // The demo has no districts: the layer is not announced.
    EXPECT_EQ(layers, (std::set<std::string>{"provinces", "communes", "hamlets", "province_labels", "commune_labels",
                                             "hamlet_labels"}));
    const auto older = json::parse(http_get(port_, "/tiles/coverage.json?as_of=2024-12-31").body);
    EXPECT_EQ(older["tiles"][0], base + "/tiles/coverage/{z}/{x}/{y}.mvt?edition=demo&as_of=2024-12-31");
}

TEST_F(Tiles, LayersFieldsAndFeaturesMatchPostgis) {
    // Zooms in every band: the generalised shapes at 6..11 and the full geometry beyond.
    for (int z : {6, 8, 10, 11, 12, 13}) {
        const auto t = tiles::tile_at(centre_lon_, centre_lat_, z);
        const auto r = http_get(port_, target("coverage", t));
        ASSERT_EQ(r.status, 200) << z << ": " << r.body;
        EXPECT_EQ(r.headers.at("content-type"), "application/vnd.mapbox-vector-tile");
        EXPECT_EQ(r.headers.count("content-encoding"), 0u);
        auto layers = decode_tile(*dir_, t, r.body);
        for (auto it = layers.begin(); it != layers.end();) {  // label layers: Tiles.LabelPoints...
            it = it->first.find("_labels") == std::string::npos ? std::next(it) : layers.erase(it);
        }
        std::set<std::string> names;
        for (const auto& [name, layer] : layers) names.insert(name);
        std::set<std::string> expected{"provinces"};
        if (z >= 8) expected.insert("communes");
        if (z >= 11) expected.insert("hamlets");
        EXPECT_EQ(names, expected) << "zoom " << z;
        for (const auto& [name, layer] : layers) {
            const std::string level = name == "provinces" ? "province" : name == "communes" ? "commune" : "hamlet";
            EXPECT_EQ(layer.ids, postgis_tile_ids(*url_, "demo", level, t)) << name << " at " << z << "/" << t.x << "/" << t.y;
            for (const char* field : {"code", "name", "parent_name", "hamlets", "covered_hamlets", "coverage_rate",
                                      "teams", "members"}) {
                if (std::string(field) == "parent_name" && level == "province") continue;
                EXPECT_TRUE(layer.fields.count(field)) << name << " lacks " << field;
            }
            for (const auto& f : layer.fields) {
                EXPECT_EQ(f.find("leader"), std::string::npos);
                EXPECT_EQ(f.find("phone"), std::string::npos);
            }
        }
    }
}

// A unit's name is written once per zoom: at its label point (ST_PointOnSurface), in the one tile
// holding that point, however many tiles its polygon crosses; from zoom 9 for communes and 12 for
// hamlets, with the unit's name and province code and nothing else.
TEST_F(Tiles, LabelPointsAreWrittenOnceInTheTileHoldingThem) {
    const auto box = query("SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM "
                           "(SELECT ST_Extent(geom) e FROM admin_unit WHERE level = 'province') s")[0];
    const geo::box province{box[0].as<double>(), box[1].as<double>(), box[2].as<double>(), box[3].as<double>()};
    std::map<long long, std::string> names;
    for (const auto& r : query("SELECT id, name FROM admin_unit WHERE level = 'commune'")) names[r[0].as<long long>()] = r[1].as<std::string>();
    ASSERT_GT(names.size(), 1u);
    for (int z : {8, 9, 10}) {
        std::map<long long, int> seen;
        long long provinces = 0;
        for (const auto& t : tiles::tiles_covering(province, z)) {
            const auto r = http_get(port_, target("coverage", t));
            if (r.status == 204) continue;
            ASSERT_EQ(r.status, 200) << r.body;
            const auto layers = decode_tile(*dir_, t, r.body);
            if (const auto it = layers.find("province_labels"); it != layers.end()) provinces += it->second.features;
            const auto it = layers.find("commune_labels");
            if (it == layers.end()) continue;
            EXPECT_EQ(it->second.fields, (std::set<std::string>{"name", "province_code"}));
            for (const auto id : it->second.ids) {
                ++seen[id];
                EXPECT_EQ(it->second.values.at(id).at("name"), names[id]) << id;
            }
        }
        EXPECT_EQ(provinces, 1) << "zoom " << z;
        if (z < 9) {
            EXPECT_TRUE(seen.empty()) << "zoom " << z;
            continue;
        }
        EXPECT_EQ(seen.size(), names.size()) << "zoom " << z;
        for (const auto& [id, n] : seen) EXPECT_EQ(n, 1) << "commune " << id << " labelled " << n << " times at zoom " << z;
    }
    // Hamlet names from zoom 12.
    const auto t11 = tiles::tile_at(centre_lon_, centre_lat_, 11);
    EXPECT_EQ(decode_tile(*dir_, t11, http_get(port_, target("coverage", t11)).body).count("hamlet_labels"), 0u);
}

TEST_F(Tiles, FeaturesCarryTheSnapshotsFigures) {
    const auto t = tiles::tile_at(centre_lon_, centre_lat_, 9);
    for (const std::string as_of : {"2024-12-31", "2025-12-31"}) {
        const auto r = http_get(port_, target("communes", t, "?as_of=" + as_of));
        ASSERT_EQ(r.status, 200) << r.body;
        const auto layers = decode_tile(*dir_ + "/" + as_of, t, r.body);
        ASSERT_TRUE(layers.count("communes"));
        const auto& communes = layers.at("communes");
        ASSERT_GT(communes.features, 0);
        for (const auto& row : query("SELECT c.unit_id, u.code, u.name, c.teams, c.covered_hamlets, c.hamlets, "
                                     "round(c.coverage_rate::numeric, 4) FROM coverage c JOIN admin_unit u ON u.id = c.unit_id "
                                     "WHERE c.level = 'commune' AND c.as_of = '" + as_of + "'")) {
            const long long id = row[0].as<long long>();
            if (!communes.values.count(id)) continue;
            const auto& v = communes.values.at(id);
            EXPECT_EQ(v.at("code"), row[1].as<std::string>());
            EXPECT_EQ(v.at("name"), row[2].as<std::string>());
            EXPECT_EQ(v.at("teams"), row[3].as<std::string>()) << as_of << " " << row[1].as<std::string>();
            EXPECT_EQ(v.at("covered_hamlets"), row[4].as<std::string>());
            EXPECT_EQ(v.at("hamlets"), row[5].as<std::string>());
            EXPECT_NEAR(std::stod(v.at("coverage_rate")), row[6].as<double>(), 1e-9);
            EXPECT_EQ(v.at("parent_name"), "Tỉnh Sơn Lâm");
        }
    }
}

// Indicators travel in the tiles as `indicator@period`; importing them moves the data version,
// so the server's cached tiles give way to ones carrying the values.
TEST_F(Tiles, IndicatorsAreFeatureProperties) {
    const auto t = tiles::tile_at(centre_lon_, centre_lat_, 9);
    ASSERT_EQ(http_get(port_, target("communes", t)).status, 200);  // cached before the import
    std::string csv = "commune_code,indicator,period,value\n";
    for (const auto& r : query("SELECT code FROM admin_unit WHERE level = 'commune' ORDER BY code")) {
        csv += r[0].as<std::string>() + ",ecommerce_household_share,2025-Q4,0.125\n";
    }
    std::ofstream(*dir_ + "/indicators.csv") << csv;
    const auto imported = run_covermap(*url_, {"import", "indicators", *dir_ + "/indicators.csv", "--edition", "demo"});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    std::map<std::string, decoded_layer> layers;
    for (int i = 0; i < 100; ++i) {  // the server hears of the import through NOTIFY
        const auto r = http_get(port_, target("communes", t));
        layers = decode_tile(*dir_ + "/indicators", t, r.body);
        if (layers["communes"].fields.count("ecommerce_household_share@2025-Q4")) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    const auto& communes = layers["communes"];
    ASSERT_TRUE(communes.fields.count("ecommerce_household_share@2025-Q4"));
    ASSERT_FALSE(communes.values.empty());
    for (const auto& [id, values] : communes.values) EXPECT_EQ(values.at("ecommerce_household_share@2025-Q4"), "0.125");
    const auto tj = json::parse(http_get(port_, "/tiles/communes.json").body);
    EXPECT_EQ(tj["vector_layers"][0]["fields"]["ecommerce_household_share@2025-Q4"], "Number");
}

TEST_F(Tiles, GzipOnlyWhenAcceptedStrongEtagsAnd304) {
    const auto t = tiles::tile_at(centre_lon_, centre_lat_, 10);
    const auto plain = http_get(port_, target("coverage", t));
    ASSERT_EQ(plain.status, 200);
    const auto zipped = http_request(port_, "GET", target("coverage", t), {{"Accept-Encoding", "gzip, deflate, br"}});
    ASSERT_EQ(zipped.status, 200);
    EXPECT_EQ(zipped.headers.at("content-encoding"), "gzip");
    EXPECT_EQ(tiles::gunzip(zipped.body), plain.body);
    EXPECT_LT(zipped.body.size(), plain.body.size());
    EXPECT_NE(plain.headers.at("vary").find("Accept-Encoding"), std::string::npos);
    const auto refused = http_request(port_, "GET", target("coverage", t), {{"Accept-Encoding", "gzip;q=0, br"}});
    EXPECT_EQ(refused.headers.count("content-encoding"), 0u);
    EXPECT_EQ(refused.body, plain.body);

    // Strong, distinct per representation, stable; 304 without a body for either.
    const std::string etag = plain.headers.at("etag"), gz_etag = zipped.headers.at("etag");
    EXPECT_EQ(etag.front(), '"');
    EXPECT_NE(etag, gz_etag);
    EXPECT_EQ(http_get(port_, target("coverage", t)).headers.at("etag"), etag);
    EXPECT_EQ(http_get(port_, target("coverage", t)).headers.at("x-cache"), "hit");
    const auto not_modified = http_request(port_, "GET", target("coverage", t), {{"If-None-Match", etag}});
    EXPECT_EQ(not_modified.status, 304);
    EXPECT_TRUE(not_modified.body.empty());
    EXPECT_EQ(not_modified.headers.at("etag"), etag);
    EXPECT_EQ(http_request(port_, "GET", target("coverage", t), {{"If-None-Match", "\"other\", W/" + gz_etag},
                                                                  {"Accept-Encoding", "gzip"}}).status, 304);
    EXPECT_EQ(http_request(port_, "GET", target("coverage", t), {{"If-None-Match", "\"other\""}}).status, 200);
    EXPECT_NE(plain.headers.at("cache-control").find("max-age"), std::string::npos);
    // Another snapshot is another tile.
    EXPECT_NE(http_get(port_, target("coverage", t, "?as_of=2024-12-31")).headers.at("etag"), etag);
}

TEST_F(Tiles, EmptyTilesAndErrors) {
    const auto empty = http_get(port_, target("coverage", {5, 0, 0}));
    EXPECT_EQ(empty.status, 204);
    EXPECT_TRUE(empty.body.empty());
    EXPECT_EQ(http_get(port_, target("hamlets", tiles::tile_at(centre_lon_, centre_lat_, 3))).status, 204);  // below its zooms
    EXPECT_EQ(http_get(port_, "/tiles/coverage/25/0/0.mvt").status, 400);
    EXPECT_EQ(http_get(port_, "/tiles/coverage/3/8/0.mvt").status, 400);
    EXPECT_EQ(http_get(port_, "/tiles/coverage/3/-1/0.mvt").status, 400);
    const auto malformed = http_get(port_, "/tiles/coverage/a/b/c.mvt");
    EXPECT_EQ(malformed.status, 400);
    EXPECT_NE(malformed.body.find("{z}/{x}/{y}.mvt"), std::string::npos) << malformed.body;
    EXPECT_EQ(http_get(port_, "/tiles/coverage/3/1/1.png").status, 400);
    EXPECT_EQ(http_get(port_, "/tiles/coverage/3/1/1.pbf").status == 200 ||
                  http_get(port_, "/tiles/coverage/3/1/1.pbf").status == 204,
              true);
    const auto unknown = http_get(port_, "/tiles/nope/3/1/1.mvt");
    EXPECT_EQ(unknown.status, 404);
    EXPECT_NE(unknown.body.find("coverage"), std::string::npos);
    EXPECT_EQ(http_get(port_, "/tiles/nope.json").status, 404);
    EXPECT_EQ(http_get(port_, "/tiles/coverage").status, 404);
    const auto edition = http_get(port_, "/tiles/coverage/3/1/1.mvt?edition=2030");
    EXPECT_EQ(edition.status, 400);
    EXPECT_NE(edition.body.find("editions: demo"), std::string::npos) << edition.body;
    EXPECT_EQ(http_get(port_, "/tiles/coverage/3/1/1.mvt?as_of=2020-01-01").status, 400);
    EXPECT_EQ(http_get(port_, "/tiles/coverage/3/1/1.mvt?colour=red").status, 400);
}

TEST_F(Tiles, ExportWritesAnMBTilesFileGdalReads) {
    const std::string path = *dir_ + "/demo.mbtiles";
    const auto r = run_covermap(*url_, {"tiles", "export", "--tileset", "coverage", "--zooms", "5-11", "-o", path});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("wrote "), std::string::npos) << r.out;
    GDALAllRegister();
    const char* drivers[] = {"MBTiles", nullptr};
    const char* options[] = {"ZOOM_LEVEL=11", nullptr};
    std::unique_ptr<GDALDataset> ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, options));
    ASSERT_TRUE(ds) << "GDAL cannot read " << path;
    std::map<std::string, long long> counts;
    for (auto* layer : ds->GetLayers()) {
        std::set<long long> ids;
        const int id_field = layer->GetLayerDefn()->GetFieldIndex("mvt_id");
        ASSERT_GE(id_field, 0) << layer->GetName();
        layer->ResetReading();
        while (OGRFeatureUniquePtr f{layer->GetNextFeature()}) ids.insert(f->GetFieldAsInteger64(id_field));
        counts[layer->GetName()] = static_cast<long long>(ids.size());
    }
    // At zoom 11 every commune and hamlet appears (a feature cut by tile edges is one id).
    EXPECT_EQ(counts["communes"], query("SELECT count(*) FROM admin_unit WHERE level = 'commune'")[0][0].as<long long>());
    EXPECT_EQ(counts["hamlets"], query("SELECT count(*) FROM admin_unit WHERE level = 'hamlet'")[0][0].as<long long>());
    EXPECT_EQ(counts["provinces"], 1);

    // Bad options: a clear error, no file.
    const auto bad = run_covermap(*url_, {"tiles", "export", "--zooms", "9-3", "-o", *dir_ + "/bad.mbtiles"});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.err.find("--zooms"), std::string::npos) << bad.err;
    EXPECT_NE(shell("test -e " + *dir_ + "/bad.mbtiles"), 0);
}

TEST_F(Tiles, SeedWarmsARunningServersCache) {
    const auto r = run_covermap(*url_, {"tiles", "seed", "--tileset", "communes", "--zooms", "7-9", "--url",
                                        "http://127.0.0.1:" + std::to_string(port_)});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("zoom"), std::string::npos);
    const auto t = tiles::tile_at(centre_lon_, centre_lat_, 8);
    const auto hit = http_get(port_, target("communes", t, "?edition=demo&as_of=2025-12-31"));
    EXPECT_EQ(hit.status, 200);
    EXPECT_EQ(hit.headers.at("x-cache"), "hit");
}

// Two covermap processes on one database: a registry imported through the first is in the
// second's tiles within a second (NOTIFY → LISTEN → its cache drops the stale tiles).
TEST_F(Tiles, AnImportThroughOneServerReachesAnothersTilesWithinASecond) {
    const std::string keys = *dir_ + "/keys";
    const std::string key = api::new_api_key();
    {
        std::ofstream out(keys);
        out << api::api_key_line("tester", key) << "\n";
    }
    const int port_a = free_port(), port_b = free_port();
    const pid_t a = start_covermap({"--database", *url_, "serve", "--port", std::to_string(port_a), "--api-keys", keys},
                                   *dir_ + "/a.log");
    const pid_t b = start_covermap({"--database", *url_, "serve", "--port", std::to_string(port_b)}, *dir_ + "/b.log");
    ASSERT_TRUE(wait_until_up(port_a));
    ASSERT_TRUE(wait_until_up(port_b));

    // A commune whose figures the new registry changes: every hamlet of it gets a team.
    const auto commune = query("SELECT c.id, c.code, c.name FROM admin_unit c JOIN coverage v ON v.unit_id = c.id "
                               "WHERE c.level = 'commune' AND v.as_of = '2025-12-31' AND v.covered_hamlets < v.hamlets "
                               "ORDER BY c.code LIMIT 1")[0];
    const long long id = commune[0].as<long long>();
    const auto t = tiles::tile_at(centre_lon_, centre_lat_, 8);
    const std::string tile = target("communes", t, "?as_of=2025-12-31");
    const auto before = http_get(port_b, tile);
    ASSERT_EQ(before.status, 200);
    ASSERT_EQ(http_get(port_b, tile).headers.at("x-cache"), "hit");
    const auto old_values = decode_tile(*dir_ + "/before", t, before.body).at("communes").values;
    ASSERT_TRUE(old_values.count(id)) << "the commune is not in tile " << tile;

    std::string csv = "STT,Tỉnh/Thành phố,Xã/Phường/Thị trấn,Thôn/Tổ dân phố,Tên tổ,Số thành viên\n";
    int n = 0;
    for (const auto& h : query("SELECT name FROM admin_unit WHERE parent_id = " + std::to_string(id) + " ORDER BY code")) {
        ++n;
        csv += geo::csv_line({std::to_string(n), "Tỉnh Sơn Lâm", commune[2].as<std::string>(), h[0].as<std::string>(),
                              "Tổ " + std::to_string(n), "5"});
    }
    const auto posted = http_request(port_a, "POST", "/api/imports/registry?edition=demo&as_of=2025-12-31",
                                     {{"Authorization", "Bearer " + key}}, csv);
    ASSERT_EQ(posted.status, 201) << posted.body;
    const auto imported = std::chrono::steady_clock::now();
    std::string teams;
    double waited = 0;
    while (waited < 5) {
        const auto now = http_get(port_b, tile);
        waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - imported).count();
        if (now.headers.at("etag") != before.headers.at("etag")) {
            const auto values = decode_tile(*dir_ + "/after", t, now.body).at("communes").values;
            teams = values.at(id).at("teams");
            EXPECT_EQ(values.at(id).at("coverage_rate"), "1");
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_EQ(teams, std::to_string(n));
    EXPECT_LT(waited, 1.0) << "server B served the new figures after " << waited << " s";
    kill(a, SIGTERM);
    kill(b, SIGTERM);
    waitpid(a, nullptr, 0);
    waitpid(b, nullptr, 0);
}

}  // namespace
}  // namespace covermap::testing
