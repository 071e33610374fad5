// OGC API – Features on the demo province, judged by the standard's requirements and by real
// clients: GDAL's OAPIF driver (ogrinfo, ogr2ogr), OWSLib, and third-party validators for the
// OpenAPI document and the GeoJSON (tests/ogc/validate.mjs). Every expectation that is a number
// comes from PostGIS over the same tables.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "api/http.hpp"
#include "api/server.hpp"
#include "db/pool.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/test_db.hpp"
#include "tests/support/test_server.hpp"

namespace covermap::testing {
namespace {

using nlohmann::json;

const std::string crs_prefix = "http://www.opengis.net/def/crs/EPSG/0/";

class Features : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        url_ = new std::string(migrated_database("covermap_test_features"));
        dir_ = new std::string(temp_dir("covermap-features"));
        const auto demo = run_covermap(*url_, {"demo", "--communes", "16"});
        ASSERT_EQ(demo.exit_code, 0) << demo.err;
        edition_ = new std::string(query("SELECT name FROM edition")[0][0].as<std::string>());
        api::server_config config;
        config.database_url = *url_;
        config.web_dir = std::string(COVERMAP_SOURCE_DIR) + "/web";
        server_ = start_test_server(config).release();
        port_ = config.port;
        // A separate covermap process with its request log, for the clients whose requests the
        // tests read back from the server's side.
        process_port_ = free_port();
        log_ = new std::string(*dir_ + "/serve.log");
        pid_ = start_covermap({"--database", *url_, "serve", "--port", std::to_string(process_port_)}, *log_);
        wait_until_up(process_port_);  // a test that needs it fails on its first request otherwise
    }
    static void TearDownTestSuite() {
        kill(pid_, SIGTERM);
        waitpid(pid_, nullptr, 0);
        delete server_;
        delete url_;
        delete edition_;
        delete log_;
        shell("rm -rf " + *dir_);
        delete dir_;
    }
    static pqxx::result query(const std::string& sql) {
        auto conn = db::connect(*url_, "covermap tests");
        pqxx::read_transaction tx(*conn);
        return tx.exec(sql);
    }
    static long long count(const std::string& sql) { return query(sql)[0][0].as<long long>(); }
    static json get_json(const std::string& target, int expected = 200) {
        const auto r = http_get(port_, target);
        EXPECT_EQ(r.status, expected) << target << ": " << r.body.substr(0, 300);
        return json::parse(r.body);
    }
    static std::string base() { return "http://127.0.0.1:" + std::to_string(port_); }
    static std::string process_base() { return "http://127.0.0.1:" + std::to_string(process_port_); }
    // Ids of every feature reached by following next links from `target`.
    static std::vector<long long> walk(const std::string& target, int* pages = nullptr) {
        std::vector<long long> ids;
        std::string next = target;
        int n = 0;
        while (!next.empty() && n < 1000) {
            const json page = get_json(next);
            ++n;
            EXPECT_EQ(page["numberReturned"].get<std::size_t>(), page["features"].size()) << next;
            for (const auto& f : page["features"]) ids.push_back(f["id"].get<long long>());
            next.clear();
            for (const auto& l : page["links"]) {
                if (l["rel"] == "next") {
                    EXPECT_EQ(l["type"], "application/geo+json");
                    next = l["href"].get<std::string>().substr(base().size());
                }
            }
        }
        if (pages) *pages = n;
        return ids;
    }
    static std::vector<long long> ids_of(const std::string& sql) {
        std::vector<long long> ids;
        for (const auto& row : query(sql)) ids.push_back(row[0].as<long long>());
        return ids;
    }
    static std::string* url_;
    static std::string* dir_;
    static std::string* edition_;
    static std::string* log_;
    static api::server* server_;
    static int port_, process_port_, pid_;
};
std::string* Features::url_ = nullptr;
std::string* Features::dir_ = nullptr;
std::string* Features::edition_ = nullptr;
std::string* Features::log_ = nullptr;
api::server* Features::server_ = nullptr;
int Features::port_ = 0;
int Features::process_port_ = 0;
int Features::pid_ = 0;

TEST_F(Features, LandingPageConformanceAndApiDescription) {
    const auto landing = http_request(port_, "GET", "/", {{"Accept", "application/json"}});
    ASSERT_EQ(landing.status, 200);
    EXPECT_EQ(landing.headers.at("content-type"), "application/json");
    const json landing_doc = json::parse(landing.body);
    std::map<std::string, json> links;
    for (const auto& l : landing_doc["links"]) links[l["rel"].get<std::string>()] = l;
    for (const char* rel : {"self", "service-desc", "service-doc", "conformance", "data"}) EXPECT_TRUE(links.count(rel)) << rel;
    EXPECT_EQ(links["service-desc"]["type"], "application/vnd.oai.openapi+json;version=3.0");
    EXPECT_EQ(links["service-doc"]["type"], "text/html");
    EXPECT_EQ(links["data"]["href"], base() + "/collections");
    // A browser asking for HTML gets the web map; ?f=json wins over the Accept header.
    const auto page = http_request(port_, "GET", "/", {{"Accept", "text/html,application/xhtml+xml"}});
    EXPECT_EQ(page.status, 200);
    EXPECT_NE(page.headers.at("content-type").find("text/html"), std::string::npos);
    EXPECT_NE(page.headers.at("vary").find("Accept"), std::string::npos);
    EXPECT_EQ(http_request(port_, "GET", "/?f=json", {{"Accept", "text/html"}}).headers.at("content-type"), "application/json");
    EXPECT_EQ(http_get(port_, "/?f=xml").status, 400);

    const json conf = get_json("/conformance");
    const std::set<std::string> classes(conf["conformsTo"].begin(), conf["conformsTo"].end());
    for (const char* c : {"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
                          "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
                          "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
                          "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs"}) {
        EXPECT_TRUE(classes.count(c)) << c;
    }

    const auto api = http_get(port_, "/api");
    ASSERT_EQ(api.status, 200);
    EXPECT_EQ(api.headers.at("content-type"), "application/vnd.oai.openapi+json;version=3.0");
    const json doc = json::parse(api.body);
    EXPECT_EQ(doc["openapi"].get<std::string>().substr(0, 2), "3.");
    const auto& limit = doc["components"]["parameters"]["limit"]["schema"];
    EXPECT_EQ(limit["default"], 10);
    EXPECT_EQ(limit["maximum"], 10000);
    // Each collection's items path declares its property filters (GDAL reads them there).
    std::set<std::string> declared;
    for (const auto& p : doc["paths"]["/collections/communes/items"]["get"]["parameters"]) {
        if (p.contains("name")) declared.insert(p["name"].get<std::string>());
    }
    for (const char* f : {"code", "name", "parent_code", "type", "covered"}) EXPECT_TRUE(declared.count(f)) << f;
    const auto html = http_get(port_, "/api.html");
    EXPECT_EQ(html.status, 200);
    EXPECT_NE(html.body.find("/collections/{collectionId}/items"), std::string::npos);
}

