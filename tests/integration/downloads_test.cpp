// CSV and FlatGeobuf downloads of OGC API items (f=csv, f=fgb) on the demo province: the same
// features and values as the GeoJSON, read back by GDAL from the live URL (/vsicurl/), and every
// number checked against PostGIS.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include "api/openapi.hpp"
#include "api/server.hpp"
#include "db/pool.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/test_db.hpp"
#include "tests/support/test_server.hpp"

namespace covermap::testing {
namespace {

using nlohmann::json;

// RFC 4180: fields separated by commas, records by CRLF, quoted fields with doubled quotes.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char ch = text[i];
        if (quoted) {
            if (ch == '"' && i + 1 < text.size() && text[i + 1] == '"') field += '"', ++i;
            else if (ch == '"') quoted = false;
            else field += ch;
        } else if (ch == '"') {
            quoted = true;
        } else if (ch == ',') {
            row.push_back(field), field.clear();
        } else if (ch == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            row.push_back(field), field.clear();
            rows.push_back(row), row.clear();
            ++i;
        } else {
            field += ch;
        }
    }
    EXPECT_TRUE(row.empty() && field.empty()) << "the last record is not ended by CRLF";
    return rows;
}

std::string cell(const json& v) { return v.is_null() ? "" : v.is_string() ? v.get<std::string>() : v.dump(); }

class Downloads : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        url_ = new std::string(migrated_database("covermap_test_downloads"));
        dir_ = new std::string(temp_dir("covermap-downloads"));
        const auto demo = run_covermap(*url_, {"demo", "--communes", "16"});
        ASSERT_EQ(demo.exit_code, 0) << demo.err;
        api::server_config config;
        config.database_url = *url_;
        config.web_dir = std::string(COVERMAP_SOURCE_DIR) + "/web";
        server_ = start_test_server(config).release();
        port_ = config.port;
    }
    static void TearDownTestSuite() {
        delete server_;
        delete url_;
        shell("rm -rf " + *dir_);
        delete dir_;
    }
    static pqxx::result query(const std::string& sql) {
        auto conn = db::connect(*url_, "covermap tests");
        pqxx::work tx(*conn);
        auto r = tx.exec(sql);
        tx.commit();
        return r;
    }
    static long long count(const std::string& sql) { return query(sql)[0][0].as<long long>(); }
    static std::string base() { return "http://127.0.0.1:" + std::to_string(port_); }
    static std::string vsicurl(const std::string& target) { return "'/vsicurl/" + base() + target + "'"; }
    static std::string* url_;
    static std::string* dir_;
    static api::server* server_;
    static int port_;
};
std::string* Downloads::url_ = nullptr;
std::string* Downloads::dir_ = nullptr;
api::server* Downloads::server_ = nullptr;
int Downloads::port_ = 0;

