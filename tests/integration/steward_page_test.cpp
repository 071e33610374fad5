// The stewards' page (/steward) in a real browser: headless Chromium (Debian) driven by
// playwright-core runs tests/web/steward.mjs against a server on a demo province with an API key
// and a registry whose rows need a person (an ambiguous hamlet, two unknown ones). The script
// resolves them with clicks; the database must then hold what it chose. Screenshots go to
// test-artifacts/steward under the test's working directory. Also, without a browser: the
// page's headers and the key check behind it (GET /api/key).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "api/api_keys.hpp"
#include "api/server.hpp"
#include "boundaries/boundary_import.hpp"
#include "boundaries/demo.hpp"
#include "db/pool.hpp"
#include "geo/table_writer.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/test_db.hpp"
#include "tests/support/test_server.hpp"

namespace covermap::testing {
namespace {

using nlohmann::json;

// What the registry holds and what the browser is to do with it.
struct scenario {
    long long import_id = 0;
    int ambiguous_line = 0, unknown_line = 0, not_unit_line = 0;
    std::string taken, target;  // the ambiguous row's two hamlets: one has a team already
    std::string unknown_target; // a hamlet of the unknown row's commune without a team
};

class StewardPage : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        url_ = new std::string(migrated_database("covermap_test_steward"));
        dir_ = new std::string(temp_dir("covermap-steward"));
        key_ = new std::string(api::new_api_key());
        std::ofstream(*dir_ + "/keys") << api::api_key_line("steward", *key_) << "\n";
        // Three communes of about 40 hamlets; then the hamlets again with Thôn 7 of Xã Hòa Bình
        // (99002) renamed, so that the commune has two hamlets called "Bản Đồng Tâm", as merged
        // communes do.
        auto conn = db::connect(*url_, "covermap tests");
        boundaries::build_demo(*conn, {"demo", 42, 3, 40});
        const std::string geojson = *dir_ + "/hamlets.geojson";
        {
            pqxx::read_transaction tx(*conn);
            std::ofstream(geojson) << tx.exec1("SELECT json_build_object('type', 'FeatureCollection', 'features', json_agg(ST_AsGeoJSON(t.*)::json))::text "
                                               "FROM (SELECT h.code, CASE WHEN h.code = '99002007' THEN 'Bản Đồng Tâm' ELSE h.name END AS name, "
                                               "c.code AS parent_code, h.households, h.geom FROM admin_unit h "
                                               "JOIN admin_unit c ON c.id = h.parent_id WHERE h.level = 'hamlet') t")[0]
                                          .as<std::string>();
        }
        auto hamlets = import_options(geojson, "demo", "hamlet", "code");
        hamlets.parent_code_field = "parent_code";
        hamlets.households_field = "households";
        boundaries::import_boundaries(*conn, hamlets);
        api::server_config config;
        config.database_url = *url_;
        config.api_keys_file = *dir_ + "/keys";
        config.web_dir = std::string(COVERMAP_SOURCE_DIR) + "/web";
        config.frame_ancestors = "'self' https://portal.example.vn";
        server_ = start_test_server(config).release();
        port_ = config.port;
    }
    static void TearDownTestSuite() {
        delete server_;
        std::filesystem::remove_all(*dir_);
        delete dir_;
        delete key_;
        delete url_;
    }
    static std::string scalar(const std::string& sql) {
        auto conn = db::connect(*url_, "covermap tests");
        pqxx::read_transaction tx(*conn);
        const auto f = tx.exec1(sql)[0];
        return f.is_null() ? "NULL" : f.as<std::string>();
    }
    static std::map<std::string, std::string> keyed() { return {{"Authorization", "Bearer " + *key_}}; }