// The OpenAPI document lists every route the server answers, with exactly the query parameters
// the server accepts: an unknown parameter's 400 names the accepted ones, compared with the document.
TEST_F(Features, ApiDescriptionMatchesWhatEachEndpointAccepts) {
    const json doc = get_json("/api");
    int checked = 0;
    for (const auto& [path, methods] : doc["paths"].items()) {
        if (!methods.contains("get") || path.find('{') != std::string::npos || path == "/" || path == "/map" || path == "/embed" ||
            path == "/api.html") {
            continue;
        }
        std::set<std::string> documented;
        for (const auto& p : methods["get"]["parameters"]) {
            const json& def = p.contains("$ref") ? doc["components"]["parameters"][p["$ref"].get<std::string>().substr(24)] : p;
            if (def["in"] == "query") documented.insert(def["name"].get<std::string>());
        }
        const auto r = http_get(port_, path + "?zz_unknown=1");
        ASSERT_EQ(r.status, 400) << path << ": " << r.body;
        const std::string message = json::parse(r.body)["message"];
        std::set<std::string> accepted;
        const auto colon = message.find("parameters: ");
        if (colon != std::string::npos) {
            std::stringstream list(message.substr(colon + 12));
            for (std::string name; std::getline(list, name, ',');) accepted.insert(name.substr(name.find_first_not_of(' ')));
        }
        EXPECT_EQ(documented, accepted) << path;
        ++checked;
    }
    EXPECT_GT(checked, 20);
}

TEST_F(Features, ThirdPartyValidatorsAcceptTheOpenApiDocumentAndTheGeoJson) {
    const auto hamlet = count("SELECT min(id) FROM admin_unit WHERE level = 'hamlet'");
    std::string command = "node " + std::string(COVERMAP_SOURCE_DIR) + "/tests/ogc/validate.mjs --openapi " + base() + "/api";
    for (const std::string& target : std::vector<std::string>{"/collections/communes/items?limit=100", "/collections/hamlets/items?limit=100",
                                     "/collections/teams/items?limit=100", "/collections/coverage_communes/items?crs=" + crs_prefix + "3405",
                                     "/collections/hamlets/items/" + std::to_string(hamlet), "/collections/communes/items?limit=5&crs=" + crs_prefix + "4326"}) {
        command += " --geojson '" + base() + target + "'";
    }
    const auto r = capture(command);
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_EQ(r.output.find("FAIL"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("openapi ok"), std::string::npos) << r.output;
}

TEST_F(Features, CollectionsDescribeEveryLevelTheTeamsAndTheCoverage) {
    const json list = get_json("/collections");
    std::set<std::string> ids;
    for (const auto& c : list["collections"]) ids.insert(c["id"].get<std::string>());
    std::set<std::string> expected = {"teams"};
    for (const auto& row : query("SELECT level FROM edition_level")) {
        const std::string level = row[0].as<std::string>();
        const std::string plural = level == "province" ? "provinces" : level == "district" ? "districts" : level == "commune" ? "communes" : "hamlets";
        expected.insert(plural);
        expected.insert("coverage_" + plural);
    }
    EXPECT_EQ(ids, expected);
    const json communes = get_json("/collections/communes");
    EXPECT_EQ(communes["itemType"], "feature");
    EXPECT_EQ(communes["storageCrs"], "http://www.opengis.net/def/crs/OGC/1.3/CRS84");
    const std::set<std::string> crs(communes["crs"].begin(), communes["crs"].end());
    for (const char* code : {"4326", "3857", "4756", "3405", "3406", "9215", "5897"}) EXPECT_TRUE(crs.count(crs_prefix + code)) << code;
    const auto box = query("SELECT ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b) FROM (SELECT ST_Extent(geom) b FROM admin_unit WHERE level = 'commune') x")[0];
    const auto& bbox = communes["extent"]["spatial"]["bbox"][0];
    for (int i = 0; i < 4; ++i) EXPECT_NEAR(bbox[i].get<double>(), box[i].as<double>(), 1e-9);
    const auto snapshots = query("SELECT min(as_of)::text, max(as_of)::text FROM registry_import WHERE replaced_at IS NULL")[0];
    const json coverage = get_json("/collections/coverage_communes");
    EXPECT_EQ(coverage["extent"]["temporal"]["interval"][0][0], snapshots[0].as<std::string>() + "T00:00:00Z");
    EXPECT_EQ(coverage["extent"]["temporal"]["interval"][0][1], snapshots[1].as<std::string>() + "T00:00:00Z");
    std::map<std::string, std::set<std::string>> link_types;  // an items link per format (GeoJSON, CSV, FlatGeobuf)
    for (const auto& l : communes["links"]) link_types[l["rel"].get<std::string>()].insert(l["type"].get<std::string>());
    EXPECT_TRUE(link_types["items"].count("application/geo+json"));
    EXPECT_EQ(link_types["self"], std::set<std::string>{"application/json"});
    // The edition-qualified id names the same collection.
    EXPECT_EQ(get_json("/collections/communes_" + *edition_)["title"], communes["title"]);
    EXPECT_EQ(http_get(port_, "/collections/communes_1999").status, 404);
    EXPECT_EQ(http_get(port_, "/collections/nothing/items").status, 404);
}

TEST_F(Features, PagingVisitsEveryFeatureExactlyOnce) {
    int pages = 0;
    const auto ids = walk("/collections/hamlets/items?limit=7", &pages);
    const auto expected = ids_of("SELECT id FROM admin_unit WHERE level = 'hamlet' ORDER BY id");
    EXPECT_EQ(ids, expected);
    EXPECT_EQ(pages, static_cast<int>((expected.size() + 6) / 7));
    const json second = get_json("/collections/hamlets/items?limit=7&offset=7");
    EXPECT_EQ(second["numberMatched"].get<std::size_t>(), expected.size());
    bool prev = false;
    for (const auto& l : second["links"]) prev |= l["rel"] == "prev" && l["href"].get<std::string>().find("offset=0") != std::string::npos;
    EXPECT_TRUE(prev);
    // Default 10; above the maximum clamped to 10,000; not a positive integer: 400.
    EXPECT_EQ(get_json("/collections/hamlets/items")["features"].size(), std::min<std::size_t>(10, expected.size()));
    const json clamped = get_json("/collections/hamlets/items?limit=25000");
    EXPECT_EQ(clamped["features"].size(), std::min<std::size_t>(10000, expected.size()));
    EXPECT_NE(clamped["links"][0]["href"].get<std::string>().find("limit=10000"), std::string::npos);
    for (const char* bad : {"limit=unlimited", "limit=0", "limit=-5", "limit=1.5", "offset=-1"}) {
        EXPECT_EQ(http_get(port_, std::string("/collections/hamlets/items?") + bad).status, 400) << bad;
    }
    const json hits = get_json("/collections/hamlets/items?resultType=hits");
    EXPECT_EQ(hits["numberMatched"].get<std::size_t>(), expected.size());
    EXPECT_TRUE(hits["features"].empty());
    // Past the end: an empty page, no next link.
    const json beyond = get_json("/collections/hamlets/items?offset=100000");
    EXPECT_TRUE(beyond["features"].empty());
    EXPECT_EQ(beyond["numberReturned"], 0);
}

TEST_F(Features, OneFeatureByItsIdWithItsLinks) {
    const auto row = query("SELECT id, code FROM admin_unit WHERE level = 'commune' ORDER BY id LIMIT 1 OFFSET 3")[0];
    const std::string id = row[0].as<std::string>();
    const auto r = http_get(port_, "/collections/communes/items/" + id);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.headers.at("content-type"), "application/geo+json");
    const json f = json::parse(r.body);
    EXPECT_EQ(f["id"].get<long long>(), row[0].as<long long>());
    EXPECT_EQ(f["properties"]["code"], row[1].as<std::string>());
    std::set<std::string> rels;
    for (const auto& l : f["links"]) rels.insert(l["rel"].get<std::string>());
    EXPECT_EQ(rels, (std::set<std::string>{"self", "alternate", "collection"}));
    const std::string hamlet = std::to_string(count("SELECT min(id) FROM admin_unit WHERE level = 'hamlet'"));
    EXPECT_EQ(http_get(port_, "/collections/communes/items/" + hamlet).status, 404);  // a hamlet is not a commune
    EXPECT_EQ(http_get(port_, "/collections/communes/items/999999999").status, 404);
    EXPECT_EQ(http_get(port_, "/collections/communes/items/abc").status, 404);
    EXPECT_EQ(http_get(port_, "/collections/communes/items/" + id + "?bogus=1").status, 400);
    const std::string team = std::to_string(count("SELECT max(t.id) FROM team t JOIN registry_import ri ON ri.id = t.import_id WHERE ri.replaced_at IS NULL"));
    const json t = get_json("/collections/teams/items/" + team);
    EXPECT_EQ(t["geometry"]["type"], "Point");
}

