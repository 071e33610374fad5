#include "geo/geojson.hpp"
#include "geo/wkb.hpp"

#include <gtest/gtest.h>
#include <ogr_geometry.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace covermap::geo {
namespace {

// A hand-made WKB writer for the variants the production writer never emits: either byte order,
// extra ordinates, an EWKB type word with an SRID.
class wkb_builder {
public:
    explicit wkb_builder(bool little) : little_(little) {}
    wkb_builder& order() {
        bytes.push_back(little_ ? 1 : 0);
        return *this;
    }
    wkb_builder& u32(std::uint32_t v) {
        for (int i = 0; i < 4; ++i) bytes.push_back(static_cast<unsigned char>(v >> (8 * (little_ ? i : 3 - i))));
        return *this;
    }
    wkb_builder& f64(double d) {
        std::uint64_t bits;
        std::memcpy(&bits, &d, 8);
        for (int i = 0; i < 8; ++i) bytes.push_back(static_cast<unsigned char>(bits >> (8 * (little_ ? i : 7 - i))));
        return *this;
    }
    // A ring of `points` with `extra` ordinates (z and/or m) after each x, y.
    wkb_builder& ring(const std::vector<xy>& points, int extra) {
        u32(static_cast<std::uint32_t>(points.size()));
        for (const xy& p : points) {
            f64(p.x).f64(p.y);
            for (int e = 0; e < extra; ++e) f64(1000 + e);
        }
        return *this;
    }
    std::vector<unsigned char> bytes;

private:
    bool little_;
};

const linear_ring square{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}};
const linear_ring hole{{1, 1}, {1, 2}, {2, 2}, {2, 1}, {1, 1}};
const linear_ring far_square{{10, 10}, {11, 10}, {11, 11}, {10, 11}, {10, 10}};

multipolygon sample() { return {polygon{{square, hole}}, polygon{{far_square}}}; }

TEST(Wkb, WritesWhatOgrReadsAndReadsItBack) {
    const multipolygon mp = sample();
    const std::vector<unsigned char> bytes = write_wkb(mp);
    OGRGeometry* parsed = nullptr;
    ASSERT_EQ(OGRGeometryFactory::createFromWkb(bytes.data(), nullptr, &parsed, bytes.size()), OGRERR_NONE);
    std::unique_ptr<OGRGeometry> owned(parsed);
    EXPECT_EQ(wkbFlatten(parsed->getGeometryType()), wkbMultiPolygon);
    EXPECT_DOUBLE_EQ(parsed->toMultiPolygon()->get_Area(), 16 - 1 + 1);

    EXPECT_EQ(read_wkb_type(bytes.data(), bytes.size()), wkb_type::multi_polygon);
    const multipolygon back = read_wkb_multipolygon(bytes.data(), bytes.size());
    ASSERT_EQ(back.size(), 2u);
    EXPECT_EQ(back[0].rings, (std::vector<linear_ring>{square, hole}));
    EXPECT_EQ(back[1].rings, (std::vector<linear_ring>{far_square}));

    const std::string hex = write_hex_wkb(mp);
    EXPECT_EQ(hex.substr(0, 10), "0106000000");
    EXPECT_EQ(hex_decode(hex), bytes);
}

TEST(Wkb, ReadsOgrOutputInBothByteOrdersAndAllDimensions) {
    OGRPolygon poly;
    for (const linear_ring* r : {&square, &hole}) {
        auto ring = std::make_unique<OGRLinearRing>();
        for (const xy& p : *r) ring->addPoint(p.x, p.y, 7.0);
        poly.addRingDirectly(ring.release());
    }
    // 3D (OGR writes the old 0x80000000 flag by default, ISO 1000 on request), then with M too.
    for (OGRwkbVariant variant : {wkbVariantOldOgc, wkbVariantIso}) {
        for (OGRwkbByteOrder order : {wkbNDR, wkbXDR}) {
            for (bool measured : {false, true}) {
                OGRPolygon p(poly);
                if (measured) p.setMeasured(TRUE);
                std::vector<unsigned char> bytes(static_cast<std::size_t>(p.WkbSize()));
                ASSERT_EQ(p.exportToWkb(order, bytes.data(), variant), OGRERR_NONE);
                EXPECT_EQ(read_wkb_type(bytes.data(), bytes.size()), wkb_type::polygon);
                const multipolygon back = read_wkb_multipolygon(bytes.data(), bytes.size());
                ASSERT_EQ(back.size(), 1u) << "variant " << variant << " order " << order << " measured " << measured;
                EXPECT_EQ(back[0].rings, (std::vector<linear_ring>{square, hole}));
            }
        }
    }
}

