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

// The edges of the cleaned rings: edge k runs from points[k] to points[k + 1], for every k but a
// ring's last point. Kept in scratch buffers of the calling thread, because the importer asks for
// thousands of polygons in a row and fresh buffers would fault in fresh pages for each.
struct scratch {
    std::vector<xy> points;
    std::vector<ring_span> rings;
    std::vector<std::uint32_t> ring_of;     // per point: its ring
    std::vector<std::uint32_t> cell_start;  // per grid cell: where its edges begin in `in_cell`
    std::vector<std::uint32_t> in_cell;     // edge numbers k, grouped by cell
};

// True when no two points of the segments a–b and c–d can be the same.
bool apart(const xy& a, const xy& b, const xy& c, const xy& d) {
    const int s1 = side(a, b, c);
    if (s1 != 0 && s1 == side(a, b, d)) return true;
    const int s3 = side(c, d, a);
    return s3 != 0 && s3 == side(c, d, b);
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
    thread_local scratch buffers;
    std::vector<xy>& points = buffers.points;
    std::vector<ring_span>& rings = buffers.rings;
    points.clear();
    rings.clear();
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
    if (points.size() >= 0xffffffffu) return false;  // edge numbers are 32 bits: GEOS decides

    // No two edges meet, other than neighbours at their corner. A uniform grid over the bounds,
    // about one cell per edge: each edge is listed in every cell its bounding box reaches, and
    // only edges listed in one cell are compared. Two edges that meet share a point, and that
    // point's cell lies in both boxes' cell ranges (the cell of a coordinate is a monotone
    // function of it), so no meeting pair is missed; along a boundary each cell holds a few edges.
    box all = rings[0].bounds;
    std::size_t edge_count = 0;
    for (const ring_span& r : rings) {
        all.min_x = std::min(all.min_x, r.bounds.min_x);
        all.max_x = std::max(all.max_x, r.bounds.max_x);
        all.min_y = std::min(all.min_y, r.bounds.min_y);
        all.max_y = std::max(all.max_y, r.bounds.max_y);
        edge_count += r.edges;
    }
    const double width = all.max_x - all.min_x, height = all.max_y - all.min_y;
    if (!(width > 0) || !(height > 0) || !std::isfinite(width) || !std::isfinite(height)) return false;
    const double cell = std::sqrt(width * height / static_cast<double>(edge_count));
    const auto columns = static_cast<std::size_t>(std::clamp(std::ceil(width / cell), 1.0, 4096.0));
    const auto rows = static_cast<std::size_t>(std::clamp(std::ceil(height / cell), 1.0, 4096.0));
    const double to_column = static_cast<double>(columns) / width, to_row = static_cast<double>(rows) / height;
    if (!std::isfinite(to_column) || !std::isfinite(to_row)) return false;  // bounds too thin to grid
    const auto column_of = [&](double x) {
        return std::min(static_cast<std::size_t>((x - all.min_x) * to_column), columns - 1);
    };
    const auto row_of = [&](double y) { return std::min(static_cast<std::size_t>((y - all.min_y) * to_row), rows - 1); };
    // Long edges across many cells, and crowded cells, cost more than this many entries and pair
    // visits (with the point-in-ring tests below): GEOS decides then.
    std::size_t budget = 64 * edge_count + 10000;
    auto& ring_of = buffers.ring_of;
    auto& cell_start = buffers.cell_start;
    auto& in_cell = buffers.in_cell;
    ring_of.resize(points.size());
    cell_start.assign(columns * rows + 1, 0);
    std::size_t entries = 0;
    struct cell_range {
        std::size_t c0, c1, r0, r1;
        std::size_t cells() const { return (c1 - c0 + 1) * (r1 - r0 + 1); }
    };
    const auto cells_of = [&](std::size_t k) {
        const xy& a = points[k];
        const xy& b = points[k + 1];
        return cell_range{column_of(std::min(a.x, b.x)), column_of(std::max(a.x, b.x)), row_of(std::min(a.y, b.y)),
                          row_of(std::max(a.y, b.y))};
    };
    const auto for_each_cell = [&](const cell_range& range, auto&& visit) {
        for (std::size_t r = range.r0; r <= range.r1; ++r) {
            for (std::size_t c = range.c0; c <= range.c1; ++c) visit(r * columns + c);
        }
    };
    for (std::size_t r = 0; r < rings.size(); ++r) {
        const std::size_t first = rings[r].first, last = first + rings[r].edges;
        for (std::size_t k = first; k < last; ++k) {
            ring_of[k] = static_cast<std::uint32_t>(r);
            const cell_range range = cells_of(k);
            entries += range.cells();
            if (entries > budget) return false;
            for_each_cell(range, [&](std::size_t c) { ++cell_start[c + 1]; });
        }
    }
    budget -= entries;
    for (std::size_t c = 1; c < cell_start.size(); ++c) cell_start[c] += cell_start[c - 1];
    in_cell.resize(entries);
    for (std::size_t r = 0; r < rings.size(); ++r) {
        const std::size_t first = rings[r].first, last = first + rings[r].edges;
        for (std::size_t k = first; k < last; ++k) {
            for_each_cell(cells_of(k), [&](std::size_t c) { in_cell[cell_start[c]++] = static_cast<std::uint32_t>(k); });
        }
    }
    // Filling moved each start to the next cell's: cell c now ends at cell_start[c].
    for (std::size_t c = 0; c < columns * rows; ++c) {
        const std::size_t begin = c == 0 ? 0 : cell_start[c - 1], end = cell_start[c];
        for (std::size_t i = begin; i < end; ++i) {
            const std::uint32_t k = in_cell[i];
            const xy& a = points[k];
            const xy& b = points[k + 1];
            const ring_span& ring = rings[ring_of[k]];
            const std::size_t ring_last = ring.first + ring.edges - 1;  // the ring's last edge
            for (std::size_t j = i + 1; j < end; ++j) {
                const std::uint32_t l = in_cell[j];
                const xy& c1 = points[l];
                const xy& d = points[l + 1];
                if (std::max(c1.x, d.x) < std::min(a.x, b.x) || std::max(a.x, b.x) < std::min(c1.x, d.x) ||
                    std::max(c1.y, d.y) < std::min(a.y, b.y) || std::max(a.y, b.y) < std::min(c1.y, d.y)) {
                    continue;  // the boxes do not overlap
                }
                if (ring_of[l] == ring_of[k] &&
                    (k + 1 == l || l + 1 == k || (k == ring.first && l == ring_last) || (l == ring.first && k == ring_last))) {
                    continue;  // neighbours
                }
                if (budget-- == 0 || !apart(a, b, c1, d)) return false;
            }
        }
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