TEST_F(Features, PropertyFiltersMatchPostgis) {
    const auto c = query("SELECT code, name, parent_code, unit_type FROM admin_unit WHERE level = 'commune' ORDER BY id LIMIT 1 OFFSET 2")[0];
    const json by_code = get_json("/collections/communes/items?code=" + c[0].as<std::string>());
    ASSERT_EQ(by_code["features"].size(), 1u);
    EXPECT_EQ(by_code["features"][0]["properties"]["code"], c[0].as<std::string>());
    EXPECT_EQ(get_json("/collections/communes/items?limit=1000&name=" + api::url_encode(c[1].as<std::string>()))["numberMatched"].get<long long>(),
              count("SELECT count(*) FROM admin_unit u WHERE level = 'commune' AND name = (SELECT name FROM admin_unit WHERE code = '" + c[0].as<std::string>() +
                    "' AND level = 'commune')"));
    const std::string parent = c[2].as<std::string>();
    EXPECT_EQ(get_json("/collections/hamlets/items?parent_code=" + parent)["numberMatched"].get<long long>(), 0);
    EXPECT_EQ(get_json("/collections/communes/items?parent_code=" + parent)["numberMatched"].get<long long>(),
              count("SELECT count(*) FROM admin_unit WHERE level = 'commune' AND parent_code = '" + parent + "'"));
    if (!c[3].is_null()) {
        EXPECT_EQ(get_json("/collections/communes/items?type=" + api::url_encode(c[3].as<std::string>()))["numberMatched"].get<long long>(),
                  count("SELECT count(*) FROM admin_unit WHERE level = 'commune' AND unit_type = '" + c[3].as<std::string>() + "'"));
    }
    // covered: a hamlet of the unit has a team in the latest snapshot (the coverage table says so).
    const std::string latest = "(SELECT max(as_of) FROM registry_import WHERE replaced_at IS NULL)";
    const long long covered = count("SELECT count(*) FROM coverage WHERE level = 'hamlet' AND covered_hamlets > 0 AND as_of = " + latest);
    const long long hamlets = count("SELECT count(*) FROM admin_unit WHERE level = 'hamlet'");
    ASSERT_GT(covered, 0);
    ASSERT_LT(covered, hamlets);
    EXPECT_EQ(get_json("/collections/hamlets/items?covered=true")["numberMatched"].get<long long>(), covered);
    EXPECT_EQ(get_json("/collections/hamlets/items?covered=0")["numberMatched"].get<long long>(), hamlets - covered);
    EXPECT_EQ(http_get(port_, "/collections/hamlets/items?covered=maybe").status, 400);
    // Filters combine; the teams collection has its own.
    const auto h = query("SELECT h.code, count(*) FROM team t JOIN registry_import ri ON ri.id = t.import_id JOIN admin_unit h ON h.id = t.hamlet_id "
                         "WHERE ri.replaced_at IS NULL AND ri.as_of = " + latest + " GROUP BY h.code ORDER BY count(*) DESC, h.code LIMIT 1")[0];
    EXPECT_EQ(get_json("/collections/teams/items?hamlet_code=" + h[0].as<std::string>())["numberMatched"].get<long long>(), h[1].as<long long>());
    EXPECT_EQ(http_get(port_, "/collections/teams/items?code=1").status, 400);  // not a teams filter
    // Quotes, semicolons and Unicode are values, never SQL.
    for (const char* hostile : {"x'%20OR%20'1'='1", "1;DROP%20TABLE%20team", "%E2%80%AEabc", "%00"}) {
        const auto r = http_get(port_, std::string("/collections/communes/items?code=") + hostile);
        EXPECT_TRUE(r.status == 200 || r.status == 400) << hostile << ": " << r.status;
        if (r.status == 200) {
            EXPECT_EQ(json::parse(r.body)["numberMatched"], 0) << hostile;
        }
    }
}

