// The HTTP server through a real socket, on a real PostGIS holding the demo province.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "api/api_keys.hpp"
#include "api/server.hpp"
#include "boundaries/demo.hpp"
#include "db/pool.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/test_db.hpp"
#include "tests/support/test_server.hpp"

namespace covermap::testing {
namespace {

using nlohmann::json;

class Server : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        url_ = new std::string(migrated_database("covermap_test_server"));
        auto conn = db::connect(*url_, "covermap tests");
        boundaries::build_demo(*conn, {"demo", 42, 10, 6});
        boundaries::build_demo(*conn, {"older", 5, 4, 3});
        pqxx::work tx(*conn);
        tx.exec("UPDATE edition SET valid_from = '2009-01-01' WHERE name = 'older'");
        tx.exec("UPDATE edition SET valid_from = '2025-07-01' WHERE name = 'demo'");
        tx.commit();
        api::server_config config;
        config.database_url = *url_;
        server_ = start_test_server(config).release();
        port_ = config.port;
    }
    static void TearDownTestSuite() {
        delete server_;
        delete url_;
    }
    static json get_json(const std::string& target, int expected_status = 200) {
        const auto r = http_get(port_, target);
        EXPECT_EQ(r.status, expected_status) << target << ": " << r.body;
        return json::parse(r.body);
    }
    static long long count_of(const std::string& sql) {
        auto conn = db::connect(*url_, "covermap tests");
        pqxx::read_transaction tx(*conn);
        return tx.exec1(sql)[0].as<long long>();
    }

    static std::string* url_;
    static api::server* server_;
    static int port_;
};

std::string* Server::url_ = nullptr;
api::server* Server::server_ = nullptr;
int Server::port_ = 0;

TEST_F(Server, HealthAndReady) {
    EXPECT_EQ(get_json("/health")["status"], "ok");
    const auto ready = get_json("/ready");
    EXPECT_EQ(ready["status"], "ready");
}

TEST_F(Server, ListsUnitsAsGeoJsonAssembledByPostgis) {
    const auto r = http_get(port_, "/api/units?level=commune&limit=3");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.headers.at("content-type"), "application/geo+json");
    EXPECT_EQ(r.headers.at("access-control-allow-origin"), "*");
    const auto fc = json::parse(r.body);
    EXPECT_EQ(fc["type"], "FeatureCollection");
    EXPECT_EQ(fc["edition"], "demo");  // the newest edition by default
    EXPECT_EQ(fc["numberMatched"], 10);
    EXPECT_EQ(fc["numberReturned"], 3);
    ASSERT_EQ(fc["features"].size(), 3u);
    for (const auto& f : fc["features"]) {
        EXPECT_EQ(f["type"], "Feature");
        EXPECT_TRUE(f["id"].is_number_integer());
        EXPECT_EQ(f["geometry"]["type"], "MultiPolygon");
        EXPECT_EQ(f["properties"]["level"], "commune");
        EXPECT_EQ(f["properties"]["parent_code"], "99");
        EXPECT_TRUE(f["properties"]["name"].is_string());
    }
    const auto older = get_json("/api/units?edition=older&level=commune");
    EXPECT_EQ(older["numberMatched"], 4);
}

TEST_F(Server, PagesCoverEveryUnitExactlyOnce) {
    const long long total = count_of("SELECT count(*) FROM admin_unit u JOIN edition e ON e.id = u.edition_id "
                                     "WHERE e.name = 'demo' AND level = 'hamlet'");
    std::set<long long> ids;
    std::string next = "/api/units?edition=demo&level=hamlet&limit=7";
    int pages = 0;
    while (!next.empty() && pages < 100) {
        const auto page = get_json(next);
        EXPECT_EQ(page["numberMatched"], total);
        for (const auto& f : page["features"]) EXPECT_TRUE(ids.insert(f["id"].get<long long>()).second);
        next.clear();
        for (const auto& link : page["links"]) {
            if (link["rel"] == "next") next = link["href"].get<std::string>().substr(std::string("http://127.0.0.1:" + std::to_string(port_)).size());
        }
        ++pages;
    }
    EXPECT_EQ(static_cast<long long>(ids.size()), total);
    EXPECT_EQ(pages, (total + 6) / 7);
    const auto last = get_json("/api/units?edition=demo&level=hamlet&limit=7&offset=7");
    bool has_prev = false;
    for (const auto& link : last["links"]) has_prev = has_prev || link["rel"] == "prev";
    EXPECT_TRUE(has_prev);
}

