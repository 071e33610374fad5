// The OGC API – Features parameters that need no database: datetime, bbox with bbox-crs, crs
// names and collection ids.
#include "api/features.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <thread>
#include <vector>

namespace covermap::api::ogc {
namespace {

TEST(FeaturesParams, DatetimeInstantsIntervalsAndOpenEnds) {
    auto d = parse_datetime("2025-06-30");
    EXPECT_TRUE(d.instant);
    EXPECT_EQ(d.from, "2025-06-30");
    EXPECT_EQ(d.to, "2025-06-30");
    EXPECT_EQ(parse_datetime("2025-06-30T").from, "2025-06-30");  // GDAL's date literal
    EXPECT_EQ(parse_datetime("2025-06-30T23:30:00Z").from, "2025-06-30");
    EXPECT_EQ(parse_datetime("2025-07-01T05:00:00+07:00").from, "2025-06-30");  // UTC date
    EXPECT_EQ(parse_datetime("2025-06-30T20:00:00.123-05:00").from, "2025-07-01");
    EXPECT_EQ(parse_datetime("2024-02-29").from, "2024-02-29");
    d = parse_datetime("../2025-01-01");
    EXPECT_FALSE(d.from);
    EXPECT_EQ(d.to, "2025-01-01");
    d = parse_datetime("2025-01-01/");
    EXPECT_EQ(d.from, "2025-01-01");
    EXPECT_FALSE(d.to);
    d = parse_datetime("0000-01-01T00:00:00Z/9999-12-31T23:59:59Z");  // QGIS's "whole time"
    EXPECT_FALSE(d.from);
    EXPECT_EQ(d.to, "9999-12-31");
    EXPECT_EQ(parse_datetime("0001-01-01/..").from, "0001-01-01");
    for (const char* bad : {"", "..", "2025", "2025-13-01", "2023-02-29", "2025-01-32", "2025-01-01T10:00", "2025-01-01T10:00:00",
                            "2025-01-01T10:00:00+7", "2025-01-01x", "2025-02-01/2025-01-01", "a/b", "2025-01-01/2025-01-02/2025-01-03",
                            "2025-01-01T24:00:00Z", "2025-01-01T10:00:00Zjunk"}) {
        EXPECT_THROW(parse_datetime(bad), api_error) << bad;
    }
    EXPECT_TRUE(overlaps(std::nullopt, std::nullopt, std::string("2025-01-01"), std::nullopt));
    EXPECT_FALSE(overlaps(std::string("2020-01-01"), std::string("2020-12-31"), std::string("2025-01-01"), std::nullopt));
    EXPECT_TRUE(overlaps(std::string("2020-01-01"), std::string("2025-01-01"), std::string("2025-01-01"), std::nullopt));
}

TEST(FeaturesParams, CrsByUriOrCurie) {
    EXPECT_EQ(find_crs("http://www.opengis.net/def/crs/OGC/1.3/CRS84", "crs").epsg, 0);
    EXPECT_EQ(find_crs("[EPSG:4326]", "crs").epsg, 4326);
    EXPECT_TRUE(find_crs("EPSG:4756", "crs").lat_first);
    EXPECT_FALSE(find_crs("http://www.opengis.net/def/crs/EPSG/0/9215", "crs").lat_first);
    try {
        find_crs("EPSG:2000", "bbox-crs");
        ADD_FAILURE();
    } catch (const api_error& e) {
        EXPECT_EQ(e.status(), 400);
        EXPECT_NE(std::string(e.what()).find("bbox-crs"), std::string::npos);
    }
}

// Each server thread keeps its own transformations. Threads whose first PROJ work is a bbox or
// an output CRS, through more CRSs than GDAL's transformation cache holds, and that then end:
// the transformations must be freed with the thread (the sanitizer pass of CI runs this binary
// under LeakSanitizer, which reported a PROJ context per such thread before the fix).
TEST(FeaturesParams, TransformationsOfEndedThreadsAreFreed) {
    std::vector<int> epsgs;
    for (const auto& crs : supported_crs()) {
        if (crs.epsg != 0 && crs.epsg != 4326 && crs.epsg != 4756) epsgs.push_back(crs.epsg);
    }
    ASSERT_GE(epsgs.size(), 14u);
    std::vector<int> failures(4, 0);
    std::vector<std::thread> threads;
    for (int k = 0; k < 4; ++k) {
        threads.emplace_back([&, k] {
            for (std::size_t i = 0; i < epsgs.size(); ++i) {
                const auto& crs = find_crs("EPSG:" + std::to_string(epsgs[(i + 5 * k) % epsgs.size()]), "crs");
                double x = 106.0, y = 21.0;
                try {
                    output_format(crs).transform(1, &x, &y);
                    const auto centre = parse_bbox(std::to_string(x - 10) + "," + std::to_string(y - 10) + "," +
                                                       std::to_string(x + 10) + "," + std::to_string(y + 10),
                                                   crs);
                    if (std::abs(centre.min_x - 106.0) > 0.01 || std::abs(centre.max_y - 21.0) > 0.01) ++failures[k];
                } catch (const std::exception&) {
                    ++failures[k];
                }
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(failures, std::vector<int>(4, 0));
}

TEST(FeaturesParams, BboxInItsCrsBecomesALongitudeLatitudeRectangle) {
    auto b = parse_bbox("105.1,20.5,106.25,21.75", crs84());
    EXPECT_DOUBLE_EQ(b.min_x, 105.1);
    EXPECT_DOUBLE_EQ(b.max_y, 21.75);
    b = parse_bbox("20.5,105.1,21.75,106.25", find_crs("EPSG:4326", "bbox-crs"));  // latitude first
    EXPECT_DOUBLE_EQ(b.min_x, 105.1);
    EXPECT_DOUBLE_EQ(b.min_y, 20.5);
    b = parse_bbox("105.1,20.5,0,106.25,21.75,500", crs84());  // heights ignored
    EXPECT_DOUBLE_EQ(b.max_x, 106.25);
    b = parse_bbox("11700000,2330000,11800000,2400000", find_crs("EPSG:3857", "bbox-crs"));
    // Spherical Mercator inverted: lon = x / R, lat = atan(sinh(y / R)), in degrees.
    const double r = 6378137.0, deg = 180.0 / M_PI;
    EXPECT_NEAR(b.min_x, 11700000 / r * deg, 1e-9);
    EXPECT_NEAR(b.max_x, 11800000 / r * deg, 1e-9);
    EXPECT_NEAR(b.min_y, std::atan(std::sinh(2330000 / r)) * deg, 1e-9);
    EXPECT_NEAR(b.max_y, std::atan(std::sinh(2400000 / r)) * deg, 1e-9);
    // A VN-2000 / UTM 48N box around Hà Nội, densified: encloses its corners.
    b = parse_bbox("580000,2320000,600000,2340000", find_crs("EPSG:3405", "bbox-crs"));
    EXPECT_GT(b.min_x, 105.7);
    EXPECT_LT(b.max_x, 106.0);
    EXPECT_LT(b.min_y, b.max_y);
    for (const char* bad : {"1,2,3", "1,2,3,4,5", "a,2,3,4", "10,50,20,40", "-181,0,0,1", "1,2,3,4,5,6,7", "1,,3,4", "nan,1,2,3"}) {
        EXPECT_THROW(parse_bbox(bad, crs84()), api_error) << bad;
    }
    EXPECT_THROW(parse_bbox("600000,2320000,580000,2340000", find_crs("EPSG:3405", "bbox-crs")), api_error);
    // Regression (fuzz/params_fuzz): a box far outside VN-2000 / UTM 49N came back crossed.
    EXPECT_THROW(parse_bbox("1170020.5,105000,11800000,2400001", find_crs("EPSG:3406", "bbox-crs")), api_error);
}

TEST(FeaturesParams, CollectionIdsNameKindLevelAndEdition) {
    auto c = parse_collection_id("communes");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->kind, collection_kind::units);
    EXPECT_EQ(c->level, "commune");
    EXPECT_FALSE(c->edition);
    c = parse_collection_id("coverage_hamlets_2009");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->kind, collection_kind::coverage);
    EXPECT_EQ(c->level, "hamlet");
    EXPECT_EQ(c->edition, "2009");
    c = parse_collection_id("teams_vn_2025-b");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->kind, collection_kind::teams);
    EXPECT_EQ(c->edition, "vn_2025-b");
    EXPECT_FALSE(parse_collection_id("communes_"));
    EXPECT_FALSE(parse_collection_id("villages"));
    EXPECT_FALSE(parse_collection_id("coverage"));
    EXPECT_EQ(collection_id(*parse_collection_id("coverage_districts"), "2009", false), "coverage_districts_2009");
    EXPECT_EQ(collection_id(*parse_collection_id("teams"), "2025", true), "teams");
}

}  // namespace
}  // namespace covermap::api::ogc