TEST_F(Downloads, CsvOfUnitsCoverageAndTeamsCarriesTheGeoJsonValues) {
    for (const auto& [collection, kind] : std::vector<std::pair<std::string, std::string>>{
             {"communes", "units"}, {"hamlets", "units"}, {"coverage_communes", "coverage"}, {"teams", "teams"}}) {
        const auto geojson = http_get(port_, "/collections/" + collection + "/items?limit=10000");
        ASSERT_EQ(geojson.status, 200) << collection;
        const json page = json::parse(geojson.body);
        const auto r = http_get(port_, "/collections/" + collection + "/items?limit=10000&f=csv");
        ASSERT_EQ(r.status, 200) << collection << ": " << r.body.substr(0, 300);
        EXPECT_EQ(r.headers.at("content-type"), "text/csv; charset=utf-8");
        EXPECT_EQ(r.headers.at("content-disposition"), "attachment; filename=\"" + collection + ".csv\"");
        const auto rows = parse_csv(r.body);
        ASSERT_FALSE(rows.empty());
        std::vector<std::string> header = {"id"};
        for (const auto& p : api::feature_properties(kind)) header.push_back(p.name);
        header.push_back("wkt");
        EXPECT_EQ(rows[0], header) << collection;
        ASSERT_EQ(rows.size() - 1, page["features"].size()) << collection;
        ASSERT_GT(page["features"].size(), 10u) << collection;
        for (std::size_t i = 0; i < page["features"].size(); ++i) {
            const json& f = page["features"][i];
            const auto& row = rows[i + 1];
            ASSERT_EQ(row.size(), header.size()) << collection << " row " << i;
            EXPECT_EQ(row[0], std::to_string(f["id"].get<long long>()));
            for (std::size_t k = 1; k + 1 < header.size(); ++k) {
                EXPECT_EQ(row[k], cell(f["properties"][header[k]])) << collection << " " << header[k] << " of " << row[0];
            }
            const std::string type = f["geometry"]["type"];
            EXPECT_EQ(row.back().rfind(type == "Point" ? "POINT (" : "MULTIPOLYGON (((", 0), 0u) << collection << ": " << row.back().substr(0, 40);
        }
        if (kind == "teams") {
            for (const char* personal : {"leader", "phone", "note"}) EXPECT_EQ(rows[0].end(), std::find(rows[0].begin(), rows[0].end(), personal));
        }
    }
}

TEST_F(Downloads, CsvQuotesCommasQuotesAndNewlinesAndGdalReadsIt) {
    const auto unit = query("SELECT id, name FROM admin_unit WHERE level = 'commune' ORDER BY id LIMIT 1")[0];
    const std::string id = unit[0].as<std::string>();
    const std::string tricky = "Xã \"Mới\", Đông\nHà";
    query("UPDATE admin_unit SET name = 'Xã \"Mới\", Đông' || chr(10) || 'Hà' WHERE id = " + id);
    const auto r = http_get(port_, "/collections/communes/items?limit=10000&f=csv");
    query("UPDATE admin_unit SET name = " + pqxx::to_string(unit[1].as<std::string>()).insert(0, "'").append("'") + " WHERE id = " + id);
    ASSERT_EQ(r.status, 200);
    EXPECT_NE(r.body.find(",\"Xã \"\"Mới\"\", Đông\nHà\","), std::string::npos) << "quoted, quotes doubled, the newline kept";
    const auto rows = parse_csv(r.body);
    ASSERT_GT(rows.size(), 1u);
    EXPECT_EQ(rows[1][0], id);
    EXPECT_EQ(rows[1][2], tricky);

    // GDAL's CSV driver reads the same bytes: the wkt column as the geometry, the tricky name whole.
    const std::string file = *dir_ + "/communes.csv";
    { std::ofstream(file, std::ios::binary) << r.body; }
    const auto info = capture("ogrinfo -ro -al -q " + file + " -where \"id='" + id + "'\"");
    EXPECT_EQ(info.status, 0) << info.output;
    EXPECT_NE(info.output.find("name (String) = " + tricky), std::string::npos) << info.output;
    EXPECT_NE(info.output.find("MULTIPOLYGON ((("), std::string::npos) << info.output.substr(0, 2000);
    const long long communes = count("SELECT count(*) FROM admin_unit WHERE level = 'commune'");
    const auto live = capture("ogrinfo -ro -so -al 'CSV:/vsicurl/" + base() + "/collections/communes/items?limit=10000&f=csv'");
    EXPECT_EQ(live.status, 0) << live.output;
    EXPECT_NE(live.output.find("Feature Count: " + std::to_string(communes)), std::string::npos) << live.output;
}

