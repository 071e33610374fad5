// OGC API – Features on the real boundaries, with GDAL's OAPIF driver as the client: every one of
// the 3,321 communes of the 2025 edition copied exactly once with GDAL's default page size (10,
// 333 next links) and with PAGE_SIZE=1000; the feature count and extent ogrinfo reports; -spat
// against ST_Intersects; the 2009 edition's collections; CQL2 filters and sortby on all communes.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

#include <array>
#include <cstdio>

#include "api/http.hpp"
#include "api/server.hpp"
#include "db/pool.hpp"
#include "tests/shared/shared_env.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/test_db.hpp"
#include "tests/support/test_server.hpp"

namespace covermap::testing {
namespace {

// The value ogrinfo prints for field `name` ("  name (Integer64) = 42").
std::string field(const std::string& output, const std::string& name) {
    const auto at = output.find("  " + name + " (");
    if (at == std::string::npos) return {};
    const auto eq = output.find("= ", at);
    return output.substr(eq + 2, output.find('\n', eq) - eq - 2);
}

class SharedFeatures : public ::testing::Test {
protected:
    void SetUp() override {
        if (shared_database_url() == nullptr) GTEST_SKIP() << "../shared/data is absent";
        api::server_config config;
        config.database_url = *shared_database_url();
        server_ = start_test_server(config);
        port_ = config.port;
        source_ = "OAPIF:http://127.0.0.1:" + std::to_string(config.port);
        dir_ = temp_dir("covermap-features-shared");
    }
    void TearDown() override {
        if (!dir_.empty()) shell("rm -rf " + dir_);
    }
    static pqxx::row one(const std::string& sql) {
        auto conn = db::connect(*shared_database_url(), "covermap tests");
        pqxx::read_transaction tx(*conn);
        return tx.exec1(sql);
    }
    std::unique_ptr<api::server> server_;
    std::string source_, dir_;
    int port_ = 0;
};

const char* const communes_2025 = "FROM admin_unit u JOIN edition e ON e.id = u.edition_id WHERE e.name = '2025' AND u.level = 'commune'";

TEST_F(SharedFeatures, OgrinfoReportsTheExactCountAndExtent) {
    const auto expected = one(std::string("SELECT n, ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b) FROM (SELECT count(*) AS n, "
                                          "ST_Extent(u.geom) AS b ") + communes_2025 + ") x");
    ASSERT_EQ(expected[0].as<long long>(), 3321);
    const std::string out = capture("ogrinfo -ro -so '" + source_ + "' communes").output;
    EXPECT_NE(out.find("Feature Count: 3321"), std::string::npos) << out;
    char extent[200];
    std::snprintf(extent, sizeof extent, "Extent: (%f, %f) - (%f, %f)", expected[1].as<double>(), expected[2].as<double>(), expected[3].as<double>(),
                  expected[4].as<double>());
    EXPECT_NE(out.find(extent), std::string::npos) << extent << "\n" << out;
    const std::string all = capture("ogrinfo -ro '" + source_ + "'").output;
    for (const char* layer : {"provinces", "communes", "hamlets", "teams", "coverage_communes", "provinces_2009", "districts_2009",
                              "communes_2009", "hamlets_2009", "teams_2009", "coverage_districts_2009"}) {
        EXPECT_NE(all.find(std::string(": ") + layer + " ("), std::string::npos) << layer;
    }
}

TEST_F(SharedFeatures, Ogr2ogrCopiesEveryCommuneExactlyOnceWithEitherPageSize) {
    const auto expected = one(std::string("SELECT count(*), sum(u.id), min(u.id), max(u.id) ") + communes_2025);
    for (const std::string options : {"", "-oo PAGE_SIZE=1000"}) {
        const std::string out = dir_ + "/communes.gpkg";
        shell("rm -f " + out);
        // -preserve_fid keeps the server's feature ids: the copy's fids must be the units' ids.
        const auto copy = capture("ogr2ogr -preserve_fid -f GPKG " + out + " '" + source_ + "' communes " + options);
        ASSERT_EQ(copy.status, 0) << copy.output;
        const std::string check = capture("ogrinfo -ro -q -sql 'SELECT count(*) AS n, count(DISTINCT fid) AS d, sum(fid) AS s, min(fid) AS lo, "
                                      "max(fid) AS hi FROM communes' " + out).output;
        EXPECT_EQ(field(check, "n"), "3321") << options << check;
        EXPECT_EQ(field(check, "d"), "3321") << options << check;
        EXPECT_EQ(field(check, "s"), expected[1].as<std::string>()) << options << check;
        EXPECT_EQ(field(check, "lo"), expected[2].as<std::string>()) << options << check;
        EXPECT_EQ(field(check, "hi"), expected[3].as<std::string>()) << options << check;
    }
}

TEST_F(SharedFeatures, SpatialFilterSelectsWhatStIntersectsSelects) {
    // Around Hà Nội and in Lạng Sơn: many communes, some cut by the box's edges.
    for (const auto& box : {std::array<double, 4>{105.75, 20.95, 105.95, 21.1}, std::array<double, 4>{106.55, 21.75, 106.9, 22.0}}) {
        char spat[200], sql[400];
        std::snprintf(spat, sizeof spat, "%.4f %.4f %.4f %.4f", box[0], box[1], box[2], box[3]);
        std::snprintf(sql, sizeof sql, "SELECT count(*) %s AND ST_Intersects(u.geom, ST_MakeEnvelope(%.4f, %.4f, %.4f, %.4f, 4326))", communes_2025,
                      box[0], box[1], box[2], box[3]);
        const long long expected = one(sql)[0].as<long long>();
        ASSERT_GT(expected, 5);
        const std::string out = capture("ogrinfo -ro -so '" + source_ + "' communes -spat " + spat).output;
        EXPECT_NE(out.find("Feature Count: " + std::to_string(expected)), std::string::npos) << spat << "\n" << out;
    }
}

// A page longer than the server's database chunk (1,000 rows) in sortby order continues where the
// chunk before it ended; a CQL2 polygon selects what ST_Intersects selects.
TEST_F(SharedFeatures, SortbyAndCql2FiltersOverAllCommunes) {
    const auto r = http_get(port_, "/collections/communes/items?limit=5000&sortby=-name&properties=name");
    ASSERT_EQ(r.status, 200) << r.body.substr(0, 300);
    const auto page = nlohmann::json::parse(r.body);
    std::vector<long long> ids;
    for (const auto& f : page["features"]) ids.push_back(f["id"].get<long long>());
    std::vector<long long> expected;
    {
        auto conn = db::connect(*shared_database_url(), "covermap tests");
        pqxx::read_transaction tx(*conn);
        for (const auto& row : tx.exec(std::string("SELECT u.id ") + communes_2025 + " ORDER BY u.name DESC, u.id")) expected.push_back(row[0].as<long long>());
    }
    EXPECT_EQ(ids.size(), 3321u);
    EXPECT_EQ(ids, expected);

    const std::string polygon = "POLYGON((106.55 21.75, 106.9 21.75, 106.9 22.0, 106.55 22.0, 106.55 21.75))";
    const long long inside = one(std::string("SELECT count(*) ") + communes_2025 + " AND ST_Intersects(u.geom, ST_GeomFromText('" + polygon +
                                 "', 4326)) AND u.name LIKE 'Xã%'")[0].as<long long>();
    ASSERT_GT(inside, 5);
    const auto hits = http_get(port_, "/collections/communes/items?resultType=hits&filter=" +
                                          api::url_encode("S_INTERSECTS(geometry, " + polygon + ") AND name LIKE 'Xã%'"));
    ASSERT_EQ(hits.status, 200) << hits.body;
    EXPECT_EQ(nlohmann::json::parse(hits.body)["numberMatched"].get<long long>(), inside);
}

}  // namespace
}  // namespace covermap::testing
