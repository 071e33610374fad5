#include "geo/wkt.hpp"

#include <gtest/gtest.h>
#include <ogr_geometry.h>

#include "geo/wkb.hpp"

namespace covermap::geo {
namespace {

TEST(Wkt, MultiPolygonWithAHoleAsGdalReadsIt) {
    shape s;
    s.polygons = {polygon{{{{105.1234567891, 21}, {106, 21}, {106, 22}, {105.1234567891, 21}},
                           {{105.5, 21.25}, {105.75, 21.25}, {105.75, 21.5}, {105.5, 21.25}}}}};
    std::string out;
    append_wkt(out, s, 7);
    EXPECT_EQ(out, "MULTIPOLYGON (((105.1234568 21,106 21,106 22,105.1234568 21),(105.5 21.25,105.75 21.25,105.75 21.5,105.5 21.25)))");
    OGRGeometry* g = nullptr;
    ASSERT_EQ(OGRGeometryFactory::createFromWkt(out.c_str(), nullptr, &g), OGRERR_NONE);
    EXPECT_EQ(wkbFlatten(g->getGeometryType()), wkbMultiPolygon);
    OGRGeometryFactory::destroyGeometry(g);
}

TEST(Wkt, PointsAndEmptyShapes) {
    std::string out;
    shape p;
    p.is_points = true;
    p.points = {{581234.567, 2345678.1}};
    append_wkt(out, p, 2);
    EXPECT_EQ(out, "POINT (581234.57 2345678.1)");
    out.clear();
    p.points.push_back({1, 2});
    append_wkt(out, p, 2);
    EXPECT_EQ(out, "MULTIPOINT ((581234.57 2345678.1),(1 2))");
    out.clear();
    p.points.clear();
    append_wkt(out, p, 2);
    EXPECT_EQ(out, "POINT EMPTY");
    out.clear();
    append_wkt(out, shape{}, 2);
    EXPECT_EQ(out, "MULTIPOLYGON EMPTY");
}

}  // namespace
}  // namespace covermap::geo
