// The importer's quick validity proof: true only where GEOS says valid, and true for ordinary
// valid polygons (else it saves nothing).
#include "geo/validity.hpp"

#include <gtest/gtest.h>
#include <cpl_error.h>
#include <ogr_geometry.h>

#include <cmath>
#include <limits>
#include <random>
#include <string>

namespace covermap::geo {
namespace {

linear_ring ring(std::initializer_list<xy> corners) {
    linear_ring r(corners);
    r.push_back(r.front());
    return r;
}

linear_ring square(double x, double y, double size) { return ring({{x, y}, {x + size, y}, {x + size, y + size}, {x, y + size}}); }

bool geos_valid(const multipolygon& shape) {
    OGRMultiPolygon mp;
    for (const auto& part : shape) {
        OGRPolygon polygon;
        for (const auto& r : part.rings) {
            OGRLinearRing ogr;
            for (const auto& v : r) ogr.addPoint(v.x, v.y);
            polygon.addRing(&ogr);
        }
        mp.addGeometry(&polygon);
    }
    CPLPushErrorHandler(CPLQuietErrorHandler);
    const bool valid = mp.IsValid();
    CPLPopErrorHandler();
    return valid;
}

TEST(Validity, ProvesOrdinaryValidPolygons) {
    const std::vector<std::pair<std::string, multipolygon>> cases = {
        {"square", {{{square(0, 0, 1)}}}},
        {"square, clockwise", {{{ring({{0, 0}, {0, 1}, {1, 1}, {1, 0}})}}}},
        {"square with a hole", {{{square(0, 0, 10), square(2, 2, 3)}}}},
        {"two holes side by side", {{{square(0, 0, 10), square(1, 1, 2), square(5, 5, 2)}}}},
        {"two parts apart", {{{square(0, 0, 1)}}, {{square(3, 0, 1)}}}},
        {"repeated points", {{{ring({{0, 0}, {1, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 1}})}}}},
        {"concave", {{{ring({{0, 0}, {4, 0}, {4, 4}, {2, 1}, {0, 4}})}}}},
        {"longitude/latitude", {{{square(105.1234567, 21.0123456, 0.0000013)}}}},
    };
    for (const auto& [name, shape] : cases) {
        EXPECT_TRUE(geos_valid(shape)) << name;
        EXPECT_TRUE(certainly_valid(shape)) << name;
    }
    multipolygon islands;
    for (int i = 0; i < 50; ++i) islands.push_back({{square(i * 2.0, (i % 7) * 2.0, 1)}});
    EXPECT_TRUE(certainly_valid(islands)) << "fifty islands";
}

// Comparing every ring with every other grows with the square of their number: past its budget
// the proof leaves the polygon to GEOS (which indexes the rings) instead of running on.
TEST(Validity, ThousandsOfIslandsAreLeftToGeos) {
    multipolygon islands;
    for (int i = 0; i < 3000; ++i) islands.push_back({{square((i % 60) * 2.0, (i / 60) * 2.0, 1)}});
    EXPECT_TRUE(geos_valid(islands));
    EXPECT_FALSE(certainly_valid(islands));
}

TEST(Validity, LeavesEveryDefectAndEveryDoubtToGeos) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    linear_ring open = square(0, 0, 1);
    open.pop_back();
    // GEOS's verdict beside each: the proof must say false for all, valid or not.
    const std::vector<std::tuple<std::string, multipolygon, bool>> cases = {
        {"bow tie", {{{ring({{0, 0}, {1, 1}, {1, 0}, {0, 1}})}}}, false},
        {"spike back along an edge", {{{ring({{0, 0}, {2, 0}, {3, 0}, {2, 0}, {2, 2}, {0, 2}})}}}, false},
        {"hole outside its shell", {{{square(0, 0, 1), square(5, 5, 1)}}}, false},
        {"hole crossing its shell", {{{square(0, 0, 2), square(1, 1, 2)}}}, false},
        {"hole inside a hole", {{{square(0, 0, 10), square(1, 1, 8), square(2, 2, 2)}}}, false},
        {"overlapping parts", {{{square(0, 0, 2)}}, {{square(1, 1, 2)}}}, false},
        {"part inside another", {{{square(0, 0, 10)}}, {{square(2, 2, 2)}}}, false},
        {"parts sharing an edge", {{{square(0, 0, 1)}}, {{square(1, 0, 1)}}}, false},
        {"the same ring twice", {{{square(0, 0, 1)}}, {{square(0, 0, 1)}}}, false},
        {"two corners only", {{{ring({{0, 0}, {1, 0}, {1, 0}})}}}, false},
        {"not a coordinate", {{{ring({{0, 0}, {1, 0}, {nan, 1}})}}}, false},
        {"ring self-touching at a corner", {{{ring({{0, 0}, {2, 0}, {1, 1}, {2, 2}, {0, 2}, {1, 1}})}}}, false},
        // Valid for GEOS, but too close to call or outside what the proof covers:
        {"hole touching its shell at a corner", {{{square(0, 0, 4), ring({{0, 2}, {2, 1}, {2, 3}})}}}, true},
        {"parts touching at a corner", {{{square(0, 0, 1)}}, {{square(1, 1, 1)}}}, true},
        {"island in a hole", {{{square(0, 0, 10), square(2, 2, 6)}}, {{square(4, 4, 2)}}}, true},
        {"straight corner", {{{ring({{0, 0}, {1, 0}, {2, 0}, {2, 2}, {0, 2}})}}}, true},
        {"a corner on an edge of its ring", {{{ring({{0, 0}, {1, 0}, {1, 1}, {0.5, 0}, {0, 1}})}}}, false},
    };
    for (const auto& [name, shape, geos] : cases) {
        EXPECT_EQ(geos_valid(shape), geos) << name;
        EXPECT_FALSE(certainly_valid(shape)) << name;
    }
    EXPECT_FALSE(certainly_valid({}));
    EXPECT_FALSE(certainly_valid({{{open}}}));
}

// Random polygons around a centre, many self-intersecting, some valid, with holes and parts:
// wherever the proof says valid, GEOS agrees; and it proves most of the valid star-shaped ones.
TEST(Validity, NeverValidWhereGeosIsNot) {
    std::mt19937 random(20261207);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const auto star = [&](double cx, double cy, double radius, int corners, bool shuffle) {
        linear_ring r;
        for (int i = 0; i < corners; ++i) {
            double angle = 2 * M_PI * (i + (shuffle ? 3 * unit(random) : 0.5 * unit(random))) / corners;
            const double d = radius * (0.5 + 0.5 * unit(random));
            r.push_back({cx + d * std::cos(angle), cy + d * std::sin(angle)});
        }
        r.push_back(r.front());
        return r;
    };
    int proved = 0, valid_stars = 0, proved_stars = 0;
    for (int n = 0; n < 3000; ++n) {
        multipolygon shape;
        const bool shuffle = n % 3 == 0;
        const int parts = 1 + n % 2;
        for (int p = 0; p < parts; ++p) {
            polygon part;
            const double cx = p * (n % 5 == 0 ? 1.5 : 3.0), cy = 0;
            part.rings.push_back(star(cx, cy, 1.0, 3 + n % 40, shuffle));
            if (n % 4 == 1) part.rings.push_back(star(cx + (n % 8 == 1 ? 0.0 : 0.3), cy, 0.2, 3 + n % 7, false));
            shape.push_back(part);
        }
        const bool geos = geos_valid(shape);
        const bool quick = certainly_valid(shape);
        if (quick) {
            ++proved;
            ASSERT_TRUE(geos) << "case " << n;
        }
        if (geos && !shuffle) {
            ++valid_stars;
            proved_stars += quick;
        }
    }
    EXPECT_GT(proved, 300);
    EXPECT_GT(proved_stars, valid_stars * 9 / 10);
}

}  // namespace
}  // namespace covermap::geo
