// The web map in a real browser: headless Chromium (Debian) driven by playwright-core runs
// tests/web/viewer.mjs against a server on the shared data (both editions, two 2025 snapshots).
// Screenshots go to test-artifacts/web under the test's working directory. Also, without a
// browser: the search behind the search box and the headers of the pages.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>


#include "api/server.hpp"
#include "tests/shared/shared_env.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/test_db.hpp"
#include "tests/support/test_server.hpp"

namespace covermap::testing {
namespace {

using nlohmann::json;

class WebMap : public ::testing::Test {
protected:
    void SetUp() override {
        if (shared_database_url() == nullptr) GTEST_SKIP() << "../shared/data is absent";
        api::server_config config;
        config.database_url = *shared_database_url();
        config.web_dir = std::string(COVERMAP_SOURCE_DIR) + "/web";
        config.frame_ancestors = "'self' https://portal.example.vn";
        server_ = start_test_server(config);
        port_ = config.port;
    }
    std::unique_ptr<api::server> server_;
    int port_ = 0;
};

TEST_F(WebMap, SearchFindsCommunesHoweverTheyAreTyped) {
    for (const std::string q : {"chi%20lang", "Chi%20L%C4%83ng", "X.%20Chi%20Lang", "X%C3%A3%20Chi%20L%C4%83ng", "chi%20la"}) {
        const auto r = http_get(port_, "/api/search?edition=2025&level=commune&q=" + q);
        ASSERT_EQ(r.status, 200) << q << ": " << r.body;
        bool found = false;
        const json doc = json::parse(r.body);
        for (const auto& hit : doc["results"]) {
            found |= hit["code"] == "06463" && hit["province_code"] == "20" && hit["bbox"].size() == 4;
        }
        EXPECT_TRUE(found) << q << ": " << r.body;
    }
    // A typed-in type wins: "Xã Chi Lăng" puts communes called Xã first.
    const auto typed = json::parse(http_get(port_, "/api/search?edition=2025&q=X%C3%A3%20Chi%20L%C4%83ng").body);
    EXPECT_EQ(typed["results"][0]["unit_type"], "xa");
    const auto by_code = json::parse(http_get(port_, "/api/search?edition=2025&level=province&code=20").body);
    ASSERT_EQ(by_code["results"].size(), 1u);
    EXPECT_EQ(by_code["results"][0]["name"], "Tỉnh Lạng Sơn");
    EXPECT_EQ(http_get(port_, "/api/search").status, 400);
    EXPECT_EQ(http_get(port_, "/api/search?q=%25%25").status, 400);
    EXPECT_EQ(http_get(port_, "/api/search?q=a&level=nope").status, 400);
}

TEST_F(WebMap, PagesCarryTheirSecurityHeadersAndFilesStayInside) {
    // As a browser asks ("/" without text/html in Accept is the OGC API landing page).
    for (const std::string page : {"/", "/map", "/embed"}) {
        const auto r = http_request(port_, "GET", page, {{"Accept", "text/html,application/xhtml+xml,*/*;q=0.8"}});
        ASSERT_EQ(r.status, 200) << page;
        EXPECT_EQ(r.headers.at("content-type"), "text/html; charset=utf-8");
        EXPECT_EQ(r.headers.at("content-security-policy"), "frame-ancestors 'self' https://portal.example.vn");
        EXPECT_EQ(r.headers.at("x-content-type-options"), "nosniff");
        EXPECT_EQ(r.headers.at("referrer-policy"), "strict-origin-when-cross-origin");
    }
    EXPECT_EQ(http_get(port_, "/").headers.at("content-type"), "application/json");
    const auto lib = http_get(port_, "/vendor/maplibre-gl.js");
    EXPECT_EQ(lib.status, 200);
    EXPECT_GT(lib.body.size(), 100000u);
    EXPECT_EQ(http_request(port_, "GET", "/vendor/maplibre-gl.js", {{"If-None-Match", lib.headers.at("etag")}}).status, 304);
    EXPECT_EQ(http_get(port_, "/static/..%2F..%2F..%2Fetc%2Fpasswd").status, 400);
    EXPECT_EQ(http_get(port_, "/static/%2Fetc%2Fpasswd").status, 400);
    EXPECT_EQ(http_get(port_, "/static/nope.js").status, 404);
    const auto config = json::parse(http_get(port_, "/api/map-config").body);
    EXPECT_EQ(config["editions"][0]["name"], "2025");
    EXPECT_EQ(config["editions"][0]["snapshots"], json({"2026-06-30", "2025-12-31"}));
}

TEST_F(WebMap, ViewerAndEmbedWorkInHeadlessChromium) {
    run_browser_script("viewer.mjs", port_, "web");
}

// Names on the map from our own glyphs (Lạng Sơn, read back by OCR) and "download this map".
TEST_F(WebMap, LabelsAndMapDownloadInHeadlessChromium) {
    run_browser_script("labels.mjs", port_, "labels");
}

}  // namespace
}  // namespace covermap::testing