TEST_F(Features, BboxInAnyCrsSelectsWhatStIntersectsSelects) {
    const auto p = query("SELECT ST_X(label_point), ST_Y(label_point) FROM admin_unit WHERE level = 'province'")[0];
    const double lon = p[0].as<double>(), lat = p[1].as<double>();
    const double x0 = lon - 0.05, y0 = lat - 0.04, x1 = lon + 0.03, y1 = lat + 0.05;
    char box[200];
    std::snprintf(box, sizeof box, "%.18g,%.18g,%.18g,%.18g", x0, y0, x1, y1);  // as GDAL writes it
    char sql[400];
    std::snprintf(sql, sizeof sql, "SELECT id FROM admin_unit WHERE level = 'commune' AND ST_Intersects(geom, ST_MakeEnvelope(%.17g, %.17g, %.17g, %.17g, 4326)) ORDER BY id",
                  x0, y0, x1, y1);
    const auto expected = ids_of(sql);
    ASSERT_GT(expected.size(), 0u);
    ASSERT_LT(expected.size(), static_cast<std::size_t>(count("SELECT count(*) FROM admin_unit WHERE level = 'commune'")));
    EXPECT_EQ(walk(std::string("/collections/communes/items?limit=3&bbox=") + box), expected);
    char six[200], latlon[200];
    std::snprintf(six, sizeof six, "%.10f,%.10f,0,%.10f,%.10f,100", x0, y0, x1, y1);
    std::snprintf(latlon, sizeof latlon, "%.10f,%.10f,%.10f,%.10f", y0, x0, y1, x1);
    EXPECT_EQ(walk(std::string("/collections/communes/items?limit=100&bbox=") + six), expected);
    EXPECT_EQ(walk(std::string("/collections/communes/items?limit=100&bbox=") + latlon + "&bbox-crs=" + crs_prefix + "4326"), expected);
    // The same box in Web Mercator: the rectangle maps onto the same longitude/latitude rectangle.
    const auto m = query("SELECT ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b) FROM (SELECT ST_Transform(ST_MakeEnvelope(" + std::to_string(x0) +
                         "," + std::to_string(y0) + "," + std::to_string(x1) + "," + std::to_string(y1) + ", 4326), 3857)::box2d b) x")[0];
    std::snprintf(box, sizeof box, "%.6f,%.6f,%.6f,%.6f", m[0].as<double>(), m[1].as<double>(), m[2].as<double>(), m[3].as<double>());
    EXPECT_EQ(walk(std::string("/collections/communes/items?limit=100&bbox=") + box + "&bbox-crs=" + crs_prefix + "3857"), expected);
    for (const char* bad : {"bbox=1,2,3", "bbox=a,b,c,d", "bbox=10,50,20,40", "bbox=1,2,3,4,5", "bbox=-200,0,0,10", "bbox-crs=EPSG:4326",
                            "bbox=1,2,3,4&bbox-crs=EPSG:1234"}) {
        EXPECT_EQ(http_get(port_, std::string("/collections/communes/items?") + bad).status, 400) << bad;
    }
}

TEST_F(Features, CoordinatesInEveryCrsAgreeWithPostgis) {
    // A team is a point: its hamlet's label point.
    const auto id = count("SELECT max(t.id) FROM team t JOIN registry_import ri ON ri.id = t.import_id WHERE ri.replaced_at IS NULL AND t.hamlet_id IS NOT NULL");
    for (const int epsg : {4326, 3857, 4756, 3405, 5897}) {
        const auto r = http_get(port_, "/collections/teams/items/" + std::to_string(id) + "?crs=" + crs_prefix + std::to_string(epsg));
        ASSERT_EQ(r.status, 200) << epsg << r.body;
        EXPECT_EQ(r.headers.at("content-crs"), "<" + crs_prefix + std::to_string(epsg) + ">");
        const json xy = json::parse(r.body)["geometry"]["coordinates"];
        const auto t = query("SELECT ST_X(g), ST_Y(g) FROM (SELECT ST_Transform(h.label_point, " + std::to_string(epsg) +
                             ") g FROM team t JOIN admin_unit h ON h.id = t.hamlet_id WHERE t.id = " + std::to_string(id) + ") x")[0];
        const bool lat_first = epsg == 4326 || epsg == 4756;
        const double tolerance = epsg == 4326 || epsg == 4756 ? 1e-7 : 0.01;
        EXPECT_NEAR(xy[lat_first ? 1 : 0].get<double>(), t[0].as<double>(), tolerance) << epsg;
        EXPECT_NEAR(xy[lat_first ? 0 : 1].get<double>(), t[1].as<double>(), tolerance) << epsg;
    }
    // Default CRS84, longitude first; whole pages transform too.
    const auto r = http_get(port_, "/collections/communes/items?limit=3&crs=" + crs_prefix + "9215");
    EXPECT_EQ(r.headers.at("content-crs"), "<" + crs_prefix + "9215>");
    EXPECT_EQ(json::parse(r.body)["features"].size(), 3u);
    EXPECT_EQ(http_get(port_, "/collections/communes/items?crs=EPSG:2000").status, 400);
    EXPECT_EQ(http_get(port_, "/collections/communes/items").headers.at("content-crs"), "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>");
}

TEST_F(Features, DatetimeMeansFoundingDatesSnapshotsAndValidity) {
    const std::string latest = "(SELECT max(as_of) FROM registry_import WHERE replaced_at IS NULL)";
    const std::string from = " FROM team t JOIN registry_import ri ON ri.id = t.import_id WHERE ri.replaced_at IS NULL AND ri.as_of = " + latest;
    const std::string teams = "SELECT count(*)" + from;
    const auto mid = query("SELECT (percentile_disc(0.5) WITHIN GROUP (ORDER BY t.founded))::text" + from)[0][0].as<std::string>();
    auto matched = [](const std::string& target) { return get_json(target)["numberMatched"].get<long long>(); };
    EXPECT_EQ(matched("/collections/teams/items?datetime=" + mid), count(teams + " AND t.founded = '" + mid + "'"));
    EXPECT_EQ(matched("/collections/teams/items?datetime=" + mid + "T"), count(teams + " AND t.founded = '" + mid + "'"));  // GDAL's date literal
    EXPECT_EQ(matched("/collections/teams/items?datetime=../" + mid), count(teams + " AND t.founded <= '" + mid + "'"));
    EXPECT_EQ(matched("/collections/teams/items?datetime=/" + mid), count(teams + " AND t.founded <= '" + mid + "'"));
    EXPECT_EQ(matched("/collections/teams/items?datetime=" + mid + "T00:00:00Z/.."), count(teams + " AND t.founded >= '" + mid + "'"));
    // 23:30 on the eve in Vietnam (+07:00) is 16:30 UTC the same day: the UTC date counts.
    EXPECT_EQ(matched("/collections/teams/items?datetime=" + mid + "T06:30:00%2B07:00/" + mid + "T23:59:59Z"),
              count(teams + " AND t.founded = '" + mid + "'"));
    EXPECT_EQ(matched("/collections/teams/items?datetime=0001-01-01T00:00:00Z/9999-12-31T23:59:59Z"), count(teams + " AND t.founded IS NOT NULL"));
    // Coverage: the snapshot in force at the instant (or the end of the interval).
    const auto snaps = query("SELECT as_of::text FROM registry_import WHERE replaced_at IS NULL ORDER BY as_of");
    ASSERT_GE(snaps.size(), 2u);
    const std::string first = snaps[0][0].as<std::string>(), last = snaps[snaps.size() - 1][0].as<std::string>();
    EXPECT_EQ(get_json("/collections/coverage_communes/items?datetime=" + first)["features"][0]["properties"]["as_of"], first);
    EXPECT_EQ(get_json("/collections/coverage_communes/items?datetime=" + last + "T12:00:00Z")["features"][0]["properties"]["as_of"], last);
    EXPECT_EQ(get_json("/collections/coverage_communes/items?datetime=2000-01-01/" + last)["features"][0]["properties"]["as_of"], last);
    EXPECT_EQ(matched("/collections/coverage_communes/items?datetime=1990-01-01"), 0);
    EXPECT_EQ(get_json("/collections/coverage_communes/items?as_of=" + first)["features"][0]["properties"]["as_of"], first);
    EXPECT_EQ(http_get(port_, "/collections/coverage_communes/items?as_of=1999-12-31").status, 400);
    EXPECT_EQ(http_get(port_, "/collections/coverage_communes/items?as_of=" + first + "&datetime=" + last).status, 400);
    // Coverage figures equal the coverage table.
    const json f = get_json("/collections/coverage_communes/items?limit=1&as_of=" + first)["features"][0];
    const auto row = query("SELECT teams, covered_hamlets FROM coverage WHERE unit_id = " + std::to_string(f["id"].get<long long>()) + " AND as_of = '" + first + "'")[0];
    EXPECT_EQ(f["properties"]["teams"].get<long long>(), row[0].as<long long>());
    EXPECT_EQ(f["properties"]["covered_hamlets"].get<long long>(), row[1].as<long long>());
    for (const char* bad : {"2025-13-01", "2025-02-30", "yesterday", "2025-01-01T25:00:00Z", "2025-01-01T10:00:00", "2025-02-01/2025-01-01", "a/b/c", ".."}) {
        EXPECT_EQ(http_get(port_, std::string("/collections/teams/items?datetime=") + bad).status, 400) << bad;
    }
}

