#include "geo/validity.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace covermap::geo {
namespace {

// The side of c from the line a→b: +1 left, -1 right, 0 when it is on the line or so close that
// rounding could have decided the sign. The determinant is computed as in Shewchuk's orient2d,
// and its sign trusted beyond his first error bound, (3 + 16ε)ε times the terms' magnitudes.
int side(const xy& a, const xy& b, const xy& c) {
    const double left = (a.x - c.x) * (b.y - c.y);
    const double right = (a.y - c.y) * (b.x - c.x);
    const double det = left - right;
    const double bound = 3.3306690738754716e-16 * (std::fabs(left) + std::fabs(right));
    if (det > bound) return 1;
    if (det < -bound) return -1;
    return 0;
}

struct ring_span {
    std::size_t first = 0;  // into the cleaned points; the ring is closed: last == first point
    std::size_t edges = 0;
    std::size_t polygon = 0;
    bool hole = false;
    box bounds;
};

struct edge {
    xy a, b;
    double max_x, min_y, max_y;  // the western end is the sweep's key
    std::size_t ring, index;
};

// True when no two points of the segments can be the same.
bool apart(const edge& e, const edge& f) {
    const int s1 = side(e.a, e.b, f.a);
    if (s1 != 0 && s1 == side(e.a, e.b, f.b)) return true;
    const int s3 = side(f.a, f.b, e.a);
    return s3 != 0 && s3 == side(f.a, f.b, e.b);
}

// 1 inside, 0 outside, -1 too close to the boundary to say. Crossings of a ray towards +x,
// each edge counted half-open in y, so that a vertex at the ray's height counts once.
int inside(const xy& p, const std::vector<xy>& points, const ring_span& ring, std::size_t& budget) {
    if (p.x < ring.bounds.min_x || p.x > ring.bounds.max_x || p.y < ring.bounds.min_y || p.y > ring.bounds.max_y) {
        return 0;
    }
    if (budget < ring.edges) return -1;
    budget -= ring.edges;
    bool in = false;
    for (std::size_t i = 0; i < ring.edges; ++i) {
        const xy& a = points[ring.first + i];
        const xy& b = points[ring.first + i + 1];
        if ((a.y > p.y) == (b.y > p.y)) continue;
        const int s = side(a, b, p);
        if (s == 0) return -1;
        if ((b.y > a.y) == (s > 0)) in = !in;
    }
    return in ? 1 : 0;
}

bool within(const box& inner, const box& outer) {
    return inner.min_x >= outer.min_x && inner.max_x <= outer.max_x && inner.min_y >= outer.min_y &&
           inner.max_y <= outer.max_y;
}

}  // namespace

bool certainly_valid(const multipolygon& shape) {
    if (shape.empty()) return false;
    std::vector<xy> points;
    std::vector<ring_span> rings;
    for (std::size_t p = 0; p < shape.size(); ++p) {
        if (shape[p].rings.empty()) return false;
        for (std::size_t r = 0; r < shape[p].rings.size(); ++r) {
            const linear_ring& in = shape[p].rings[r];
            if (in.size() < 4 || in.front() != in.back()) return false;
            ring_span span;
            span.first = points.size();
            span.polygon = p;
            span.hole = r > 0;
            span.bounds = {in[0].x, in[0].y, in[0].x, in[0].y};
            for (const xy& v : in) {
                if (!std::isfinite(v.x) || !std::isfinite(v.y)) return false;
                if (points.size() > span.first && points.back() == v) continue;  // repeated point
                points.push_back(v);
                span.bounds.min_x = std::min(span.bounds.min_x, v.x);
                span.bounds.max_x = std::max(span.bounds.max_x, v.x);
                span.bounds.min_y = std::min(span.bounds.min_y, v.y);
                span.bounds.max_y = std::max(span.bounds.max_y, v.y);
            }
            span.edges = points.size() - span.first - 1;
            if (span.edges < 3) return false;
            // Every corner turns: no spike back along the ring, no straight (or undecidable) corner,
            // so neighbouring edges share their corner and nothing else.
            for (std::size_t i = 0; i < span.edges; ++i) {
                const xy& before = points[span.first + (i == 0 ? span.edges - 1 : i - 1)];
                if (side(before, points[span.first + i], points[span.first + i + 1]) == 0) return false;
            }
            rings.push_back(span);
        }
    }

    // No two edges meet, other than neighbours at their corner: a sweep over x, the edges in the
    // order of their western end, those still reaching the sweep line kept with their extent (so
    // that most pairs are dismissed without looking at the edges).
    std::vector<edge> edges;
    edges.reserve(points.size());
    std::vector<std::pair<double, std::uint32_t>> order;
    order.reserve(points.size());
    for (std::size_t r = 0; r < rings.size(); ++r) {
        for (std::size_t i = 0; i < rings[r].edges; ++i) {
            const xy& a = points[rings[r].first + i];
            const xy& b = points[rings[r].first + i + 1];
            order.emplace_back(std::min(a.x, b.x), static_cast<std::uint32_t>(edges.size()));
            edges.push_back({a, b, std::max(a.x, b.x), std::min(a.y, b.y), std::max(a.y, b.y), r, i});
        }
    }
    std::sort(order.begin(), order.end(), [](const auto& l, const auto& r) { return l.first < r.first; });
    // Long edges along the sweep keep many others active, and many holes make many point-in-ring
    // tests: past this many edge visits GEOS decides.
    std::size_t budget = 64 * edges.size() + 10000;
    struct reach {
        double max_x, min_y, max_y;
        const edge* e;
    };
    std::vector<reach> active;
    for (const auto& [min_x, index] : order) {
        const edge& e = edges[index];
        std::size_t kept = 0;
        for (const reach& f : active) {
            if (f.max_x < min_x) continue;  // behind the sweep for good
            active[kept++] = f;
            if (f.max_y < e.min_y || e.max_y < f.min_y) continue;
            if (f.e->ring == e.ring) {
                const std::size_t last = rings[e.ring].edges - 1, i = e.index, j = f.e->index;
                if (i + 1 == j || j + 1 == i || (i == 0 && j == last) || (j == 0 && i == last)) continue;  // neighbours
            }
            if (budget-- == 0 || !apart(e, *f.e)) return false;
        }
        active.resize(kept);
        active.push_back({e.max_x, e.min_y, e.max_y, &e});
    }

    // Nothing meets, so one corner tells on which side of another ring a whole ring lies. Holes of
    // other parts need no test: a ring inside one would put a shell inside another part's shell.
    for (std::size_t r = 0; r < rings.size(); ++r) {
        const xy& corner = points[rings[r].first];
        for (std::size_t o = 0; o < rings.size(); ++o) {
            if (o == r) continue;
            if (budget-- == 0) return false;  // thousands of rings (islands): GEOS indexes them
            const bool same_polygon = rings[r].polygon == rings[o].polygon;
            if (rings[r].hole && !rings[o].hole && same_polygon) {
                if (inside(corner, points, rings[o], budget) != 1) return false;  // a hole outside its shell
            } else if (rings[r].hole == rings[o].hole && same_polygon == rings[r].hole &&
                       within(rings[r].bounds, rings[o].bounds)) {
                // A hole inside another hole, or a shell inside another part's shell (perhaps
                // in a hole of it, which is valid, but then GEOS decides).
                if (inside(corner, points, rings[o], budget) != 0) return false;
            }
        }
    }
    return true;
}

}  // namespace covermap::geo