TEST(Wkb, ReadsBigEndianZmMultiPolygonByHand) {
    wkb_builder b(false);
    b.order().u32(3006).u32(2);
    b.order().u32(3003).u32(1).ring(square, 2);
    b.order().u32(3003).u32(1).ring(far_square, 2);
    const multipolygon back = read_wkb_multipolygon(b.bytes.data(), b.bytes.size());
    ASSERT_EQ(back.size(), 2u);
    EXPECT_EQ(back[0].rings[0], square);
    EXPECT_EQ(back[1].rings[0], far_square);
}

TEST(Wkb, ReadsPostgisEwkbWithSridAndZ) {
    // What ST_AsEWKB(ST_SetSRID(geom, 4326)) gives for a 3D polygon: Z and SRID flags, then the SRID.
    wkb_builder b(true);
    b.order().u32(0x80000000u | 0x20000000u | 3).u32(4326).u32(1).ring(square, 1);
    EXPECT_EQ(read_wkb_type(b.bytes.data(), b.bytes.size()), wkb_type::polygon);
    const multipolygon back = read_wkb_multipolygon(b.bytes.data(), b.bytes.size());
    ASSERT_EQ(back.size(), 1u);
    EXPECT_EQ(back[0].rings[0], square);

    wkb_builder m(false);  // M only, as a MultiPolygon with an SRID on the outer header only
    m.order().u32(0x40000000u | 0x20000000u | 6).u32(3857).u32(1).order().u32(0x40000000u | 3).u32(1).ring(far_square, 1);
    EXPECT_EQ(read_wkb_multipolygon(m.bytes.data(), m.bytes.size())[0].rings[0], far_square);
}

TEST(Wkb, TransformsEveryPointWhileReading) {
    const std::vector<unsigned char> bytes = write_wkb({polygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}}});
    const multipolygon projected = read_wkb_multipolygon(bytes.data(), bytes.size(), web_mercator);
    ASSERT_EQ(projected[0].rings[0].size(), 4u);
    EXPECT_NEAR(projected[0].rings[0][1].x, 111319.49079327357, 1e-6);
    EXPECT_NEAR(projected[0].rings[0][2].y, 111325.14286638486, 1e-6);
    EXPECT_EQ(projected[0].rings[0][0].x, 0);
    EXPECT_NEAR(projected[0].rings[0][0].y, 0, 1e-6);
}

TEST(Wkb, ReadsPointsAndMultiPoints) {
    wkb_builder point(true);
    point.order().u32(1).f64(105.8).f64(21.0);
    EXPECT_EQ(read_wkb_points(point.bytes.data(), point.bytes.size()), (std::vector<xy>{{105.8, 21.0}}));

    wkb_builder empty(true);  // POINT EMPTY
    empty.order().u32(1).f64(std::nan("")).f64(std::nan(""));
    EXPECT_TRUE(read_wkb_points(empty.bytes.data(), empty.bytes.size()).empty());

    wkb_builder multi(false);
    multi.order().u32(1004).u32(2).order().u32(1001).f64(1).f64(2).f64(3).order().u32(1001).f64(4).f64(5).f64(6);
    EXPECT_EQ(read_wkb_type(multi.bytes.data(), multi.bytes.size()), wkb_type::multi_point);
    EXPECT_EQ(read_wkb_points(multi.bytes.data(), multi.bytes.size()), (std::vector<xy>{{1, 2}, {4, 5}}));

    EXPECT_THROW(read_wkb_multipolygon(point.bytes.data(), point.bytes.size()), error);
    const std::vector<unsigned char> poly = write_wkb(sample());
    EXPECT_THROW(read_wkb_points(poly.data(), poly.size()), error);
}

TEST(Wkb, TruncatedOrMalformedInputThrowsInsteadOfReadingOn) {
    const std::vector<unsigned char> bytes = write_wkb(sample());
    // Every proper prefix is truncated somewhere: a header, a count or a coordinate.
    for (std::size_t n = 0; n < bytes.size(); ++n) {
        const std::vector<unsigned char> prefix(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
        EXPECT_THROW(read_wkb_multipolygon(prefix.data(), prefix.size()), error) << "prefix of " << n << " bytes";
    }
    EXPECT_THROW(read_wkb_type(nullptr, 0), error);

    std::vector<unsigned char> trailing = bytes;
    trailing.push_back(0);
    EXPECT_THROW(read_wkb_multipolygon(trailing.data(), trailing.size()), error);

    std::vector<unsigned char> bad_order = bytes;
    bad_order[0] = 7;
    EXPECT_THROW(read_wkb_multipolygon(bad_order.data(), bad_order.size()), error);

    std::vector<unsigned char> bad_type = bytes;
    bad_type[1] = 99;
    EXPECT_THROW(read_wkb_type(bad_type.data(), bad_type.size()), error);

    // A ring count of four billion must fail on the count, not try to reserve memory for it.
    wkb_builder huge(true);
    huge.order().u32(3).u32(0xffffffffu);
    try {
        read_wkb_multipolygon(huge.bytes.data(), huge.bytes.size());
        ADD_FAILURE() << "no exception";
    } catch (const error& e) {
        EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos) << e.what();
    }

    wkb_builder line_part(true);  // a MultiPolygon holding a LineString
    line_part.order().u32(6).u32(1).order().u32(2).u32(0);
    EXPECT_THROW(read_wkb_multipolygon(line_part.bytes.data(), line_part.bytes.size()), error);

    EXPECT_THROW(hex_decode("0g"), error);
    EXPECT_THROW(hex_decode("010"), error);
}