// Geometries are cached across requests, but a data change (every import bumps the version)
// shows at once: the page and its ETag change.
TEST_F(Features, AnImportShowsInTheNextPageDespiteTheGeometryCache) {
    const std::string id = std::to_string(count("SELECT min(id) FROM admin_unit WHERE level = 'commune'"));
    const std::string target = "/collections/communes/items?limit=1";
    const auto before = http_get(port_, target);
    ASSERT_EQ(json::parse(before.body)["features"][0]["id"].dump(), id);
    auto change = [&](const std::string& sql) {
        auto conn = db::connect(*url_, "covermap tests");
        pqxx::work tx(*conn);
        tx.exec(sql);
        tx.exec("SELECT bump_data_version('test')");
        tx.commit();
    };
    change("UPDATE admin_unit SET geom = ST_Multi(ST_Translate(geom, 0.5, 0)) WHERE id = " + id);
    const auto after = http_get(port_, target);
    change("UPDATE admin_unit SET geom = ST_Multi(ST_Translate(geom, -0.5, 0)) WHERE id = " + id);
    const double x0 = json::parse(before.body)["features"][0]["geometry"]["coordinates"][0][0][0][0].get<double>();
    const double x1 = json::parse(after.body)["features"][0]["geometry"]["coordinates"][0][0][0][0].get<double>();
    EXPECT_NEAR(x1 - x0, 0.5, 1e-6);
    EXPECT_NE(before.headers.at("etag"), after.headers.at("etag"));
    EXPECT_EQ(http_get(port_, target).body, before.body);  // and back
}

TEST_F(Features, HeadEtagCorsAndContentTypes) {
    const std::string target = "/collections/communes/items?limit=2";
    const auto get = http_get(port_, target);
    ASSERT_EQ(get.status, 200);
    EXPECT_EQ(get.headers.at("access-control-allow-origin"), "*");
    const auto head = http_request(port_, "HEAD", target);
    EXPECT_EQ(head.status, 200);
    EXPECT_TRUE(head.body.empty());
    EXPECT_EQ(head.headers.at("etag"), get.headers.at("etag"));
    EXPECT_EQ(head.headers.at("content-type"), "application/geo+json");
    EXPECT_EQ(http_request(port_, "GET", target, {{"If-None-Match", get.headers.at("etag")}}).status, 304);
    EXPECT_EQ(http_request(port_, "GET", "/collections/communes/items?limit=3", {{"If-None-Match", get.headers.at("etag")}}).status, 200);
    const auto collections = http_get(port_, "/collections");
    EXPECT_EQ(collections.headers.at("content-type"), "application/json");
    EXPECT_EQ(http_request(port_, "GET", "/collections", {{"If-None-Match", collections.headers.at("etag")}}).status, 304);
    EXPECT_EQ(http_get(port_, target + "&f=json").headers.at("content-type"), "application/json");
    const auto preflight = http_request(port_, "OPTIONS", "/collections/communes/items");
    EXPECT_EQ(preflight.status, 204);
}

// Personal data stays in the database: no leader or phone appears in any team feature.
TEST_F(Features, TeamsCarryNoPersonalData) {
    const std::string body = http_get(port_, "/collections/teams/items?limit=10000").body;
    ASSERT_GT(body.size(), 1000u);
    int checked = 0;
    for (const auto& row : query("SELECT leader, phone FROM team_contact WHERE leader IS NOT NULL OR phone IS NOT NULL LIMIT 200")) {
        for (int i = 0; i < 2; ++i) {
            if (!row[i].is_null() && row[i].as<std::string>().size() > 4) {
                EXPECT_EQ(body.find(row[i].as<std::string>()), std::string::npos);
                ++checked;
            }
        }
    }
    EXPECT_GT(checked, 0);
    for (const char* key : {"leader", "phone", "note", "cells"}) EXPECT_EQ(body.find(std::string("\"") + key + "\""), std::string::npos) << key;
}