TEST_F(Server, FiltersByParentAndBbox) {
    const long long parent = count_of("SELECT u.id FROM admin_unit u JOIN edition e ON e.id = u.edition_id "
                                      "WHERE e.name = 'demo' AND code = '99001' AND level = 'commune'");
    const long long children = count_of("SELECT count(*) FROM admin_unit WHERE parent_id = " + std::to_string(parent));
    ASSERT_GT(children, 0);
    EXPECT_EQ(get_json("/api/units?level=hamlet&parent=" + std::to_string(parent))["numberMatched"], children);
    EXPECT_EQ(get_json("/api/units?level=hamlet&parent_code=99001")["numberMatched"], children);

    const std::string box = "106.5,21.6,106.7,21.8";
    const long long in_box = count_of(
        "SELECT count(*) FROM admin_unit u JOIN edition e ON e.id = u.edition_id WHERE e.name = 'demo' AND "
        "level = 'hamlet' AND ST_Intersects(geom, ST_MakeEnvelope(106.5, 21.6, 106.7, 21.8, 4326))");
    ASSERT_GT(in_box, 0);
    EXPECT_EQ(get_json("/api/units?level=hamlet&bbox=" + box)["numberMatched"], in_box);
    EXPECT_EQ(get_json("/api/units?level=hamlet&bbox=106.5%2C21.6%2C106.7%2C21.8")["numberMatched"], in_box);
    EXPECT_EQ(get_json("/api/units?level=hamlet&bbox=0,0,1,1")["numberMatched"], 0);
}

TEST_F(Server, OneUnitById) {
    const long long id = count_of("SELECT min(id) FROM admin_unit WHERE level = 'hamlet'");
    const auto f = get_json("/api/units/" + std::to_string(id));
    EXPECT_EQ(f["type"], "Feature");
    EXPECT_EQ(f["id"], id);
    EXPECT_EQ(f["properties"]["label_point"].size(), 2u);
    const auto missing = get_json("/api/units/999999999", 404);
    EXPECT_EQ(missing["code"], "not_found");
    get_json("/api/units/abc", 404);
}

TEST_F(Server, BadRequestsGetAJsonErrorNeverA500) {
    struct bad {
        std::string target;
        int status;
        std::string mentions;
    };
    for (const auto& b : std::vector<bad>{
             {"/api/units?level=village", 400, "province, commune, hamlet"},
             {"/api/units?edition=1999", 400, "demo, older"},
             {"/api/units?bbox=1,2,3", 400, "bbox"},
             {"/api/units?bbox=a,b,c,d", 400, "bbox"},
             {"/api/units?limit=0", 400, "limit"},
             {"/api/units?limit=10001", 400, "limit"},
             {"/api/units?limit=ten", 400, "limit"},
             {"/api/units?offset=-1", 400, "offset"},
             {"/api/units?parent=x", 400, "parent"},
             {"/api/units?colour=red", 400, "colour"},
             {"/api/units?level=", 400, "level"},
             {"/no/such/path", 404, "/no/such/path"},
         }) {
        const auto r = http_get(port_, b.target);
        EXPECT_EQ(r.status, b.status) << b.target;
        const auto body = json::parse(r.body);
        EXPECT_TRUE(body.contains("code")) << b.target;
        EXPECT_NE(body["message"].get<std::string>().find(b.mentions), std::string::npos) << b.target << ": " << r.body;
        EXPECT_EQ(r.headers.at("content-type"), "application/json");
    }
}

