#include "tiles/mvt.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string_view>

#include <unistd.h>

#include <protozero/pbf_reader.hpp>

namespace covermap::tiles {
namespace {

// ---------------------------------------------------------------------------------------------
// The tiles are read back with protozero's pbf_reader, field by field, so the tests check the
// exact messages the spec prescribes (commands, winding, key/value tables) and that nothing else is
// in them.

using protozero::pbf_wire_type;
using protozero::tag_and_type;

template <typename Range>
std::vector<std::uint32_t> to_vector(const Range& r) {
    return std::vector<std::uint32_t>(r.begin(), r.end());
}

struct decoded_feature {
    bool has_id = false;
    std::uint64_t id = 0;
    std::vector<std::uint32_t> tags;
    std::uint32_t type = 0;
    std::vector<std::uint32_t> geometry;
};

struct decoded_layer {
    std::string name;
    std::uint32_t version = 1;  // the proto default
    std::uint32_t extent = 4096;
    std::vector<std::string> keys;
    std::vector<property_value> values;
    std::vector<decoded_feature> features;
};

std::int64_t unzigzag(std::uint64_t v) { return protozero::decode_zigzag64(v); }

property_value decode_value(protozero::data_view message) {
    protozero::pbf_reader r{message};
    property_value value;
    while (r.next()) {
        switch (r.tag_and_type()) {
            case tag_and_type(1, pbf_wire_type::length_delimited): value = r.get_string(); break;
            case tag_and_type(3, pbf_wire_type::fixed64): value = r.get_double(); break;
            case tag_and_type(6, pbf_wire_type::varint): value = r.get_sint64(); break;
            case tag_and_type(7, pbf_wire_type::varint): value = r.get_bool(); break;
            default: throw std::runtime_error("unexpected Value field " + std::to_string(r.tag()));
        }
    }
    return value;
}

decoded_feature decode_feature(protozero::data_view message) {
    protozero::pbf_reader r{message};
    decoded_feature f;
    while (r.next()) {
        switch (r.tag_and_type()) {
            case tag_and_type(1, pbf_wire_type::varint): f.has_id = true, f.id = r.get_uint64(); break;
            case tag_and_type(2, pbf_wire_type::length_delimited): f.tags = to_vector(r.get_packed_uint32()); break;
            case tag_and_type(3, pbf_wire_type::varint): f.type = static_cast<std::uint32_t>(r.get_enum()); break;
            case tag_and_type(4, pbf_wire_type::length_delimited): f.geometry = to_vector(r.get_packed_uint32()); break;
            default: throw std::runtime_error("unexpected Feature field " + std::to_string(r.tag()));
        }
    }
    return f;
}

std::vector<decoded_layer> decode_tile(std::string_view tile) {
    std::vector<decoded_layer> layers;
    protozero::pbf_reader r{tile.data(), tile.size()};
    while (r.next()) {
        if (r.tag_and_type() != tag_and_type(3, pbf_wire_type::length_delimited)) throw std::runtime_error("a tile holds only layers");
        protozero::pbf_reader l{r.get_view()};
        decoded_layer layer;
        while (l.next()) {
            switch (l.tag_and_type()) {
                case tag_and_type(1, pbf_wire_type::length_delimited): layer.name = l.get_string(); break;
                case tag_and_type(2, pbf_wire_type::length_delimited): layer.features.push_back(decode_feature(l.get_view())); break;
                case tag_and_type(3, pbf_wire_type::length_delimited): layer.keys.push_back(l.get_string()); break;
                case tag_and_type(4, pbf_wire_type::length_delimited): layer.values.push_back(decode_value(l.get_view())); break;
                case tag_and_type(5, pbf_wire_type::varint): layer.extent = l.get_uint32(); break;
                case tag_and_type(15, pbf_wire_type::varint): layer.version = l.get_uint32(); break;
                default: throw std::runtime_error("unexpected Layer field " + std::to_string(l.tag()));
            }
        }
        layers.push_back(std::move(layer));
    }
    return layers;
}

struct tile_point {
    std::int64_t x, y;
    bool operator==(const tile_point& o) const { return x == o.x && y == o.y; }
};
using tile_ring = std::vector<tile_point>;

// Polygon geometry → its rings (open, as encoded), checking the command grammar of MVT 2.1 §4.3.4.4.
std::vector<tile_ring> decode_rings(const std::vector<std::uint32_t>& g) {
    std::vector<tile_ring> rings;
    tile_point cursor{0, 0};
    std::size_t i = 0;
    const auto next_point = [&] {
        cursor.x += unzigzag(g.at(i++));
        cursor.y += unzigzag(g.at(i++));
        return cursor;
    };
    while (i < g.size()) {
        EXPECT_EQ(g[i], 1u | (1u << 3)) << "each ring starts with MoveTo(1)";
        ++i;
        tile_ring ring{next_point()};
        const std::uint32_t line_to = g.at(i++);
        EXPECT_EQ(line_to & 7, 2u) << "then LineTo";
        EXPECT_GE(line_to >> 3, 2u) << "with at least two points";
        for (std::uint32_t k = 0; k < (line_to >> 3); ++k) ring.push_back(next_point());
        EXPECT_EQ(g.at(i++), 7u | (1u << 3)) << "and ends with ClosePath(1)";
        EXPECT_FALSE(ring.back() == ring.front()) << "no closing duplicate before ClosePath";
        rings.push_back(std::move(ring));
    }
    return rings;
}

std::vector<tile_point> decode_points(const std::vector<std::uint32_t>& g) {
    EXPECT_FALSE(g.empty());
    if (g.empty()) return {};
    EXPECT_EQ(g[0] & 7, 1u) << "points are one MoveTo";
    const std::uint32_t count = g[0] >> 3;
    EXPECT_EQ(g.size(), 1 + 2 * std::size_t{count});
    std::vector<tile_point> points;
    tile_point cursor{0, 0};
    for (std::size_t i = 1; i + 1 < g.size(); i += 2) {
        cursor.x += unzigzag(g[i]);
        cursor.y += unzigzag(g[i + 1]);
        points.push_back(cursor);
    }
    return points;
}

// Twice the signed area by the spec's formula, in tile coordinates (y down): > 0 for exterior rings.
std::int64_t twice_area(const tile_ring& ring) {
    std::int64_t sum = 0;
    for (std::size_t i = 0; i < ring.size(); ++i) {
        const tile_point& a = ring[i];
        const tile_point& b = ring[(i + 1) % ring.size()];
        sum += a.x * b.y - b.x * a.y;
    }
    return sum;
}

// ---------------------------------------------------------------------------------------------
// Geometry given in tile units (x right, y down, 0..4096), converted to the EPSG:3857 the encoder takes.

const tile_id test_tile{5, 25, 14};

struct tile_frame {
    bounds b = mercator_bounds(test_tile);
    double unit = (b.max_x - b.min_x) / 4096;
    geo::xy operator()(double tx, double ty) const { return {b.min_x + tx * unit, b.max_y - ty * unit}; }
    geo::linear_ring ring(std::initializer_list<std::pair<double, double>> pts) const {
        geo::linear_ring r;
        for (const auto& [tx, ty] : pts) r.push_back((*this)(tx, ty));
        r.push_back(r.front());
        return r;
    }
};

// The same rectangle either way round: `clockwise_on_screen` is the MVT exterior orientation.
geo::linear_ring rectangle(const tile_frame& f, double x0, double y0, double x1, double y1, bool clockwise_on_screen) {
    return clockwise_on_screen ? f.ring({{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}) : f.ring({{x0, y0}, {x0, y1}, {x1, y1}, {x1, y0}});
}

std::string encode(layer_builder& layer) {
    std::string tile;
    layer.append_to(tile);
    return tile;
}

decoded_layer only_layer(const std::string& tile) {
    auto layers = decode_tile(tile);
    EXPECT_EQ(layers.size(), 1u);
    return layers.empty() ? decoded_layer{} : layers.front();
}

// ---------------------------------------------------------------------------------------------

TEST(Mvt, EncodesCommandsAndZigzagDeltasExactly) {
    const tile_frame f;
    layer_builder layer("units", f.b);
    ASSERT_TRUE(layer.add_polygons(1, {geo::polygon{{f.ring({{1, 1}, {3, 1}, {3, 3}, {1, 3}})}}}, {}));
    const decoded_layer decoded = only_layer(encode(layer));
    EXPECT_EQ(decoded.name, "units");
    EXPECT_EQ(decoded.version, 2u);
    EXPECT_EQ(decoded.extent, 4096u);
    ASSERT_EQ(decoded.features.size(), 1u);
    const decoded_feature& feature = decoded.features[0];
    EXPECT_TRUE(feature.has_id);
    EXPECT_EQ(feature.id, 1u);
    EXPECT_EQ(feature.type, 3u);  // POLYGON
    EXPECT_TRUE(feature.tags.empty());
    // MoveTo(1) +1,+1; LineTo(3) +2,0  0,+2  -2,0; ClosePath(1) — zigzag: 2→4, -2→3.
    EXPECT_EQ(feature.geometry, (std::vector<std::uint32_t>{9, 2, 2, 26, 4, 0, 0, 4, 3, 0, 15}));
}

TEST(Mvt, EnforcesWindingWhateverTheInputOrientation) {
    const tile_frame f;
    for (const bool outer_cw : {true, false}) {
        for (const bool hole_cw : {true, false}) {
            layer_builder layer("units", f.b);
            const geo::polygon with_hole{{rectangle(f, 100, 100, 900, 900, outer_cw), rectangle(f, 300, 300, 500, 500, hole_cw)}};
            ASSERT_TRUE(layer.add_polygons(5, {with_hole}, {}));
            const auto rings = decode_rings(only_layer(encode(layer)).features.at(0).geometry);
            ASSERT_EQ(rings.size(), 2u);
            EXPECT_EQ(twice_area(rings[0]), 2 * 800 * 800) << outer_cw << hole_cw;
            EXPECT_EQ(twice_area(rings[1]), -2 * 200 * 200) << outer_cw << hole_cw;
        }
    }
}

TEST(Mvt, DeduplicatesKeysAndValuesAndOmitsNulls) {
    const tile_frame f;
    layer_builder layer("units", f.b);
    const auto square = [&](double x) { return geo::multipolygon{geo::polygon{{rectangle(f, x, 10, x + 20, 30, true)}}}; };
    EXPECT_TRUE(layer.add_polygons(1, square(0), {{"name", std::string("A")}, {"pop", std::int64_t{1}}, {"share", 1.0}}));
    EXPECT_TRUE(layer.add_polygons(2, square(100), {{"name", std::string("B")}, {"pop", std::int64_t{1}}, {"share", {}}}));
    // Same keys in another order, and values equal in number but not in type stay distinct.
    EXPECT_TRUE(layer.add_polygons(3, square(200),
                                   {{"pop", std::int64_t{-7}}, {"name", std::string("A")}, {"flag", true}, {"label", std::string("1")}}));
    EXPECT_EQ(layer.features(), 3u);

    const decoded_layer decoded = only_layer(encode(layer));
    EXPECT_EQ(decoded.keys, (std::vector<std::string>{"name", "pop", "share", "flag", "label"}));
    const std::vector<property_value> expected_values{std::string("A"), std::int64_t{1}, 1.0,  std::string("B"),
                                                      std::int64_t{-7}, true,            std::string("1")};
    EXPECT_EQ(decoded.values, expected_values);
    ASSERT_EQ(decoded.features.size(), 3u);
    EXPECT_EQ(decoded.features[0].tags, (std::vector<std::uint32_t>{0, 0, 1, 1, 2, 2}));
    EXPECT_EQ(decoded.features[1].tags, (std::vector<std::uint32_t>{0, 3, 1, 1}));  // the NULL share is absent
    EXPECT_EQ(decoded.features[2].tags, (std::vector<std::uint32_t>{1, 4, 0, 0, 3, 5, 4, 6}));
}

// The bytes of a one-feature layer, worked out by hand from vector_tile.proto: what the encoder
// wrote before it used protozero, and must still write.
TEST(Mvt, WritesTheBytesTheSpecPrescribes) {
    const tile_frame f;
    layer_builder layer("u", f.b);
    ASSERT_TRUE(layer.add_points(1, {f(10, 20)}, {{"k", std::int64_t{5}}}));
    const std::string expected{
        "\x1a\x1e"                                 // Tile.layers, 30 bytes
        "\x0a\x01u"                                // name "u"
        "\x12\x0d"                                 // features, 13 bytes:
        "\x08\x01"                                 //   id 1
        "\x12\x02\x00\x00"                         //   tags [0, 0]
        "\x18\x01"                                 //   type POINT
        "\x22\x03\x09\x14\x28"                     //   geometry MoveTo(1) +10 +20
        "\x1a\x01k"                                // keys "k"
        "\x22\x02\x30\x0a"                         // values: sint_value 5
        "\x28\x80\x20"                             // extent 4096
        "\x78\x02",                                // version 2
        32};
    EXPECT_EQ(encode(layer), expected);
}

// Two layers in one tile, read back with protozero: names, keys, values of every type, and the
// geometry of polygons and points.
TEST(Mvt, TwoLayersReadBackWithProtozero) {
    const tile_frame f;
    layer_builder units("units", f.b);
    ASSERT_TRUE(units.add_polygons(7, {geo::polygon{{rectangle(f, 100, 100, 300, 200, true)}}},
                                   {{"name", std::string("Xã Chi Lăng")}, {"pop", std::int64_t{-12345678901}}, {"share", 0.25}}));
    layer_builder labels("labels", f.b, 4096, 64);
    ASSERT_TRUE(labels.add_points(8, {f(50, 60), f(4100, 4000), f(5000, 10)}, {{"capital", true}, {"name", std::string("A")}}));
    std::string tile;
    units.append_to(tile);
    labels.append_to(tile);

    const auto layers = decode_tile(tile);
    ASSERT_EQ(layers.size(), 2u);
    EXPECT_EQ(layers[0].name, "units");
    EXPECT_EQ(layers[0].version, 2u);
    EXPECT_EQ(layers[0].keys, (std::vector<std::string>{"name", "pop", "share"}));
    EXPECT_EQ(layers[0].values, (std::vector<property_value>{std::string("Xã Chi Lăng"), std::int64_t{-12345678901}, 0.25}));
    ASSERT_EQ(layers[0].features.size(), 1u);
    EXPECT_TRUE(layers[0].features[0].has_id);
    EXPECT_EQ(layers[0].features[0].id, 7u);
    EXPECT_EQ(layers[0].features[0].type, 3u);
    EXPECT_EQ(layers[0].features[0].tags, (std::vector<std::uint32_t>{0, 0, 1, 1, 2, 2}));
    const auto rings = decode_rings(layers[0].features[0].geometry);
    ASSERT_EQ(rings.size(), 1u);
    EXPECT_EQ(rings[0], (tile_ring{{100, 100}, {300, 100}, {300, 200}, {100, 200}}));

    EXPECT_EQ(layers[1].name, "labels");
    EXPECT_EQ(layers[1].keys, (std::vector<std::string>{"capital", "name"}));
    EXPECT_EQ(layers[1].values, (std::vector<property_value>{true, std::string("A")}));
    ASSERT_EQ(layers[1].features.size(), 1u);
    EXPECT_EQ(layers[1].features[0].id, 8u);
    EXPECT_EQ(layers[1].features[0].type, 1u);
    EXPECT_EQ(decode_points(layers[1].features[0].geometry), (std::vector<tile_point>{{50, 60}, {4100, 4000}}));  // the third is beyond the buffer
}

TEST(Mvt, PropertyLiteralsTakeTheNaturalType) {
    EXPECT_TRUE(std::holds_alternative<std::string>(property{"name", "Hà Giang"}.value));  // not bool
    EXPECT_TRUE(std::holds_alternative<std::int64_t>(property{"level", 3}.value));
    EXPECT_TRUE(std::holds_alternative<double>(property{"share", 2.5f}.value));
    EXPECT_TRUE(std::holds_alternative<bool>(property{"capital", false}.value));
    EXPECT_TRUE(std::holds_alternative<std::monostate>(property{"note", {}}.value));
}

TEST(Mvt, ClipsAPolygonLargerThanTheTileToTheBufferedSquare) {
    const tile_frame f;
    layer_builder layer("units", f.b);
    ASSERT_TRUE(layer.add_polygons(1, {geo::polygon{{rectangle(f, -5000, -3000, 9000, 7000, false)}}}, {}));
    const auto rings = decode_rings(only_layer(encode(layer)).features.at(0).geometry);
    ASSERT_EQ(rings.size(), 1u);
    ASSERT_EQ(rings[0].size(), 4u);
    for (const tile_point& p : rings[0]) {
        EXPECT_TRUE(p.x == -64 || p.x == 4160) << p.x;
        EXPECT_TRUE(p.y == -64 || p.y == 4160) << p.y;
    }
    EXPECT_EQ(twice_area(rings[0]), 2 * 4224 * 4224);
}

TEST(Mvt, ACustomBufferAndExtentMoveTheClipSquare) {
    const tile_frame f;
    layer_builder layer("units", f.b, 512, 8);
    ASSERT_TRUE(layer.add_polygons(1, {geo::polygon{{rectangle(f, -5000, -3000, 9000, 7000, true)}}}, {}));
    const decoded_layer decoded = only_layer(encode(layer));
    EXPECT_EQ(decoded.extent, 512u);
    const auto rings = decode_rings(decoded.features.at(0).geometry);
    ASSERT_EQ(rings.size(), 1u);
    EXPECT_EQ(twice_area(rings[0]), 2 * 528 * 528);
}

TEST(Mvt, APolygonOutsideTheTileAddsNothing) {
    const tile_frame f;
    layer_builder layer("units", f.b);
    EXPECT_FALSE(layer.add_polygons(1, {geo::polygon{{rectangle(f, 4200, 100, 4300, 200, true)}}}, {{"name", std::string("far")}}));
    // Touching only the buffer's outer edge leaves no area either.
    EXPECT_FALSE(layer.add_polygons(2, {geo::polygon{{rectangle(f, 4160, 100, 4300, 200, true)}}}, {}));
    EXPECT_FALSE(layer.add_polygons(3, {}, {}));
    EXPECT_TRUE(layer.empty());
    EXPECT_EQ(layer.features(), 0u);
    const decoded_layer decoded = only_layer(encode(layer));
    EXPECT_TRUE(decoded.features.empty());
    EXPECT_TRUE(decoded.keys.empty()) << "a rejected feature leaves no keys behind";
    EXPECT_TRUE(decoded.values.empty());
}

TEST(Mvt, ClipsARingWithAHole) {
    const tile_frame f;
    layer_builder layer("units", f.b);
    // The exterior crosses the east edge; one hole is inside the tile, one beyond the buffer (dropped),
    // one straddling the east edge (clipped).
    const geo::polygon part{{rectangle(f, 3000, 1000, 6000, 3000, true), rectangle(f, 3200, 1200, 3400, 1400, false),
                             rectangle(f, 5000, 1200, 5200, 1400, false), rectangle(f, 4000, 2000, 4500, 2500, false)}};
    ASSERT_TRUE(layer.add_polygons(9, {part}, {}));
    const auto rings = decode_rings(only_layer(encode(layer)).features.at(0).geometry);
    ASSERT_EQ(rings.size(), 3u);
    EXPECT_EQ(twice_area(rings[0]), 2 * 1160 * 2000);
    EXPECT_EQ(twice_area(rings[1]), -2 * 200 * 200);
    EXPECT_EQ(twice_area(rings[2]), -2 * 160 * 500);
}

TEST(Mvt, DropsTheOutsidePartOfAMultipolygon) {
    const tile_frame f;
    layer_builder layer("units", f.b);
    const geo::multipolygon mp{geo::polygon{{rectangle(f, -900, 10, -500, 50, true)}}, geo::polygon{{rectangle(f, 10, 10, 50, 50, true)}},
                               geo::polygon{{rectangle(f, 10, 9000, 50, 9050, true)}}};
    ASSERT_TRUE(layer.add_polygons(4, mp, {}));
    const auto rings = decode_rings(only_layer(encode(layer)).features.at(0).geometry);
    ASSERT_EQ(rings.size(), 1u);
    EXPECT_EQ(twice_area(rings[0]), 2 * 40 * 40);
    EXPECT_EQ(rings[0][0], (tile_point{10, 10}));
}

TEST(Mvt, PrecomputedPartBoundsGiveTheSameTile) {
    const tile_frame f;
    const geo::multipolygon mp{geo::polygon{{rectangle(f, -900, 10, -500, 50, true)}},
                               geo::polygon{{rectangle(f, -100, 10, 300, 500, false), rectangle(f, 10, 20, 30, 40, true)}}};
    layer_builder computed("units", f.b), given("units", f.b);
    ASSERT_TRUE(computed.add_polygons(1, mp, {{"k", std::int64_t{2}}}));
    ASSERT_TRUE(given.add_polygons(1, mp, part_bounds(mp), {{"k", std::int64_t{2}}}));
    EXPECT_EQ(encode(computed), encode(given));
    EXPECT_THROW(given.add_polygons(2, mp, {}, {}), std::invalid_argument);
}

TEST(Mvt, DropsDegenerateSliversAndRepeatedPoints) {
    const tile_frame f;
    layer_builder layer("units", f.b);
    // 0.3 tile units wide: collapses to a line on the integer grid.
    EXPECT_FALSE(layer.add_polygons(1, {geo::polygon{{rectangle(f, 100, 100, 100.3, 900, true)}}}, {{"name", std::string("x")}}));
    // An exterior that collapses takes its hole (here an invalid, larger one) with it.
    EXPECT_FALSE(layer.add_polygons(4, {geo::polygon{{rectangle(f, 100, 100, 100.3, 900, true), rectangle(f, 200, 200, 300, 300, false)}}}, {}));
    // Two points only.
    EXPECT_FALSE(layer.add_polygons(2, {geo::polygon{{f.ring({{100, 100}, {200, 200}})}}}, {}));
    // A real square whose sliver hole vanishes, with repeated and near-repeated vertices.
    const geo::polygon noisy{{f.ring({{10, 10}, {10.2, 10.1}, {50, 10}, {50, 10}, {50, 30}, {50, 50}, {10, 50}}),
                              rectangle(f, 20, 20, 20.2, 40, false)}};
    ASSERT_TRUE(layer.add_polygons(3, {noisy}, {}));
    EXPECT_EQ(layer.features(), 1u);
    const auto rings = decode_rings(only_layer(encode(layer)).features.at(0).geometry);
    ASSERT_EQ(rings.size(), 1u);
    EXPECT_EQ(rings[0], (tile_ring{{10, 10}, {50, 10}, {50, 50}, {10, 50}}));
}

TEST(Mvt, ClipsAConcaveRingCrossingTheEdgeTwiceWithoutLosingArea) {
    const tile_frame f;
    layer_builder layer("units", f.b);
    // A U opening eastwards whose base lies beyond the buffer: clipping joins the two arms with a
    // zero-width seam along the buffer edge, and the area must stay exactly that of the two arms.
    const geo::polygon u{{f.ring({{-500, 100}, {1000, 100}, {1000, 300}, {-200, 300}, {-200, 700}, {1000, 700}, {1000, 900}, {-500, 900}})}};
    ASSERT_TRUE(layer.add_polygons(1, {u}, {}));
    const auto rings = decode_rings(only_layer(encode(layer)).features.at(0).geometry);
    ASSERT_EQ(rings.size(), 1u);
    EXPECT_EQ(twice_area(rings[0]), 2 * (2 * 1064 * 200));
    for (const tile_point& p : rings[0]) EXPECT_GE(p.x, -64);
}

TEST(Mvt, KeepsOnlyPointsInsideTheBufferedTile) {
    const tile_frame f;
    layer_builder layer("hamlets", f.b);
    EXPECT_FALSE(layer.add_points(1, {f(-100, 10), f(10, 4200)}, {{"name", std::string("gone")}}));
    EXPECT_FALSE(layer.add_points(2, {}, {}));
    ASSERT_TRUE(layer.add_points(3, {f(-100, 10), f(10.4, 20.6), f(-63.7, 4159.8), f(5000, 5000)}, {{"name", std::string("kept")}}));
    const decoded_layer decoded = only_layer(encode(layer));
    ASSERT_EQ(decoded.features.size(), 1u);
    EXPECT_EQ(decoded.features[0].type, 1u);  // POINT
    EXPECT_EQ(decoded.features[0].id, 3u);
    EXPECT_EQ(decode_points(decoded.features[0].geometry), (std::vector<tile_point>{{10, 21}, {-64, 4160}}));
    EXPECT_EQ(decoded.keys, (std::vector<std::string>{"name"}));
    EXPECT_EQ(decoded.values, (std::vector<property_value>{std::string("kept")}));
}

// As ST_AsMVTGeom: a point is snapped first, then kept when it lies on the buffered square, so a
// point a fraction of a unit beyond the buffer that rounds onto its edge stays (a real hamlet did).
TEST(Mvt, PointsRoundingOntoTheBufferEdgeAreKept) {
    const tile_frame f;
    layer_builder layer("hamlets", f.b);
    EXPECT_TRUE(layer.add_points(1, {f(100, -64.3)}, {}));
    EXPECT_TRUE(layer.add_points(2, {f(4160.4, 100)}, {}));
    EXPECT_FALSE(layer.add_points(3, {f(100, -64.6)}, {}));
    EXPECT_FALSE(layer.add_points(4, {f(4160.6, 100)}, {}));
    const decoded_layer decoded = only_layer(encode(layer));
    ASSERT_EQ(decoded.features.size(), 2u);
    EXPECT_EQ(decode_points(decoded.features[0].geometry), (std::vector<tile_point>{{100, -64}}));
    EXPECT_EQ(decode_points(decoded.features[1].geometry), (std::vector<tile_point>{{4160, 100}}));
}

// ---------------------------------------------------------------------------------------------
// GDAL's MVT driver as the third-party reader.

struct gdal_dataset_closer {
    void operator()(GDALDataset* ds) const { GDALClose(ds); }
};
using gdal_dataset = std::unique_ptr<GDALDataset, gdal_dataset_closer>;

// Writes the tile as <dir>/z/x/y.pbf, the layout from which GDAL takes the tile's georeferencing,
// and opens it without GDAL's own clipping to the tile (so the buffer is visible).
class MvtGdal : public ::testing::Test {
protected:
    void SetUp() override {
        GDALAllRegister();
        dir_ = std::filesystem::temp_directory_path() /
               ("covermap_mvt_test_" + std::to_string(::getpid()) + "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    gdal_dataset open(const std::string& tile) {
        const auto path = dir_ / std::to_string(test_tile.z) / std::to_string(test_tile.x) / (std::to_string(test_tile.y) + ".pbf");
        std::filesystem::create_directories(path.parent_path());
        std::ofstream(path, std::ios::binary) << tile;
        const char* drivers[] = {"MVT", nullptr};
        const char* options[] = {"CLIP=NO", nullptr};
        return gdal_dataset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, options));
    }

    std::filesystem::path dir_;
};

// Every vertex of `ring` lies within `tolerance` metres of one of `expected`, and vice versa.
void expect_same_vertices(const OGRLinearRing& ring, const std::vector<geo::xy>& expected, double tolerance) {
    std::vector<geo::xy> got;
    for (int i = 0; i < ring.getNumPoints(); ++i) got.push_back({ring.getX(i), ring.getY(i)});
    const auto near_one_of = [tolerance](const geo::xy& p, const std::vector<geo::xy>& set) {
        return std::any_of(set.begin(), set.end(), [&](const geo::xy& q) { return std::hypot(p.x - q.x, p.y - q.y) <= tolerance; });
    };
    for (const geo::xy& p : got) EXPECT_TRUE(near_one_of(p, expected)) << std::fixed << p.x << " " << p.y;
    for (const geo::xy& p : expected) EXPECT_TRUE(near_one_of(p, got)) << std::fixed << p.x << " " << p.y;
}

TEST_F(MvtGdal, ReadsLayersFieldsIdsAndCoordinates) {
    const tile_frame f;
    layer_builder units("units", f.b);
    // Corners off the integer grid: GDAL must see them within one tile unit.
    const geo::polygon with_hole{{rectangle(f, 100.3, 200.7, 1900.2, 2100.4, false), rectangle(f, 500.5, 600.1, 700.2, 900.9, true)}};
    ASSERT_TRUE(units.add_polygons(7001, {with_hole},
                                   {{"name", std::string("Xã Đồng Văn")}, {"pop", std::int64_t{1234}}, {"share", 0.25}, {"capital", true}}));
    const geo::multipolygon two_parts{geo::polygon{{rectangle(f, 3000, 3000, 3500, 3500, true)}},
                                      geo::polygon{{rectangle(f, -1000, 3800, 4000, 9000, true)}}};
    ASSERT_TRUE(units.add_polygons(7002, two_parts, {{"name", std::string("Lũng Cú")}, {"pop", std::int64_t{-5}}, {"share", {}}}));
    layer_builder hamlets("hamlets", f.b);
    ASSERT_TRUE(hamlets.add_points(42, {f(1000.4, 1000.6), f(5000, 10)}, {{"name", std::string("Sà Phìn")}}));
    std::string tile;
    units.append_to(tile);
    hamlets.append_to(tile);

    const gdal_dataset ds = open(tile);
    ASSERT_TRUE(ds) << CPLGetLastErrorMsg();
    ASSERT_EQ(ds->GetLayerCount(), 2);
    const double tolerance = f.unit;  // one tile unit, in metres

    OGRLayer* layer = ds->GetLayerByName("units");
    ASSERT_NE(layer, nullptr);
    EXPECT_EQ(layer->GetFeatureCount(), 2);
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    const auto field_type = [defn](const char* name) {
        const int i = defn->GetFieldIndex(name);
        return i < 0 ? std::pair{OFTMaxType, OFSTNone} : std::pair{defn->GetFieldDefn(i)->GetType(), defn->GetFieldDefn(i)->GetSubType()};
    };
    // GDAL 3.6 reports the MVT feature id in the mvt_id field (its FIDs are sequence numbers).
    EXPECT_EQ(field_type("mvt_id").first, OFTInteger64);
    EXPECT_EQ(field_type("name").first, OFTString);
    EXPECT_EQ(field_type("pop").first, OFTInteger);
    EXPECT_EQ(field_type("share").first, OFTReal);
    EXPECT_EQ(field_type("capital"), (std::pair{OFTInteger, OFSTBoolean}));

    layer->ResetReading();
    std::unique_ptr<OGRFeature> first(layer->GetNextFeature());
    ASSERT_TRUE(first);
    EXPECT_EQ(first->GetFieldAsInteger64("mvt_id"), 7001);
    EXPECT_STREQ(first->GetFieldAsString("name"), "Xã Đồng Văn");
    EXPECT_EQ(first->GetFieldAsInteger("pop"), 1234);
    EXPECT_DOUBLE_EQ(first->GetFieldAsDouble("share"), 0.25);
    EXPECT_EQ(first->GetFieldAsInteger("capital"), 1);
    const OGRGeometry* g = first->GetGeometryRef();
    ASSERT_NE(g, nullptr);
    ASSERT_EQ(wkbFlatten(g->getGeometryType()), wkbMultiPolygon);
    const auto* mp = g->toMultiPolygon();
    ASSERT_EQ(mp->getNumGeometries(), 1);
    const OGRPolygon* poly = mp->getGeometryRef(0);
    ASSERT_EQ(poly->getNumInteriorRings(), 1) << "GDAL reads the second ring as a hole: the winding is right";
    expect_same_vertices(*poly->getExteriorRing(), with_hole.rings[0], tolerance);
    expect_same_vertices(*poly->getInteriorRing(0), with_hole.rings[1], tolerance);

    std::unique_ptr<OGRFeature> second(layer->GetNextFeature());
    ASSERT_TRUE(second);
    EXPECT_EQ(second->GetFieldAsInteger64("mvt_id"), 7002);
    EXPECT_EQ(second->GetFieldAsInteger("pop"), -5);
    EXPECT_FALSE(second->IsFieldSetAndNotNull(defn->GetFieldIndex("share")));
    const auto* parts = second->GetGeometryRef()->toMultiPolygon();
    ASSERT_EQ(parts->getNumGeometries(), 2);
    expect_same_vertices(*parts->getGeometryRef(1)->getExteriorRing(),
                         {f(-64, 3800), f(4000, 3800), f(4000, 4160), f(-64, 4160), f(-64, 3800)}, tolerance);

    OGRLayer* points = ds->GetLayerByName("hamlets");
    ASSERT_NE(points, nullptr);
    EXPECT_EQ(points->GetFeatureCount(), 1);
    points->ResetReading();
    std::unique_ptr<OGRFeature> hamlet(points->GetNextFeature());
    ASSERT_TRUE(hamlet);
    EXPECT_EQ(hamlet->GetFieldAsInteger64("mvt_id"), 42);
    EXPECT_STREQ(hamlet->GetFieldAsString("name"), "Sà Phìn");
    ASSERT_EQ(wkbFlatten(hamlet->GetGeometryRef()->getGeometryType()), wkbPoint);
    const auto* p = hamlet->GetGeometryRef()->toPoint();
    EXPECT_NEAR(p->getX(), f(1000.4, 1000.6).x, tolerance);
    EXPECT_NEAR(p->getY(), f(1000.4, 1000.6).y, tolerance);
}

// ---------------------------------------------------------------------------------------------
// Timings, printed rather than asserted (the machine is shared). Run them with
// --gtest_filter='MvtTiming*'.

double elapsed_ms(std::chrono::steady_clock::time_point since) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since).count();
}