TEST_F(Downloads, FlatGeobufOfUnitsCoverageAndTeamsThroughGdalVsicurl) {
    struct check {
        std::string collection, geometry, sum_field, sum_sql, text_field;
    };
    const std::vector<check> checks = {
        {"communes", "Multi Polygon", "population", "SELECT coalesce(sum(population), 0) FROM admin_unit WHERE level = 'commune'", "code"},
        {"coverage_communes", "Multi Polygon", "teams", "", "name"},
        {"teams", "Point", "members", "", "name"},
    };
    for (const auto& c : checks) {
        const std::string target = "/collections/" + c.collection + "/items?f=fgb&limit=10000";
        const json page = json::parse(http_get(port_, "/collections/" + c.collection + "/items?limit=10000").body);
        const long long matched = page["numberMatched"].get<long long>();
        ASSERT_GT(matched, 10) << c.collection;
        const auto raw = http_get(port_, target);
        ASSERT_EQ(raw.status, 200) << raw.body.substr(0, 300);
        EXPECT_EQ(raw.headers.at("content-type"), "application/flatgeobuf");
        EXPECT_EQ(raw.headers.at("content-disposition"), "attachment; filename=\"" + c.collection + ".fgb\"");
        EXPECT_EQ(raw.body.substr(0, 8), std::string("fgb\3fgb\0", 8));

        const auto info = capture("ogrinfo -ro -al -so " + vsicurl(target));
        ASSERT_EQ(info.status, 0) << info.output;
        EXPECT_NE(info.output.find("Feature Count: " + std::to_string(matched)), std::string::npos) << c.collection << info.output;
        EXPECT_NE(info.output.find("Geometry: " + c.geometry), std::string::npos) << info.output;
        EXPECT_NE(info.output.find("ID[\"EPSG\",4326]"), std::string::npos) << info.output;
        EXPECT_NE(info.output.find("id: Integer64"), std::string::npos) << info.output;
        EXPECT_NE(info.output.find(c.sum_field + ": Integer64"), std::string::npos) << info.output;
        for (const char* personal : {"leader", "phone", "note"}) EXPECT_EQ(info.output.find(std::string(personal) + ":"), std::string::npos) << personal;

        // ogr2ogr copies every feature; the sum of a column equals the GeoJSON's (and PostGIS's).
        const std::string out = *dir_ + "/" + c.collection + ".gpkg";
        shell("rm -f " + out);
        const auto copy = capture("ogr2ogr -f GPKG " + out + " " + vsicurl(target) + " -nln copy");
        ASSERT_EQ(copy.status, 0) << copy.output;
        long long json_sum = 0;
        for (const auto& f : page["features"]) json_sum += f["properties"][c.sum_field].is_null() ? 0 : f["properties"][c.sum_field].get<long long>();
        if (!c.sum_sql.empty()) {
            EXPECT_EQ(json_sum, count(c.sum_sql)) << c.collection;
        }
        const auto sums = capture("ogrinfo -ro -q -sql 'SELECT count(*) AS n, sum(" + c.sum_field + ") AS s FROM copy' " + out);
        EXPECT_NE(sums.output.find("n (Integer) = " + std::to_string(matched)), std::string::npos) << sums.output;
        EXPECT_NE(sums.output.find(") = " + std::to_string(json_sum) + "\n"), std::string::npos) << c.collection << " sum " << json_sum << sums.output;
        // The last feature of the page, with its Vietnamese text as the GeoJSON has it.
        const json& last = page["features"].back();
        const std::string id = std::to_string(last["id"].get<long long>());
        const auto feature = capture("ogrinfo -ro -q " + out + " -sql 'SELECT * FROM copy WHERE id = " + id + "'");
        EXPECT_NE(feature.output.find("id (Integer64) = " + id), std::string::npos) << feature.output;
        EXPECT_NE(feature.output.find(c.text_field + " (String) = " + last["properties"][c.text_field].get<std::string>()), std::string::npos)
            << feature.output;
    }
}