TEST_F(Server, CorsPreflightAndHead) {
    const auto pre = http_request(port_, "OPTIONS", "/api/units", {{"Origin", "https://portal.example"},
                                                                   {"Access-Control-Request-Method", "GET"}});
    EXPECT_EQ(pre.status, 204);
    EXPECT_EQ(pre.headers.at("access-control-allow-origin"), "*");
    EXPECT_NE(pre.headers.at("access-control-allow-methods").find("GET"), std::string::npos);
    const auto head = http_request(port_, "HEAD", "/api/units?level=commune");
    EXPECT_EQ(head.status, 200);
    EXPECT_EQ(head.headers.at("content-type"), "application/geo+json");
}

TEST_F(Server, EditionsListLevelsAndCounts) {
    const auto e = get_json("/api/editions");
    ASSERT_EQ(e["editions"].size(), 2u);
    EXPECT_EQ(e["editions"][0]["name"], "demo");
    EXPECT_EQ(e["editions"][0]["levels"][1]["level"], "commune");
    EXPECT_EQ(e["editions"][0]["levels"][1]["units"], 10);
}

TEST(ServerWithoutDatabase, ReportsNotReadyAndNeverLogsThePassword) {
    std::ostringstream log;
    auto previous = spdlog::default_logger();
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("capture", std::make_shared<spdlog::sinks::ostream_sink_mt>(log)));
    {
        api::server_config config;
        config.port = free_port();
        config.threads = 2;
        config.database_url = "postgresql://covermap:topsecret@127.0.0.1:1/covermap";
        api::server srv(config);
        srv.start();
        EXPECT_EQ(http_get(config.port, "/health").status, 200);
        const auto ready = http_get(config.port, "/ready");
        EXPECT_EQ(ready.status, 503);
        EXPECT_EQ(json::parse(ready.body)["code"], "unavailable");
        EXPECT_EQ(ready.body.find("topsecret"), std::string::npos) << ready.body;
        EXPECT_EQ(http_get(config.port, "/api/units").status, 503);
    }
    spdlog::set_default_logger(previous);
    EXPECT_NE(log.str().find("listening"), std::string::npos);
    EXPECT_EQ(log.str().find("topsecret"), std::string::npos) << log.str();
}

// A database that answers but was never migrated: every route that reads data is a 503 that
// says what to run, never a 500 (one mapping at the edge, whatever the endpoint).
TEST(ServerWithoutDatabase, UnmigratedDatabaseIs503OnEveryRouteFamily) {
    const std::string url = fresh_database("covermap_test_server_unmigrated");
    const std::string dir = temp_dir("covermap-unmigrated");
    const std::string key = api::new_api_key();
    std::ofstream(dir + "/keys") << api::api_key_line("steward", key) << "\n";
    api::server_config config;
    config.database_url = url;
    config.api_keys_file = dir + "/keys";
    auto srv = start_test_server(config);
    const std::vector<std::string> targets = {
        "/ready", "/api", "/collections", "/collections/communes", "/collections/communes/queryables",
        "/collections/communes/schema", "/collections/communes/items", "/collections/communes/items/1",
        "/api/editions", "/api/units?level=commune", "/api/units/1", "/api/imports", "/api/imports/1",
        "/api/imports/1/issues", "/api/stats/coverage?level=commune", "/api/stats/summary",
        "/api/stats/timeseries?unit=1", "/api/stats/monthly?level=commune", "/api/stats/breaks?level=commune",
        "/api/stats/autocorrelation?level=commune", "/api/stats/lisa?level=commune", "/api/stats/hotspots?level=commune",
        "/api/map-config", "/api/search?q=chi%20lang", "/tiles", "/tiles/coverage.json", "/tiles/coverage/5/25/14.mvt"};
    for (const auto& target : targets) {
        const auto r = http_get(config.port, target);
        EXPECT_EQ(r.status, 503) << target << ": " << r.body;
        EXPECT_NE(r.body.find("covermap db migrate"), std::string::npos) << target << ": " << r.body;
        if (r.status == 503) {
            EXPECT_EQ(r.headers.count("retry-after"), 1u) << target;
        }
    }
    const auto upload = http_request(config.port, "POST", "/api/imports/registry?edition=2025&as_of=2026-01-31",
                                     {{"Authorization", "Bearer " + key}}, "STT,Tỉnh,Xã,Thôn\n1,Lạng Sơn,Chi Lăng,Thôn 1\n");
    EXPECT_EQ(upload.status, 503) << upload.body;
    EXPECT_NE(upload.body.find("covermap db migrate"), std::string::npos) << upload.body;
    // What needs no database still answers.
    EXPECT_EQ(http_get(config.port, "/health").status, 200);
    EXPECT_EQ(http_get(config.port, "/conformance").status, 200);
    EXPECT_EQ(http_get(config.port, "/?f=json").status, 200);  // the landing page: links only
    std::filesystem::remove_all(dir);
}