TEST_F(Features, GdalReadsCollectionsCountsPagesFiltersAndFids) {
    const std::string src = "OAPIF:" + process_base();
    const auto listing = capture("ogrinfo -ro '" + src + "'");
    ASSERT_EQ(listing.status, 0) << listing.output;
    for (const char* layer : {"provinces", "communes", "hamlets", "teams", "coverage_communes"}) {
        EXPECT_NE(listing.output.find(std::string(": ") + layer + " ("), std::string::npos) << layer << "\n" << listing.output;
    }
    const long long communes = count("SELECT count(*) FROM admin_unit WHERE level = 'commune'");
    const auto summary = capture("ogrinfo -ro -so '" + src + "' communes");
    EXPECT_NE(summary.output.find("Feature Count: " + std::to_string(communes)), std::string::npos) << summary.output;
    EXPECT_NE(summary.output.find("Extent: ("), std::string::npos) << summary.output;

    for (const std::string options : {"", "-oo PAGE_SIZE=1000"}) {
        const std::string out = *dir_ + "/copy.gpkg";
        shell("rm -f " + out);
        const auto copy = capture("ogr2ogr -f GPKG " + out + " '" + src + "' hamlets " + options);
        ASSERT_EQ(copy.status, 0) << copy.output;
        const auto check = capture("ogrinfo -ro -q -sql 'SELECT count(*) AS n, count(DISTINCT fid) AS d FROM hamlets' " + out);
        const std::string n = std::to_string(count("SELECT count(*) FROM admin_unit WHERE level = 'hamlet'"));
        EXPECT_NE(check.output.find("n (Integer) = " + n), std::string::npos) << options << check.output;
        EXPECT_NE(check.output.find("d (Integer) = " + n), std::string::npos) << options << check.output;
    }

    const auto c = query("SELECT id, code FROM admin_unit WHERE level = 'commune' ORDER BY id LIMIT 1 OFFSET 5")[0];
    const auto where = capture("ogrinfo -ro -q '" + src + "' communes -where \"code='" + c[1].as<std::string>() + "'\"");
    EXPECT_NE(where.output.find("code (String) = " + c[1].as<std::string>()), std::string::npos) << where.output;
    EXPECT_EQ(where.output.find("OGRFeature(communes):", where.output.find("OGRFeature(communes):") + 1), std::string::npos) << "one feature";
    // The server's access log shows the filter arrived as a cql-text filter (GDAL 3.6 sends one when
    // the OpenAPI document offers filter-lang cql-text).
    std::ifstream log(*log_);
    bool filtered = false;
    for (std::string line; std::getline(log, line);) {
        if (line.empty() || line[0] != '{') continue;
        const json entry = json::parse(line);
        const std::string q = entry["query"].get<std::string>();
        filtered |= entry["path"] == "/collections/communes/items" && q.find("filter=") != std::string::npos &&
                    q.find(c[1].as<std::string>()) != std::string::npos && entry["status"] == 200;
    }
    EXPECT_TRUE(filtered) << "the filter did not reach the server as filter=code = '...'";

    const auto fid = capture("ogrinfo -ro -q '" + src + "' communes -fid " + c[0].as<std::string>());
    EXPECT_NE(fid.output.find("OGRFeature(communes):" + c[0].as<std::string>()), std::string::npos) << fid.output;
    EXPECT_NE(fid.output.find("code (String) = " + c[1].as<std::string>()), std::string::npos) << fid.output;

    const auto p = query("SELECT ST_X(label_point), ST_Y(label_point) FROM admin_unit WHERE level = 'province'")[0];
    const double lon = p[0].as<double>(), lat = p[1].as<double>();
    char spat[200], sql[400];
    std::snprintf(spat, sizeof spat, "%.6f %.6f %.6f %.6f", lon - 0.05, lat - 0.04, lon + 0.03, lat + 0.05);
    std::snprintf(sql, sizeof sql, "SELECT count(*) FROM admin_unit WHERE level = 'commune' AND ST_Intersects(geom, ST_MakeEnvelope(%.6f, %.6f, %.6f, %.6f, 4326))",
                  lon - 0.05, lat - 0.04, lon + 0.03, lat + 0.05);
    const auto spatial = capture("ogrinfo -ro -so '" + src + "' communes -spat " + spat);
    EXPECT_NE(spatial.output.find("Feature Count: " + std::to_string(count(sql))), std::string::npos) << spatial.output;
}

// OGC API – Features Part 3: CQL2 filters (text and JSON) on every collection kind select what
// the same condition selects in SQL; numberMatched counts them and next links carry the filter.
TEST_F(Features, Cql2FiltersSelectWhatPostgisSelects) {
    const std::string latest = "(SELECT max(as_of) FROM registry_import WHERE replaced_at IS NULL)";
    const std::string coverage = "SELECT count(*) FROM coverage c JOIN admin_unit u ON u.id = c.unit_id WHERE c.level = 'commune' AND c.as_of = " + latest;
    const auto mid = query("SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY members), percentile_disc(0.5) WITHIN GROUP (ORDER BY coverage_rate) "
                           "FROM coverage WHERE level = 'commune' AND as_of = " + latest)[0];
    const std::string members = mid[0].as<std::string>(), rate = mid[1].as<std::string>();
    auto matched = [](const std::string& collection, const std::string& filter, const std::string& extra = "") {
        return get_json("/collections/" + collection + "/items?filter=" + api::url_encode(filter) + extra)["numberMatched"].get<long long>();
    };
    const long long both = count(coverage + " AND c.coverage_rate < " + rate + " AND c.members > " + members);
    ASSERT_GT(both, 0);
    EXPECT_EQ(matched("coverage_communes", "coverage_rate < " + rate + " AND members > " + members), both);
    EXPECT_EQ(matched("coverage_communes", "coverage_rate < " + rate + " OR NOT members <= " + members),
              count(coverage + " AND (c.coverage_rate < " + rate + " OR c.members > " + members + ")"));
    EXPECT_EQ(matched("coverage_communes", "{\"op\":\"and\",\"args\":[{\"op\":\"<\",\"args\":[{\"property\":\"coverage_rate\"},"
                                           + rate + "]},{\"op\":\">\",\"args\":[{\"property\":\"members\"}," + members + "]}]}",
                      "&filter-lang=cql2-json"),
              both);
    EXPECT_EQ(matched("coverage_communes", "members BETWEEN 1 AND " + members + " AND teams * 2 >= 2"),
              count(coverage + " AND c.members BETWEEN 1 AND " + members + " AND c.teams >= 1"));
    const auto codes = query("SELECT code FROM admin_unit WHERE level = 'commune' ORDER BY id LIMIT 3");
    EXPECT_EQ(matched("communes", "code IN ('" + codes[0][0].as<std::string>() + "', '" + codes[2][0].as<std::string>() + "', 'none')"), 2);
    const auto name = query("SELECT name FROM admin_unit WHERE level = 'commune' ORDER BY id LIMIT 1")[0][0].as<std::string>();
    const std::string prefix = name.substr(0, name.find(' ') + 1);
    EXPECT_EQ(matched("communes", "name LIKE '" + prefix + "%'"),
              count("SELECT count(*) FROM admin_unit WHERE level = 'commune' AND name LIKE '" + prefix + "%'"));
    EXPECT_EQ(matched("communes", "CASEI(name) = CASEI('" + name + "')"),
              count("SELECT count(*) FROM admin_unit WHERE level = 'commune' AND lower(name) = lower('" + name + "')"));
    EXPECT_EQ(matched("communes", "population IS NULL"), count("SELECT count(*) FROM admin_unit WHERE level = 'commune' AND population IS NULL"));
    // Spatial: a box and a polygon, in CRS84 and (latitude first) in EPSG:4326.
    const auto p = query("SELECT ST_X(label_point), ST_Y(label_point) FROM admin_unit WHERE level = 'province'")[0];
    const double lon = p[0].as<double>(), lat = p[1].as<double>();
    char box[200], envelope[200], lat_first[300];
    std::snprintf(box, sizeof box, "BBOX(%.6f, %.6f, %.6f, %.6f)", lon - 0.05, lat - 0.04, lon + 0.03, lat + 0.05);
    std::snprintf(envelope, sizeof envelope, "ST_MakeEnvelope(%.6f, %.6f, %.6f, %.6f, 4326)", lon - 0.05, lat - 0.04, lon + 0.03, lat + 0.05);
    std::snprintf(lat_first, sizeof lat_first, "POLYGON((%.6f %.6f, %.6f %.6f, %.6f %.6f, %.6f %.6f, %.6f %.6f))", lat - 0.04, lon - 0.05,
                  lat - 0.04, lon + 0.03, lat + 0.05, lon + 0.03, lat + 0.05, lon - 0.05, lat - 0.04, lon - 0.05);
    const long long in_box = count(std::string("SELECT count(*) FROM admin_unit WHERE level = 'hamlet' AND ST_Intersects(geom, ") + envelope + ")");
    ASSERT_GT(in_box, 0);
    EXPECT_EQ(matched("hamlets", std::string("S_INTERSECTS(geometry, ") + box + ")"), in_box);
    EXPECT_EQ(matched("hamlets", std::string("S_INTERSECTS(geometry, ") + lat_first + ")", "&filter-crs=" + api::url_encode(crs_prefix + "4326")), in_box);
    EXPECT_EQ(matched("communes", std::string("S_WITHIN(geometry, ") + box + ")"),
              count(std::string("SELECT count(*) FROM admin_unit WHERE level = 'commune' AND ST_Within(geom, ") + envelope + ")"));
    EXPECT_EQ(matched("communes", "S_CONTAINS(geometry, POINT(" + std::to_string(lon) + " " + std::to_string(lat) + "))"),
              count("SELECT count(*) FROM admin_unit WHERE level = 'commune' AND ST_Contains(geom, ST_SetSRID(ST_MakePoint(" + std::to_string(lon) +
                    ", " + std::to_string(lat) + "), 4326))"));
    // Teams: founding dates (T_ functions), and only public properties are queryable.
    const std::string teams = "SELECT count(*) FROM team t JOIN registry_import ri ON ri.id = t.import_id WHERE ri.replaced_at IS NULL AND ri.as_of = " + latest;
    const auto founded = query("SELECT (percentile_disc(0.5) WITHIN GROUP (ORDER BY t.founded))::text FROM team t JOIN registry_import ri ON ri.id = t.import_id "
                               "WHERE ri.replaced_at IS NULL AND ri.as_of = " + latest)[0][0].as<std::string>();
    EXPECT_EQ(matched("teams", "T_INTERSECTS(founded, INTERVAL('" + founded + "', '..'))"), count(teams + " AND t.founded >= '" + founded + "'"));
    EXPECT_EQ(matched("teams", "T_BEFORE(founded, DATE('" + founded + "'))"), count(teams + " AND t.founded < '" + founded + "'"));
    EXPECT_EQ(matched("teams", "founded > TIMESTAMP('" + founded + "T12:00:00Z') AND members >= 3"),
              count(teams + " AND t.founded > '" + founded + "' AND t.members >= 3"));
    // Filters combine with the other parameters, and the property=value parameters of any queryable.
    EXPECT_EQ(matched("coverage_communes", "members > " + members, "&covered=true&teams=1"),
              count(coverage + " AND c.members > " + members + " AND c.covered_hamlets > 0 AND c.teams = 1"));
    EXPECT_EQ(get_json("/collections/coverage_communes/items?members=" + members)["numberMatched"].get<long long>(),
              count(coverage + " AND c.members = " + members));

    // Paging: the next links carry the filter, and the pages hold exactly the matching ids.
    const std::string filter = "/collections/coverage_communes/items?limit=3&filter=" + api::url_encode("members > " + members);
    int pages = 0;
    const auto ids = walk(filter, &pages);
    EXPECT_EQ(ids, ids_of("SELECT u.id FROM coverage c JOIN admin_unit u ON u.id = c.unit_id WHERE c.level = 'commune' AND c.as_of = " + latest +
                          " AND c.members > " + members + " ORDER BY u.id"));
    EXPECT_GT(pages, 1);
}