    // Uploads a registry of Xã Hòa Bình and Xã Phú Lộc: three rows placed (one of the two "Bản
    // Đồng Tâm" told apart by its household count), one ambiguous, two unknown hamlets.
    static scenario upload_registry() {
        scenario s;
        const std::string twins = "SELECT code FROM admin_unit WHERE level = 'hamlet' AND name = 'Bản Đồng Tâm' AND code LIKE '99002%' ORDER BY code";
        s.taken = scalar(twins + " LIMIT 1");
        s.target = scalar(twins + " OFFSET 1 LIMIT 1");
        s.unknown_target = scalar("SELECT code FROM admin_unit WHERE level = 'hamlet' AND name = 'Thôn 8' AND code LIKE '99002%'");
        const std::string households = scalar("SELECT households FROM admin_unit WHERE level = 'hamlet' AND code = '" + s.taken + "'");
        EXPECT_NE(households, scalar("SELECT households FROM admin_unit WHERE level = 'hamlet' AND code = '" + s.target + "'"));
        auto row = [](int n, const std::string& commune, const std::string& hamlet, const std::string& households) {
            return geo::csv_line({std::to_string(n), "Tỉnh Sơn Lâm", commune, hamlet, "Tổ CNS " + hamlet, "Nguyễn Văn Bình",
                                  "0912 345 " + std::to_string(100 + n), "6", "14/11/2025", households});
        };
        const std::string csv = "STT,Tỉnh/Thành phố,Xã/Phường/Thị trấn,Thôn/Tổ dân phố,Tên tổ,Tổ trưởng,Số điện thoại,"
                                "Số thành viên,Ngày thành lập,Số hộ\n" +
                                row(1, "Xã Hòa Bình", "Thôn 1", "") + row(2, "Xã Hòa Bình", "Thôn 2", "") +
                                row(3, "Xã Hòa Bình", "Bản Đồng Tâm", households) + row(4, "Xã Hòa Bình", "Bản Đồng Tâm", "") +
                                row(5, "Xã Hòa Bình", "Thôn Không Tồn Tại", "") + row(6, "Xã Phú Lộc", "Thôn Chợ Cũ", "");
        const auto created = http_request(port_, "POST", "/api/imports/registry?edition=demo&as_of=2026-01-31&name=steward.csv", keyed(), csv);
        EXPECT_EQ(created.status, 201) << created.body;
        s.import_id = json::parse(created.body).value("id", 0LL);
        // Line 1 is the header: row n is line n + 1.
        s.ambiguous_line = 5;
        s.unknown_line = 6;
        s.not_unit_line = 7;
        const std::string id = std::to_string(s.import_id);
        EXPECT_EQ(scalar("SELECT string_agg(line || ':' || outcome, ' ' ORDER BY line) FROM registry_row WHERE import_id = " + id),
                  "2:exact 3:exact 4:normalised 5:ambiguous 6:unknown_unit 7:unknown_unit");
        EXPECT_EQ(scalar("SELECT hamlet_code FROM registry_row WHERE line = 4 AND import_id = " + id), s.taken);
        return s;
    }

    static std::string* url_;
    static std::string* dir_;
    static std::string* key_;
    static api::server* server_;
    static int port_;
};
std::string* StewardPage::url_ = nullptr;
std::string* StewardPage::dir_ = nullptr;
std::string* StewardPage::key_ = nullptr;
api::server* StewardPage::server_ = nullptr;
int StewardPage::port_ = 0;