// The web map publishes web/public/ and MapLibre's two files; nothing else under web/ (package
// files, node_modules, tests) is reachable.
TEST(ServerWebFiles, OnlyThePublicFilesAndMapLibreAreServed) {
    api::server_config config;
    config.database_url = "postgresql://u:pw@127.0.0.1:1/x";
    config.web_dir = std::string(COVERMAP_SOURCE_DIR) + "/web";
    auto srv = start_test_server(config);
    for (const std::string file : {"/static/app.js", "/static/covermap.js", "/static/embed.js", "/static/i18n.js",
                                   "/static/legend.js", "/static/style.css", "/vendor/maplibre-gl.js", "/vendor/maplibre-gl.css"}) {
        const auto r = http_get(config.port, file);
        EXPECT_EQ(r.status, 200) << file;
        EXPECT_GT(r.body.size(), 100u) << file;
    }
    const auto page = http_request(config.port, "GET", "/map", {{"Accept", "text/html"}});
    EXPECT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("/static/app.js"), std::string::npos);
    for (const std::string hidden : {"/static/package.json", "/static/package-lock.json", "/static/README.md",
                                     "/static/node_modules/playwright-core/package.json",
                                     "/static/node_modules/maplibre-gl/package.json", "/static/public/app.js",
                                     "/vendor/package.json", "/vendor/maplibre-gl.js.map"}) {
        const auto r = http_get(config.port, hidden);
        EXPECT_EQ(r.status, 404) << hidden << ": " << r.body;
        EXPECT_EQ(r.body.find("\"name\""), std::string::npos) << hidden << ": " << r.body;
    }
    for (const std::string escape : {"/static/../package.json", "/static/..%2Fpackage.json", "/static/.%2E/package.json",
                                     "/static/%2e%2e/package.json"}) {
        const auto r = http_get(config.port, escape);
        EXPECT_TRUE(r.status == 400 || r.status == 404) << escape << ": " << r.status;
        EXPECT_EQ(r.body.find("\"devDependencies\""), std::string::npos) << escape;
    }
}

TEST(ServeCommand, ShutsDownGracefullyOnSigterm) {
    const int port = free_port();
    const std::string dir = temp_dir("covermap-serve");
    const std::string log_path = dir + "/log";
    const pid_t pid = start_covermap(
        {"--database", "postgresql://u:pw@127.0.0.1:1/x", "serve", "--port", std::to_string(port)}, log_path);
    ASSERT_TRUE(wait_until_up(port));
    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
    std::ifstream in(log_path);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_NE(text.str().find("shutting down"), std::string::npos) << text.str();
    EXPECT_EQ(text.str().find(":pw@"), std::string::npos) << text.str();
    std::system(("rm -rf " + dir).c_str());
}

}  // namespace
}  // namespace covermap::testing