TEST_F(Features, Cql2ErrorsAre400sThatSayWhatAndWhere) {
    auto error = [](const std::string& target) {
        const auto r = http_get(port_, target);
        EXPECT_EQ(r.status, 400) << target << ": " << r.body;
        const json body = json::parse(r.body);
        EXPECT_EQ(body["code"], "invalid_parameter") << target;
        return body["message"].get<std::string>();
    };
    EXPECT_EQ(error("/collections/coverage_communes/items?filter=" + api::url_encode("coverage_rate < ")),
              "parameter 'filter': position 17: expected a value after '<', found the end of the filter");
    EXPECT_NE(error("/collections/teams/items?filter=" + api::url_encode("leader = 'x'")).find("unknown property 'leader'; queryables: name, members"),
              std::string::npos);
    EXPECT_NE(error("/collections/teams/items?filter=" + api::url_encode("phone IS NULL")).find("unknown property 'phone'"), std::string::npos);
    EXPECT_NE(error("/collections/communes/items?filter=" + api::url_encode("code > 5")).find("type mismatch"), std::string::npos);
    EXPECT_NE(error("/collections/communes/items?filter=" + api::url_encode(std::string(200, '(') + "covered")).find("nests deeper"), std::string::npos);
    EXPECT_NE(error("/collections/communes/items?filter=covered&filter-lang=sql").find("parameter 'filter-lang'"), std::string::npos);
    EXPECT_NE(error("/collections/communes/items?filter=%7B&filter-lang=cql2-json").find("not valid JSON"), std::string::npos);
    EXPECT_NE(error("/collections/communes/items?filter-lang=cql2-text").find("without 'filter'"), std::string::npos);
    EXPECT_NE(error("/collections/communes/items?filter=covered&filter-crs=EPSG:3405").find("parameter 'filter-crs'"), std::string::npos);
    EXPECT_NE(error("/collections/coverage_communes/items?members=many").find("parameter 'members'"), std::string::npos);
    EXPECT_NE(error("/collections/communes/items?sortby=leader").find("parameter 'sortby': 'leader'"), std::string::npos);
    EXPECT_NE(error("/collections/communes/items?sortby=geometry").find("parameter 'sortby'"), std::string::npos);
    EXPECT_NE(error("/collections/teams/items?properties=name,phone").find("parameter 'properties': 'phone'"), std::string::npos);
}

