#include "geo/generalise.hpp"

#include <gtest/gtest.h>
#include <ogr_api.h>
#include <ogr_geometry.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <set>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "geo/wkb.hpp"

namespace covermap::geo {
namespace {

constexpr double pi = 3.14159265358979323846;

// A jigsaw: an n × n grid of cells inside the square [0, n·cell]², whose inner boundaries wiggle
// (several sine waves, the finest one "noise" of many vertices) and vanish at the grid nodes, so the
// node (i·cell, j·cell) is where four pieces meet. The outer frame is straight but has as many
// (collinear) vertices, so the pieces' union is exactly the square at any tolerance that keeps the
// frame's corners.
struct jigsaw {
    int n = 4;
    double cell = 1000;
    int steps = 200;  // vertices per cell side

    // Offset across line `line` (0..n) at position `t` (in cells) along it; 0 on the frame.
    double wiggle(int line, double t) const {
        if (line == 0 || line == n || t == std::floor(t)) return 0;
        return 60 * std::sin(pi * t * 2 + line) * std::sin(pi * t) + 12 * std::sin(pi * t * 7) + 1.5 * std::sin(pi * t * 61);
    }
    // The k-th vertex along the vertical line i from node j to node j+1 (and the horizontal alike);
    // computed from integers only, so both neighbours get bit-identical coordinates.
    xy vertical(int i, int j, int k) const {
        const double t = j + static_cast<double>(k) / steps;
        return {i * cell + wiggle(i, t), t * cell};
    }
    xy horizontal(int j, int i, int k) const {
        const double t = i + static_cast<double>(k) / steps;
        return {t * cell, j * cell + wiggle(j, t)};
    }
    long long id(int i, int j) const { return 100 * i + j; }
    // Cell (i, j), counter-clockwise from its lower-left node.
    multipolygon piece(int i, int j) const {
        linear_ring ring;
        for (int k = 0; k < steps; ++k) ring.push_back(horizontal(j, i, k));
        for (int k = 0; k < steps; ++k) ring.push_back(vertical(i + 1, j, k));
        for (int k = steps; k > 0; --k) ring.push_back(horizontal(j + 1, i, k));
        for (int k = steps; k > 0; --k) ring.push_back(vertical(i, j, k));
        ring.push_back(ring.front());
        return {polygon{{ring}}};
    }
    double side() const { return n * cell; }
};

std::unique_ptr<OGRGeometry> to_ogr(const multipolygon& mp) {
    const std::vector<unsigned char> bytes = write_wkb(mp);
    OGRGeometry* g = nullptr;
    if (OGRGeometryFactory::createFromWkb(bytes.data(), nullptr, &g, bytes.size()) != OGRERR_NONE) return nullptr;
    return std::unique_ptr<OGRGeometry>(g);
}

double area(const multipolygon& mp) { return to_ogr(mp)->toMultiPolygon()->get_Area(); }

// The area of the union of all pieces, through GEOS.
double union_area(const std::vector<generalised_unit>& units) {
    OGRMultiPolygon all;
    for (const auto& u : units) {
        for (const polygon& p : u.geometry) all.addGeometry(to_ogr({p})->toMultiPolygon()->getGeometryRef(0));
    }
    std::unique_ptr<OGRGeometry> merged(all.UnionCascaded());
    EXPECT_NE(merged, nullptr);
    return merged ? OGR_G_Area(OGRGeometry::ToHandle(merged.get())) : 0;
}

std::size_t vertex_count(const std::vector<generalised_unit>& units) {
    std::size_t n = 0;
    for (const auto& u : units) {
        for (const polygon& p : u.geometry) {
            for (const linear_ring& r : p.rings) n += r.size();
        }
    }
    return n;
}

bool on_frame(const xy& p, double side) { return p.x == 0 || p.y == 0 || p.x == side || p.y == side; }

std::pair<std::pair<double, double>, std::pair<double, double>> segment(const xy& a, const xy& b) { return {{a.x, a.y}, {b.x, b.y}}; }

coverage_generaliser built_jigsaw(const jigsaw& g, double snap = coverage_generaliser::default_snap_grid) {
    coverage_generaliser gen(snap);
    for (int i = 0; i < g.n; ++i) {
        for (int j = 0; j < g.n; ++j) gen.add(g.id(i, j), g.piece(i, j));
    }
    gen.build();
    return gen;
}

TEST(Generalise, JigsawBoundariesStaySharedWithoutGapOrOverlap) {
    if (!OGRGeometryFactory::haveGEOS()) GTEST_SKIP() << "GDAL without GEOS";
    const jigsaw g;
    const coverage_generaliser gen = built_jigsaw(g);
    // 16 pieces, 4·3·2 = 24 inner cell sides, 4·4 outer ones; 9 inner nodes and 12 on the frame.
    EXPECT_EQ(gen.units(), 16u);
    EXPECT_EQ(gen.nodes(), 9u + 12u);
    EXPECT_EQ(gen.arcs(), 24u + 12u);  // the frame's 16 cell sides, less the 4 corners that are no node

    const std::size_t input = gen.input_vertices();
    for (double tolerance : {2.0, 10.0, 40.0}) {
        SCOPED_TRACE(tolerance);
        const auto out = gen.simplify(tolerance);
        ASSERT_EQ(out.size(), 16u);
        EXPECT_LT(vertex_count(out) * (tolerance < 5 ? 2 : 10), input);

        // Every segment off the frame is used exactly twice, once in each direction: neighbours
        // got the very same vertices along their shared boundary.
        std::map<std::pair<std::pair<double, double>, std::pair<double, double>>, int> uses;
        for (const auto& u : out) {
            ASSERT_EQ(u.geometry.size(), 1u);
            const linear_ring& r = u.geometry[0].rings[0];
            for (std::size_t k = 0; k + 1 < r.size(); ++k) ++uses[segment(r[k], r[k + 1])];
        }
        for (const auto& [seg, count] : uses) {
            const xy a{seg.first.first, seg.first.second}, b{seg.second.first, seg.second.second};
            if (on_frame(a, g.side()) && on_frame(b, g.side()) && (a.x == b.x || a.y == b.y)) {
                EXPECT_EQ(count, 1);
                EXPECT_EQ(uses.count(segment(b, a)), 0u);
            } else {
                EXPECT_EQ(count, 1) << a.x << "," << a.y << " → " << b.x << "," << b.y;
                EXPECT_EQ(uses.count(segment(b, a)), 1u) << a.x << "," << a.y << " → " << b.x << "," << b.y << " has no twin";
            }
        }

        // Junctions are kept: every inner node is a vertex of the four pieces around it.
        for (int i = 1; i < g.n; ++i) {
            for (int j = 1; j < g.n; ++j) {
                const xy node{i * g.cell, j * g.cell};
                int holders = 0;
                for (const auto& u : out) {
                    const linear_ring& r = u.geometry[0].rings[0];
                    holders += std::find(r.begin(), r.end(), node) != r.end();
                }
                EXPECT_EQ(holders, 4) << "node " << i << "," << j;
            }
        }

        // No overlap: the pieces' areas add up to their union; no gap: the union is the square.
        double sum = 0;
        for (const auto& u : out) {
            EXPECT_TRUE(to_ogr(u.geometry)->IsValid()) << "piece " << u.id;
            sum += area(u.geometry);
        }
        const double square = g.side() * g.side();
        EXPECT_NEAR(sum, square, 1e-6 * square);
        EXPECT_NEAR(union_area(out), square, 1e-6 * square);
    }
}

TEST(Generalise, OrientationAndStartArePreservedAndRepeatedCallsAgree) {
    const jigsaw g;
    const coverage_generaliser gen = built_jigsaw(g);
    const auto first = gen.simplify(25);
    (void)gen.simplify(4000);
    const auto again = gen.simplify(25);
    ASSERT_EQ(first.size(), again.size());
    for (std::size_t u = 0; u < first.size(); ++u) {
        EXPECT_EQ(first[u].id, again[u].id);
        EXPECT_EQ(first[u].geometry[0].rings, again[u].geometry[0].rings);
        // Counter-clockwise in, counter-clockwise out, from the same lower-left node.
        EXPECT_GT(area(first[u].geometry), 0);
        const int i = static_cast<int>(first[u].id / 100), j = static_cast<int>(first[u].id % 100);
        EXPECT_EQ(first[u].geometry[0].rings[0].front(), (xy{i * g.cell, j * g.cell}));
    }
}

TEST(Generalise, ZeroToleranceReturnsTheInput) {
    const jigsaw g;
    const coverage_generaliser gen = built_jigsaw(g, 0);  // no snapping: bit-exact coordinates
    const auto out = gen.simplify(0);
    ASSERT_EQ(out.size(), 16u);
    for (const auto& u : out) {
        const int i = static_cast<int>(u.id / 100), j = static_cast<int>(u.id % 100);
        EXPECT_EQ(u.geometry[0].rings, g.piece(i, j)[0].rings) << "piece " << u.id;
    }

    // Snapping to the default grid leaves coordinates already on it alone; holes and clockwise
    // rings come back as they went in.
    coverage_generaliser snapped;
    const multipolygon clockwise_with_hole{polygon{{{{0, 0}, {0, 10}, {10, 10}, {10, 0}, {0, 0}}, {{2, 2}, {4, 2}, {4, 4}, {2, 4}, {2, 2}}}}};
    snapped.add(7, clockwise_with_hole);
    snapped.build();
    const auto back = snapped.simplify(0);
    ASSERT_EQ(back.size(), 1u);
    EXPECT_EQ(back[0].id, 7);
    EXPECT_EQ(back[0].geometry[0].rings, clockwise_with_hole[0].rings);
}

// A wiggly circle of `n` vertices, counter-clockwise, closed.
linear_ring blob(xy centre, double radius, int n) {
    linear_ring r;
    for (int k = 0; k < n; ++k) {
        const double a = 2 * pi * k / n;
        const double rr = radius * (1 + 0.15 * std::sin(5 * a) + 0.01 * std::sin(97 * a));
        r.push_back({centre.x + rr * std::cos(a), centre.y + rr * std::sin(a)});
    }
    r.push_back(r.front());
    return r;
}

TEST(Generalise, AnEnclaveAndTheHoleAroundItShareOneArc) {
    if (!OGRGeometryFactory::haveGEOS()) GTEST_SKIP() << "GDAL without GEOS";
    const linear_ring island = blob({5000, 5000}, 2000, 3000);
    const linear_ring hole(island.rbegin(), island.rend());  // holes run clockwise
    const linear_ring frame{{0, 0}, {10000, 0}, {10000, 10000}, {0, 10000}, {0, 0}};
    coverage_generaliser gen;
    gen.add(1, {polygon{{frame, hole}}});
    gen.add(2, {polygon{{island}}});
    gen.build();
    EXPECT_EQ(gen.nodes(), 0u);
    EXPECT_EQ(gen.arcs(), 2u);  // the frame and the shared circle

    for (double tolerance : {1.0, 30.0, 300.0}) {
        SCOPED_TRACE(tolerance);
        const auto out = gen.simplify(tolerance);
        ASSERT_EQ(out.size(), 2u);
        ASSERT_EQ(out[0].geometry[0].rings.size(), 2u);
        const linear_ring& h = out[0].geometry[0].rings[1];
        const linear_ring& e = out[1].geometry[0].rings[0];
        EXPECT_LT(e.size(), tolerance < 10 ? island.size() : island.size() / 4);
        // The same closed ring, read in opposite directions (both start at their input start if kept).
        std::set<std::pair<double, double>> distinct;
        for (const xy& p : h) distinct.emplace(p.x, p.y);
        EXPECT_EQ(distinct.size(), h.size() - 1);
        std::vector<xy> h_ccw(h.rbegin(), h.rend());
        h_ccw.pop_back();
        std::vector<xy> e_open(e.begin(), e.end() - 1);
        const auto at = std::find(h_ccw.begin(), h_ccw.end(), e_open.front());
        ASSERT_NE(at, h_ccw.end());
        std::rotate(h_ccw.begin(), at, h_ccw.end());
        EXPECT_EQ(h_ccw, e_open);
        EXPECT_NEAR(area(out[0].geometry) + area(out[1].geometry), 1e8, 1e-4);
        EXPECT_NEAR(union_area(out), 1e8, 1e-3);
    }
}

TEST(Generalise, SmallRingsAreDroppedAndEmptyUnitsOmitted) {
    coverage_generaliser gen;
    const linear_ring big{{0, 0}, {100, 0}, {100, 100}, {0, 100}, {0, 0}};
    const linear_ring islet{{200, 200}, {202, 200}, {202, 202}, {200, 202}, {200, 200}};  // 4 m²
    const linear_ring pond{{10, 10}, {10, 12}, {12, 12}, {12, 10}, {10, 10}};          // a 4 m² hole
    gen.add(1, {polygon{{big, pond}}, polygon{{islet}}});
    gen.add(2, {polygon{{{{300, 300}, {301, 300}, {301, 301}, {300, 300}}}}});  // 0.5 m² only
    gen.add(3, {polygon{{blob({1000, 1000}, 50, 400)}}});
    gen.build();

    const auto all = gen.simplify(0.5, 0);
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all[0].geometry.size(), 2u);
    EXPECT_EQ(all[0].geometry[0].rings.size(), 2u);

    const auto big_only = gen.simplify(0.5, 10);
    ASSERT_EQ(big_only.size(), 2u);  // unit 2 vanished entirely
    EXPECT_EQ(big_only[0].id, 1);
    ASSERT_EQ(big_only[0].geometry.size(), 1u);
    const std::vector<linear_ring> big_alone{big};
    EXPECT_EQ(big_only[0].geometry[0].rings, big_alone);
    EXPECT_EQ(big_only[1].id, 3);

    // However coarse the tolerance, a closed ring keeps a triangle; only min_area removes it.
    const auto coarse = gen.simplify(1e6, 0);
    ASSERT_EQ(coarse.size(), 3u);
    EXPECT_EQ(coarse[2].geometry[0].rings[0].size(), 4u);
    EXPECT_GT(area(coarse[2].geometry), 0);
}

TEST(Generalise, MisuseIsReported) {
    coverage_generaliser gen;
    EXPECT_THROW(gen.simplify(1), error);
    EXPECT_THROW(gen.add(1, {polygon{{{{0, 0}, {NAN, 1}, {1, 1}, {0, 0}}}}}), input_error);
    gen.build();
    EXPECT_THROW(gen.add(2, {}), error);
}

}  // namespace
}  // namespace covermap::geo