TEST(MvtTiming, ATileOfFifteenHundredSmallPolygons) {
    const tile_frame f;
    // 1,500 15-gons on a 40 × 38 grid over the tile and its surroundings (some cut by the edges).
    std::vector<geo::multipolygon> shapes;
    std::vector<properties> props;
    for (int i = 0; i < 1500; ++i) {
        const double cx = -200 + (i % 40) * 115.0, cy = -200 + (i / 40) * 120.0;
        geo::linear_ring ring;
        for (int k = 0; k < 15; ++k) {
            const double a = -2 * M_PI * k / 15, r = 50 + 10 * std::sin(3 * a);
            ring.push_back(f(cx + r * std::cos(a), cy + r * std::sin(a)));
        }
        ring.push_back(ring.front());
        shapes.push_back({geo::polygon{{ring}}});
        props.push_back({{"code", std::string("VN-") + std::to_string(10000 + i)},
                         {"name", std::string("Xã số ") + std::to_string(i)},
                         {"level", std::int64_t{3}},
                         {"population", std::int64_t{1000 + 7 * i}},
                         {"share", 0.001 * i}});
    }
    double best = 1e9;
    std::size_t bytes = 0, kept = 0;
    for (int run = 0; run < 20; ++run) {
        const auto start = std::chrono::steady_clock::now();
        layer_builder layer("units", f.b);
        for (std::size_t i = 0; i < shapes.size(); ++i) layer.add_polygons(i + 1, shapes[i], props[i]);
        std::string tile;
        layer.append_to(tile);
        best = std::min(best, elapsed_ms(start));
        bytes = tile.size();
        kept = layer.features();
    }
    std::printf("[ timing   ] %zu of 1500 polygons (15 vertices, 5 properties): best of 20 = %.3f ms, %zu bytes\n", kept,
                best, bytes);
    EXPECT_GT(kept, 1000u);
}

