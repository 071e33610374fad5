// FlatGeobuf and CSV downloads of the real boundaries: all 3,321 communes of the 2025 edition in
// one request each, read by GDAL from the live URL (/vsicurl/), with counts and attribute sums equal
// to the database's and the GeoJSON's.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/server.hpp"
#include "db/pool.hpp"
#include "tests/shared/shared_env.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/test_db.hpp"
#include "tests/support/test_server.hpp"

namespace covermap::testing {
namespace {

using nlohmann::json;

// The value ogrinfo prints for field `name` ("  name (Integer64) = 42").
std::string field(const std::string& output, const std::string& name) {
    const auto at = output.find("  " + name + " (");
    if (at == std::string::npos) return {};
    const auto eq = output.find("= ", at);
    return output.substr(eq + 2, output.find('\n', eq) - eq - 2);
}

class SharedDownloads : public ::testing::Test {
protected:
    void SetUp() override {
        if (shared_database_url() == nullptr) GTEST_SKIP() << "../shared/data is absent";
        api::server_config config;
        config.database_url = *shared_database_url();
        server_ = start_test_server(config);
        port_ = config.port;
        dir_ = temp_dir("covermap-downloads-shared");
    }
    void TearDown() override {
        if (!dir_.empty()) shell("rm -rf " + dir_);
    }
    static pqxx::row one(const std::string& sql) {
        auto conn = db::connect(*shared_database_url(), "covermap tests");
        pqxx::read_transaction tx(*conn);
        return tx.exec1(sql);
    }
    std::string url(const std::string& target) const { return "http://127.0.0.1:" + std::to_string(port_) + target; }
    std::unique_ptr<api::server> server_;
    int port_ = 0;
    std::string dir_;
};

TEST_F(SharedDownloads, EveryCommuneOf2025AsFlatGeobufWithTheJsonSums) {
    const auto db = one("SELECT count(*), sum(u.id), coalesce(sum(u.population), 0), coalesce(sum(u.households), 0) FROM admin_unit u "
                        "JOIN edition e ON e.id = u.edition_id WHERE e.name = '2025' AND u.level = 'commune'");
    ASSERT_EQ(db[0].as<long long>(), 3321);
    // The GeoJSON of the same request: its sums are what the FlatGeobuf copy must give.
    const auto page = http_get(port_, "/collections/communes_2025/items?limit=10000");
    ASSERT_EQ(page.status, 200);
    const json features = json::parse(page.body)["features"];
    ASSERT_EQ(features.size(), 3321u);
    long long ids = 0, population = 0, households = 0, covered = 0;
    for (const auto& f : features) {
        ids += f["id"].get<long long>();
        const auto& p = f["properties"];
        population += p["population"].is_null() ? 0 : p["population"].get<long long>();
        households += p["households"].is_null() ? 0 : p["households"].get<long long>();
        covered += p["covered"].get<bool>() ? 1 : 0;
    }
    EXPECT_EQ(ids, db[1].as<long long>());
    EXPECT_EQ(population, db[2].as<long long>());
    EXPECT_EQ(households, db[3].as<long long>());

    const std::string source = "'/vsicurl/" + url("/collections/communes_2025/items?f=fgb&limit=10000") + "'";
    const auto info = capture("ogrinfo -ro -al -so " + source);
    ASSERT_EQ(info.status, 0) << info.output;
    EXPECT_NE(info.output.find("Feature Count: 3321"), std::string::npos) << info.output;
    EXPECT_NE(info.output.find("Geometry: Multi Polygon"), std::string::npos) << info.output;
    const std::string out = dir_ + "/communes.gpkg";
    const auto copy = capture("ogr2ogr -f GPKG " + out + " " + source + " -nln communes");
    ASSERT_EQ(copy.status, 0) << copy.output;
    const std::string check = capture("ogrinfo -ro -q -sql 'SELECT count(*) AS n, count(DISTINCT id) AS d, sum(id) AS s, total(population) AS p, "
                                      "total(households) AS h, sum(covered) AS c, sum(ST_NPoints(geom)) AS v FROM communes' -dialect SQLite " + out)
                                  .output;
    EXPECT_EQ(field(check, "n"), "3321") << check;
    EXPECT_EQ(field(check, "d"), "3321") << check;
    EXPECT_EQ(field(check, "s"), std::to_string(ids)) << check;
    EXPECT_EQ(std::stoll(field(check, "p")), population) << check;  // total(): 0.0 when every value is null
    EXPECT_EQ(std::stoll(field(check, "h")), households) << check;
    EXPECT_EQ(field(check, "c"), std::to_string(covered)) << check;
    const auto vertices = one("SELECT sum(ST_NPoints(u.geom)) FROM admin_unit u JOIN edition e ON e.id = u.edition_id "
                              "WHERE e.name = '2025' AND u.level = 'commune'");
    EXPECT_EQ(field(check, "v"), vertices[0].as<std::string>()) << "every vertex arrives";
}

TEST_F(SharedDownloads, EveryCommuneOf2025AsCsvThatGdalReads) {
    const std::string source = "'CSV:/vsicurl/" + url("/collections/communes_2025/items?f=csv&limit=10000") + "'";
    const auto info = capture("ogrinfo -ro -al -so " + source);
    ASSERT_EQ(info.status, 0) << info.output;
    EXPECT_NE(info.output.find("Feature Count: 3321"), std::string::npos) << info.output;
    const std::string out = dir_ + "/communes.gpkg";
    const auto copy = capture("ogr2ogr -f GPKG " + out + " " + source + " -nln communes -oo AUTODETECT_TYPE=YES");
    ASSERT_EQ(copy.status, 0) << copy.output;
    const auto db = one("SELECT count(*), coalesce(sum(u.population), 0) FROM admin_unit u JOIN edition e ON e.id = u.edition_id "
                        "WHERE e.name = '2025' AND u.level = 'commune'");
    const std::string check =
        capture("ogrinfo -ro -q -sql 'SELECT count(*) AS n, total(population) AS p, sum(ST_IsEmpty(geom) = 0) AS g FROM communes' -dialect SQLite " + out).output;
    EXPECT_EQ(field(check, "n"), "3321") << check;
    EXPECT_EQ(std::stoll(field(check, "p")), db[1].as<long long>()) << check;
    EXPECT_EQ(field(check, "g"), "3321") << "every row has its geometry: " << check;
}

}  // namespace
}  // namespace covermap::testing