TEST_F(StewardPage, IsServedWithItsHeadersAndChecksKeys) {
    const auto page = http_get(port_, "/steward");
    ASSERT_EQ(page.status, 200);
    EXPECT_EQ(page.headers.at("content-type"), "text/html; charset=utf-8");
    // Never framed, whatever portals may frame the map: it takes a key and writes with one click.
    EXPECT_EQ(page.headers.at("content-security-policy"), "frame-ancestors 'none'");
    EXPECT_EQ(page.headers.at("x-content-type-options"), "nosniff");
    EXPECT_EQ(page.headers.at("referrer-policy"), "strict-origin-when-cross-origin");
    EXPECT_NE(page.body.find("<html lang=\"vi\">"), std::string::npos);
    EXPECT_EQ(http_get(port_, "/steward/").status, 200);
    EXPECT_EQ(http_get(port_, "/embed").headers.at("content-security-policy"), "frame-ancestors 'self' https://portal.example.vn");
    for (const std::string file : {"/static/steward.js", "/static/steward-api.js", "/static/steward-map.js", "/static/steward-i18n.js", "/static/steward.css"}) {
        const auto r = http_get(port_, file);
        EXPECT_EQ(r.status, 200) << file;
        EXPECT_GT(r.body.size(), 1000u) << file;
    }

    EXPECT_EQ(http_get(port_, "/api/key").status, 401);
    EXPECT_EQ(http_request(port_, "GET", "/api/key", {{"Authorization", "Bearer not-a-key"}}).status, 403);
    const auto who = http_request(port_, "GET", "/api/key", keyed());
    ASSERT_EQ(who.status, 200) << who.body;
    EXPECT_EQ(json::parse(who.body), json({{"name", "steward"}, {"provinces", nullptr}}));
    EXPECT_EQ(who.headers.at("cache-control"), "no-store");
    EXPECT_EQ(who.body.find(*key_), std::string::npos);
}

TEST_F(StewardPage, ResolvesRowsWithClicksInHeadlessChromium) {
    const scenario s = upload_registry();
    ASSERT_GT(s.import_id, 0);
    const std::string id = std::to_string(s.import_id);
    run_browser_script("steward.mjs", port_, "steward",
                       "--key " + *key_ + " --import " + id + " --ambiguous " + std::to_string(s.ambiguous_line) + " --taken " + s.taken +
                           " --target " + s.target + " --unknown " + std::to_string(s.unknown_line) + " --unknown-target " +
                           s.unknown_target + " --not-unit " + std::to_string(s.not_unit_line));

    // What the clicks did: the teams on the hamlets chosen, the rows settled, aliases for later imports.
    auto team_on = [&](int line) {
        return scalar("SELECT coalesce(min(h.code), 'none') FROM team t JOIN admin_unit h ON h.id = t.hamlet_id WHERE t.import_id = " + id +
                      " AND t.line = " + std::to_string(line));
    };
    EXPECT_EQ(team_on(s.ambiguous_line), s.target);
    EXPECT_EQ(team_on(s.unknown_line), s.unknown_target);
    EXPECT_EQ(team_on(s.not_unit_line), "none");
    EXPECT_EQ(scalar("SELECT string_agg(line || ':' || outcome || ':' || coalesce(hamlet_code, ''), ' ' ORDER BY line) FROM registry_row "
                     "WHERE line >= 5 AND import_id = " + id),
              "5:resolved:" + s.target + " 6:resolved:" + s.unknown_target + " 7:not_a_unit:");
    EXPECT_EQ(scalar("SELECT count(*) FROM unit_alias WHERE hamlet_code = '" + s.target + "' AND source_line = 5 AND source_import_id = " + id), "1");
    EXPECT_EQ(scalar("SELECT count(*) FROM unit_alias WHERE hamlet = 'Thôn Không Tồn Tại' AND hamlet_code = '" + s.unknown_target + "'"), "1");
    EXPECT_EQ(scalar("SELECT count(*) FROM unit_alias WHERE hamlet = 'Thôn Chợ Cũ' AND hamlet_code IS NULL"), "1");
    const auto summary = json::parse(http_get(port_, "/api/stats/summary?edition=demo&as_of=2026-01-31").body);
    EXPECT_EQ(summary["national"]["teams"], 5);
    EXPECT_EQ(summary["national"]["covered_hamlets"], 5);
    // The refused click (a hamlet that has its team already) changed nothing.
    EXPECT_EQ(team_on(4), s.taken);
    EXPECT_EQ(scalar("SELECT count(*) FROM team WHERE import_id = " + id), "5");
}

}  // namespace
}  // namespace covermap::testing