TEST_F(Downloads, FlatGeobufAndCsvInTheRequestedCrs) {
    const std::string crs = "http://www.opengis.net/def/crs/EPSG/0/3405";
    const std::string target = "/collections/communes/items?f=fgb&limit=10000&crs=" + crs;
    const auto r = http_get(port_, target);
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.headers.at("content-crs"), "<" + crs + ">");
    const std::string out = *dir_ + "/utm.gpkg";
    shell("rm -f " + out);
    const auto copy = capture("ogr2ogr -f GPKG " + out + " " + vsicurl(target) + " -nln copy");
    ASSERT_EQ(copy.status, 0) << copy.output;
    const auto info = capture("ogrinfo -ro -so -al " + out);
    EXPECT_NE(info.output.find("ID[\"EPSG\",3405]"), std::string::npos) << info.output;
    const auto e = query("SELECT ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b) FROM (SELECT ST_Extent(ST_Transform(geom, 3405)) b "
                         "FROM admin_unit WHERE level = 'commune') x")[0];
    const auto extent = capture("ogrinfo -ro -so " + out + " copy");
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    const auto at = extent.output.find("Extent: (");
    ASSERT_NE(at, std::string::npos) << extent.output;
    ASSERT_EQ(std::sscanf(extent.output.c_str() + at, "Extent: (%lf, %lf) - (%lf, %lf)", &x0, &y0, &x1, &y1), 4) << extent.output;
    EXPECT_NEAR(x0, e[0].as<double>(), 1.0);
    EXPECT_NEAR(y0, e[1].as<double>(), 1.0);
    EXPECT_NEAR(x1, e[2].as<double>(), 1.0);
    EXPECT_NEAR(y1, e[3].as<double>(), 1.0);
    // CSV's WKT: easting first, in metres, whatever the CRS's axis order (EPSG:4326: longitude first).
    const auto csv = parse_csv(http_get(port_, "/collections/communes/items?f=csv&limit=1&crs=" + crs).body);
    double x = 0, y = 0;
    ASSERT_EQ(std::sscanf(csv.at(1).back().c_str(), "MULTIPOLYGON (((%lf %lf", &x, &y), 2) << csv.at(1).back().substr(0, 80);
    EXPECT_GT(x, 100000);
    EXPECT_LT(x, 900000);
    const auto latlon = parse_csv(http_get(port_, "/collections/communes/items?f=csv&limit=1&crs=http://www.opengis.net/def/crs/EPSG/0/4326").body);
    ASSERT_EQ(std::sscanf(latlon.at(1).back().c_str(), "MULTIPOLYGON (((%lf %lf", &x, &y), 2);
    EXPECT_GT(x, 100);  // longitude (Vietnam: 102..110), not latitude
}