TEST_F(Features, QueryablesAndConformanceDescribePart3) {
    for (const char* collection : {"communes", "coverage_communes", "teams"}) {
        const auto r = http_get(port_, std::string("/collections/") + collection + "/queryables");
        ASSERT_EQ(r.status, 200);
        EXPECT_EQ(r.headers.at("content-type"), "application/schema+json");
        const json q = json::parse(r.body);
        EXPECT_EQ(q["$schema"], "https://json-schema.org/draft/2019-09/schema");
        EXPECT_EQ(q["$id"], base() + "/collections/" + collection + "/queryables");
        EXPECT_EQ(q["type"], "object");
        EXPECT_EQ(q["properties"]["geometry"]["x-ogc-role"], "primary-geometry");
        EXPECT_EQ(q["properties"]["geometry"]["format"].get<std::string>().substr(0, 9), "geometry-");
        for (const auto& [name, schema] : q["properties"].items()) {
            EXPECT_TRUE(schema.contains("title")) << name;
            if (name != "geometry") {
                EXPECT_TRUE(schema.contains("type")) << name;
            }
            EXPECT_EQ(name.find("leader"), std::string::npos);
            EXPECT_EQ(name.find("phone"), std::string::npos);
            // every queryable filters without an error
            EXPECT_EQ(http_get(port_, std::string("/collections/") + collection + "/items?limit=1&filter=" + name + "%20IS%20NULL").status, 200) << name;
        }
    }
    EXPECT_EQ(get_json("/collections/teams/queryables")["properties"]["founded"]["format"], "date");
    const json conf = get_json("/conformance");
    const std::set<std::string> classes(conf["conformsTo"].begin(), conf["conformsTo"].end());
    for (const char* c : {"http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter", "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
                          "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
                          "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
                          "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text", "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
                          "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2", "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
                          "http://www.opengis.net/spec/cql2/1.0/conf/case-insensitive-comparison",
                          "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions"}) {
        EXPECT_TRUE(classes.count(c)) << c;
    }
    EXPECT_FALSE(classes.count("http://www.opengis.net/spec/cql2/1.0/conf/temporal-functions"));  // not all of them
    const json doc = get_json("/api");
    for (const auto& p : doc["paths"]["/collections/coverage_communes/items"]["get"]["parameters"]) {
        const json& def = p.contains("$ref") ? doc["components"]["parameters"][p["$ref"].get<std::string>().substr(24)] : p;
        if (def["name"] == "filter-lang") {
            const auto& e = def["schema"]["enum"];
            EXPECT_NE(std::find(e.begin(), e.end(), "cql-text"), e.end());  // what GDAL 3.6 looks for
        }
    }
}

// sortby orders by queryables with the id breaking ties, across pages; properties keeps only
// the properties asked for.
TEST_F(Features, SortbyAndPropertiesPageCorrectly) {
    const std::string latest = "(SELECT max(as_of) FROM registry_import WHERE replaced_at IS NULL)";
    int pages = 0;
    const auto ids = walk("/collections/coverage_communes/items?limit=4&sortby=-members,%2Bcode", &pages);
    EXPECT_EQ(ids, ids_of("SELECT u.id FROM coverage c JOIN admin_unit u ON u.id = c.unit_id WHERE c.level = 'commune' AND c.as_of = " + latest +
                          " ORDER BY c.members DESC, u.code, u.id"));
    EXPECT_GT(pages, 2);
    // Many ties (covered is true or false): the id decides, and no feature is lost or repeated between pages.
    const auto hamlets = walk("/collections/hamlets/items?limit=7&sortby=covered&filter=" + api::url_encode("code IS NOT NULL"));
    EXPECT_EQ(hamlets, ids_of("SELECT u.id FROM admin_unit u LEFT JOIN coverage c ON c.unit_id = u.id AND c.as_of = " + latest +
                              " WHERE u.level = 'hamlet' ORDER BY c.covered_hamlets > 0, u.id"));
    // One page of every hamlet, by name descending.
    const json big = get_json("/collections/hamlets/items?limit=10000&sortby=-name");
    std::vector<long long> big_ids;
    for (const auto& f : big["features"]) big_ids.push_back(f["id"].get<long long>());
    EXPECT_EQ(big_ids, ids_of("SELECT id FROM admin_unit WHERE level = 'hamlet' ORDER BY name DESC, id"));
    const json teams = get_json("/collections/teams/items?limit=5&sortby=-founded&properties=name,founded");
    for (const auto& f : teams["features"]) {
        EXPECT_EQ(f["properties"].size(), 2u) << f.dump();
        EXPECT_TRUE(f["properties"].contains("founded"));
        EXPECT_FALSE(f["geometry"].is_null());
    }
    const json one = get_json("/collections/communes/items?limit=2&properties=code");
    EXPECT_EQ(one["features"][0]["properties"], json({{"code", one["features"][0]["properties"]["code"]}}));
}

// GDAL 3.6 pushes a -where down as a cql-text filter (the OpenAPI document offers filter-lang
// cql-text); what ogr2ogr writes is what the same condition selects in SQL.
TEST_F(Features, GdalPushesWhereDownAsCqlText) {
    const std::string latest = "(SELECT max(as_of) FROM registry_import WHERE replaced_at IS NULL)";
    const auto mid = query("SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY members), percentile_disc(0.5) WITHIN GROUP (ORDER BY coverage_rate) "
                           "FROM coverage WHERE level = 'commune' AND as_of = " + latest)[0];
    const std::string members = mid[0].as<std::string>(), rate = mid[1].as<std::string>();
    const long long expected = count("SELECT count(*) FROM coverage WHERE level = 'commune' AND as_of = " + latest + " AND coverage_rate < " + rate +
                                     " AND members > " + members);
    ASSERT_GT(expected, 0);
    const std::string out = *dir_ + "/filtered.json";
    shell("rm -f " + out);
    const auto copy = capture("CPL_DEBUG=ON ogr2ogr -f GeoJSON " + out + " 'OAPIF:" + process_base() + "' coverage_communes -where \"coverage_rate < " +
                              rate + " AND members > " + members + "\"");
    ASSERT_EQ(copy.status, 0) << copy.output;
    std::ifstream file(out);
    const json written = json::parse(file);
    EXPECT_EQ(static_cast<long long>(written["features"].size()), expected);
    EXPECT_NE(copy.output.find("CQL text detected"), std::string::npos) << copy.output.substr(0, 2000);
    // The server's access log shows the filter arrived as filter=… with filter-lang=cql-text.
    std::ifstream log(*log_);
    bool filtered = false;
    for (std::string line; std::getline(log, line);) {
        if (line.empty() || line[0] != '{') continue;
        const json entry = json::parse(line);
        const std::string q = entry["query"].get<std::string>();
        filtered |= entry["path"] == "/collections/coverage_communes/items" && q.find("filter=") != std::string::npos &&
                    q.find("filter-lang=cql-text") != std::string::npos && entry["status"] == 200;
    }
    EXPECT_TRUE(filtered) << "no filter=…&filter-lang=cql-text request in the access log";
}

TEST_F(Features, OwslibReadsCollectionsAndItems) {
    const std::string script =
        "from owslib.ogcapi.features import Features\n"
        "f = Features('" + base() + "')\n"
        "ids = [c['id'] for c in f.collections()['collections']]\n"
        "items = f.collection_items('communes', limit=5, bbox=[100, 5, 120, 25])\n"
        "print('collections', len(ids), 'matched', items['numberMatched'], 'returned', len(items['features']))\n";
    std::ofstream(*dir_ + "/owslib_check.py") << script;
    const auto r = capture("/usr/bin/python3 " + *dir_ + "/owslib_check.py");
    ASSERT_EQ(r.status, 0) << r.output;
    const long long communes = count("SELECT count(*) FROM admin_unit WHERE level = 'commune'");
    EXPECT_NE(r.output.find("matched " + std::to_string(communes) + " returned 5"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace covermap::testing