// GeoJSON from WKB agrees with OGR's own GeoJSON writer for every geometry type OGR writes
// as WKB (big-endian ZM input included), and honours decimals, axis swap and a transform.
TEST(Wkb, WritesGeoJsonLikeOgrForEveryGeometryType) {
    for (const char* wkt : {"POINT (105.1234567 21.7654321)", "LINESTRING (1 2,3 4,5.5 6.25)", "POLYGON ((0 0,10 0,10 10,0 0),(1 1,2 1,2 2,1 1))",
                            "MULTIPOINT ((1 2),(3 4))", "MULTILINESTRING ((1 2,3 4),(5 6,7 8))",
                            "MULTIPOLYGON (((0 0,1 0,1 1,0 0)),((5 5,6 5,6 6,5 5)))",
                            "GEOMETRYCOLLECTION (POINT (1 2),LINESTRING (3 4,5 6))", "POINT ZM (1 2 3 4)"}) {
        OGRGeometry* g = nullptr;
        ASSERT_EQ(OGRGeometryFactory::createFromWkt(wkt, nullptr, &g), OGRERR_NONE) << wkt;
        std::unique_ptr<OGRGeometry> owned(g);
        for (const auto order : {wkbNDR, wkbXDR}) {
            std::vector<unsigned char> bytes(g->WkbSize());
            g->exportToWkb(order, bytes.data(), wkbVariantIso);
            std::string ours;
            append_geojson(ours, bytes.data(), bytes.size(), geojson_format{});
            std::unique_ptr<OGRGeometry> back(OGRGeometryFactory::createFromGeoJson(ours.c_str()));
            ASSERT_NE(back, nullptr) << ours;
            std::unique_ptr<OGRGeometry> flat(g->clone());
            flat->flattenTo2D();
            EXPECT_TRUE(back->Equals(flat.get())) << wkt << " -> " << ours;
        }
    }
    OGRGeometry* g = nullptr;
    OGRGeometryFactory::createFromWkt("POINT (105.12345678 21.5)", nullptr, &g);
    std::unique_ptr<OGRGeometry> owned(g);
    std::vector<unsigned char> bytes(g->WkbSize());
    g->exportToWkb(wkbNDR, bytes.data(), wkbVariantIso);
    std::string out;
    geojson_format swapped;
    swapped.swap_axes = true;
    append_geojson(out, bytes.data(), bytes.size(), swapped);
    EXPECT_EQ(out, R"({"type":"Point","coordinates":[21.5,105.1234568]})");
    geojson_format doubled;
    doubled.decimals = 2;
    doubled.transform = [](std::size_t n, double* x, double* y) {
        for (std::size_t i = 0; i < n; ++i) x[i] *= 2, y[i] = -y[i];
    };
    out.clear();
    append_geojson(out, bytes.data(), bytes.size(), doubled);
    EXPECT_EQ(out, R"({"type":"Point","coordinates":[210.25,-21.5]})");
    // Truncated input is an error, not a read past the end.
    out.clear();
    EXPECT_THROW(append_geojson(out, bytes.data(), bytes.size() - 1, geojson_format{}), error);
}

TEST(Wkb, WritesFixedDecimalsWithoutTrailingZeros) {
    auto fixed = [](double v, int d) {
        std::string s;
        append_fixed(s, v, d);
        return s;
    };
    EXPECT_EQ(fixed(105.1, 7), "105.1");
    EXPECT_EQ(fixed(21, 7), "21");
    EXPECT_EQ(fixed(-0.00000004, 7), "0");
    EXPECT_EQ(fixed(-0.00000006, 7), "-0.0000001");
    EXPECT_EQ(fixed(-12.5, 0), "-13");
    EXPECT_EQ(fixed(11782058.690422762, 2), "11782058.69");
    EXPECT_EQ(fixed(0.1 + 0.2, 7), "0.3");
    EXPECT_EQ(fixed(1e300, 2).substr(0, 4), "1000");  // beyond exact integers: printf's digits
    EXPECT_EQ(fixed(1e300, 2).size(), 301u + 3u);       // all of them (regression: fuzz/wkb_fuzz)
    EXPECT_EQ(fixed(-1e300, 7).size(), 1u + 301u + 8u);
    EXPECT_THROW(fixed(std::nan(""), 7), error);
    EXPECT_THROW(fixed(1, 12), error);
}

}  // namespace
}  // namespace covermap::geo
