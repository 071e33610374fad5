#include "geo/crs.hpp"

#include <gtest/gtest.h>
#include <ogr_spatialref.h>

#include <cmath>

#include "core/error.hpp"

namespace covermap::geo {
namespace {

// Metres between two lon/lat points (spherical; enough to tell 2 m from 200 m).
double distance_m(double lon1, double lat1, double lon2, double lat2) {
    const double k = M_PI / 180.0;
    const double x = (lon2 - lon1) * k * std::cos((lat1 + lat2) / 2 * k);
    const double y = (lat2 - lat1) * k;
    return 6371000.0 * std::sqrt(x * x + y * y);
}

TEST(Crs, ResolvesEpsgCodesAndRejectsNonsense) {
    EXPECT_NO_THROW(resolve_crs("EPSG:9215"));
    EXPECT_NO_THROW(resolve_crs("+proj=longlat +datum=WGS84"));
    EXPECT_THROW(resolve_crs("EPSG:99999999"), config_error);
    EXPECT_THROW(resolve_crs("not a crs"), config_error);
    EXPECT_THROW(resolve_crs(""), config_error);
}

TEST(Crs, Wgs84NeedsNoTransformation) {
    EXPECT_EQ(to_wgs84(*wgs84()), nullptr);
    EXPECT_EQ(to_wgs84(*resolve_crs("EPSG:4326")), nullptr);
    EXPECT_NE(to_wgs84(*resolve_crs("EPSG:3857")), nullptr);
}

TEST(Crs, Vn2000Tm3AppliesTheSevenParameterDatumShift) {
    // A point in Lạng Sơn city, projected to VN-2000 / TM-3 107°15' (EPSG:9215) and back.
    const double lon = 106.7615, lat = 21.8537;
    const auto to_vn = [] {
        OGRSpatialReference src, dst;
        src.importFromEPSG(4326);
        src.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        dst.importFromEPSG(9215);
        dst.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        return transform_ptr(OGRCreateCoordinateTransformation(&src, &dst));
    }();
    double x = lon, y = lat;
    ASSERT_TRUE(to_vn->Transform(1, &x, &y));
    EXPECT_GT(x, 300000);  // false easting 500 km, 50 km west of the meridian
    EXPECT_GT(y, 2400000);

    const auto back = to_wgs84(*resolve_crs("EPSG:9215"));
    ASSERT_NE(back, nullptr);
    double bx = x, by = y;
    ASSERT_TRUE(back->Transform(1, &bx, &by));
    EXPECT_LT(distance_m(lon, lat, bx, by), 0.01);

    // The same projection without the datum shift lands far away: the shift is what we test.
    const auto naive = to_wgs84(*resolve_crs(
        "+proj=tmerc +lat_0=0 +lon_0=107.25 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 +units=m +no_defs"));
    double nx = x, ny = y;
    ASSERT_TRUE(naive->Transform(1, &nx, &ny));
    EXPECT_GT(distance_m(lon, lat, nx, ny), 100.0);
}

TEST(Crs, DescribeNamesAuthorityAndName) {
    EXPECT_NE(describe(*resolve_crs("EPSG:9215")).find("EPSG:9215"), std::string::npos);
    EXPECT_NE(describe(*resolve_crs("EPSG:9215")).find("VN-2000"), std::string::npos);
}

}  // namespace
}  // namespace covermap::geo