TEST_F(Downloads, LinksPagingEmptyPagesAndErrors) {
    const json page = json::parse(http_get(port_, "/collections/communes/items?limit=5").body);
    std::set<std::string> alternates;
    for (const auto& l : page["links"]) {
        if (l["rel"] == "alternate") alternates.insert(l["type"].get<std::string>() + " " + l["href"].get<std::string>().substr(base().size()));
    }
    EXPECT_TRUE(alternates.count("text/csv; charset=utf-8 /collections/communes/items?f=csv&limit=5&offset=0")) << page["links"].dump();
    EXPECT_TRUE(alternates.count("application/flatgeobuf /collections/communes/items?f=fgb&limit=5&offset=0")) << page["links"].dump();
    const json collection = json::parse(http_get(port_, "/collections/teams").body);
    std::set<std::string> items;
    for (const auto& l : collection["links"]) if (l["rel"] == "items") items.insert(l["type"].get<std::string>());
    EXPECT_EQ(items, (std::set<std::string>{"application/geo+json", "text/csv; charset=utf-8", "application/flatgeobuf"}));
    const json api = json::parse(http_get(port_, "/api").body);
    EXPECT_EQ(api["components"]["parameters"]["f-items"]["schema"]["enum"], json({"geojson", "json", "csv", "fgb"}));
    EXPECT_TRUE(api["paths"]["/collections/communes/items"]["get"]["responses"]["200"]["content"].contains("application/flatgeobuf"));

    // Pages of 5: the Link header carries next (and prev), in the same format.
    const auto second = http_get(port_, "/collections/communes/items?f=fgb&limit=5&offset=5");
    ASSERT_EQ(second.status, 200);
    const std::string link = second.headers.at("link");
    EXPECT_NE(link.find("/collections/communes/items?f=fgb&limit=5&offset=10>; rel=\"next\"; type=\"application/flatgeobuf\""), std::string::npos) << link;
    EXPECT_NE(link.find("offset=0>; rel=\"prev\""), std::string::npos) << link;
    const std::string file = *dir_ + "/page.fgb";
    { std::ofstream(file, std::ios::binary) << second.body; }
    const auto ids = capture("ogrinfo -ro -al -q " + file + " | grep 'id (Integer64)'");
    const auto expected = query("SELECT id FROM admin_unit WHERE level = 'commune' ORDER BY id OFFSET 5 LIMIT 5");
    std::string wanted;
    for (const auto& row : expected) wanted += "  id (Integer64) = " + row[0].as<std::string>() + "\n";
    EXPECT_EQ(ids.output, wanted);

    // Nothing matched: a file with its head and no features, which GDAL still opens.
    const auto none = http_get(port_, "/collections/communes/items?f=fgb&bbox=0,0,1,1");
    ASSERT_EQ(none.status, 200);
    { std::ofstream(file, std::ios::binary) << none.body; }
    const auto empty = capture("ogrinfo -ro -so -al " + file);
    EXPECT_NE(empty.output.find("Feature Count: 0"), std::string::npos) << empty.output;
    EXPECT_EQ(parse_csv(http_get(port_, "/collections/teams/items?f=csv&bbox=0,0,1,1").body).size(), 1u);

    // Byte ranges (GDAL's /vsicurl/ reads large files so): HEAD gives the size, a range its slice.
    const std::string whole_target = "/collections/hamlets/items?f=fgb&limit=10000";
    const auto whole = http_get(port_, whole_target);
    ASSERT_EQ(whole.status, 200);
    EXPECT_EQ(whole.headers.at("accept-ranges"), "bytes");
    const auto head = http_request(port_, "HEAD", whole_target);
    EXPECT_EQ(head.headers.at("content-length"), std::to_string(whole.body.size()));
    const auto part = http_request(port_, "GET", whole_target, {{"Range", "bytes=100-1099"}});
    EXPECT_EQ(part.status, 206);
    EXPECT_EQ(part.headers.at("content-range"), "bytes 100-1099/" + std::to_string(whole.body.size()));
    EXPECT_EQ(part.body, whole.body.substr(100, 1000));
    const auto tail = http_request(port_, "GET", whole_target, {{"Range", "bytes=-16"}});
    EXPECT_EQ(tail.status, 206);
    EXPECT_EQ(tail.body, whole.body.substr(whole.body.size() - 16));
    const auto past = http_request(port_, "GET", whole_target, {{"Range", "bytes=" + std::to_string(whole.body.size()) + "-"}});
    EXPECT_EQ(past.status, 416);
    EXPECT_EQ(past.headers.at("content-range"), "bytes */" + std::to_string(whole.body.size()));
    const auto geojson = http_get(port_, "/collections/hamlets/items?limit=10000");
    const auto geojson_part = http_request(port_, "GET", "/collections/hamlets/items?limit=10000", {{"Range", "bytes=0-99"}});
    EXPECT_EQ(geojson_part.status, 206);
    EXPECT_EQ(geojson_part.body, geojson.body.substr(0, 100));

    for (const auto& [target, words] : std::vector<std::pair<std::string, std::string>>{
             {"/collections/communes/items?f=xml", "parameter 'f': 'xml' is not a format of this resource (geojson, json, csv, fgb)"},
             {"/collections/communes/items?f=fgb&resultType=hits", "parameter 'resultType'"},
             {"/collections/communes/items?f=csv&limit=0", "parameter 'limit'"}}) {
        const auto bad = http_get(port_, target);
        EXPECT_EQ(bad.status, 400) << target;
        EXPECT_NE(bad.body.find(words), std::string::npos) << target << ": " << bad.body;
    }
}

}  // namespace
}  // namespace covermap::testing