TEST(MvtTiming, OneHugePolygonClippedToASmallTile) {
    // 500,000 vertices on a circle of radius 30 km; the tile is a z14 tile (2.4 km) on its rim.
    const tile_id small{14, 13000, 7300};
    const bounds b = mercator_bounds(small);
    const double cx = b.min_x - 29000, cy = (b.min_y + b.max_y) / 2, r = 30000;
    geo::multipolygon huge{geo::polygon{{geo::linear_ring{}}}};
    geo::linear_ring& ring = huge[0].rings[0];
    constexpr int n = 500000;
    ring.reserve(n + 1);
    for (int k = 0; k < n; ++k) ring.push_back({cx + r * std::cos(2 * M_PI * k / n), cy + r * std::sin(2 * M_PI * k / n)});
    ring.push_back(ring.front());

    // The floor: one pass reading every point.
    auto start = std::chrono::steady_clock::now();
    double sum = 0;
    for (const geo::xy& p : ring) sum += p.x + p.y;
    const double scan = elapsed_ms(start);

    const std::vector<geo::box> boxes = part_bounds(huge);
    double best = 1e9, best_with_boxes = 1e9;
    std::string tile, tile_with_boxes;
    for (int run = 0; run < 5; ++run) {
        start = std::chrono::steady_clock::now();
        layer_builder layer("units", b);
        ASSERT_TRUE(layer.add_polygons(1, huge, {}));
        tile.clear();
        layer.append_to(tile);
        best = std::min(best, elapsed_ms(start));

        start = std::chrono::steady_clock::now();
        layer_builder with_boxes("units", b);
        ASSERT_TRUE(with_boxes.add_polygons(1, huge, boxes, {}));
        tile_with_boxes.clear();
        with_boxes.append_to(tile_with_boxes);
        best_with_boxes = std::min(best_with_boxes, elapsed_ms(start));
    }
    std::printf("[ timing   ] 500k-vertex polygon clipped to tile 14/13000/7300: best of 5 = %.3f ms, %.3f ms with "
                "precomputed part bounds (a bare scan of the points: %.3f ms), %zu bytes\n",
                best, best_with_boxes, scan, tile.size());
    EXPECT_EQ(tile, tile_with_boxes);
    EXPECT_NE(sum, 0.0);
    const auto rings = decode_rings(only_layer(tile).features.at(0).geometry);
    ASSERT_EQ(rings.size(), 1u);
    EXPECT_GT(twice_area(rings[0]), 0);
}

}  // namespace
}  // namespace covermap::tiles
