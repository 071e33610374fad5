#pragma once
// Clipping rings to a vector tile's buffered square and snapping them to its integer grid: what
// layer_builder (tiles/mvt.hpp) does to each ring before it encodes it as geometry commands.
//
// Rings are clipped one by one (Sutherland–Hodgman), so a ring leaving and re-entering the tile
// keeps a zero-width seam on the buffer edge where GEOS would split it; snapping drops repeated,
// collinear and backtracking vertices.
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <vector>

#include "geo/geometry.hpp"

namespace covermap::tiles {

// The EPSG:3857 bounding box of each part of a multipolygon, computed from its exterior ring. Stores
// that keep geometries in memory compute these once, so the encoder can skip a part lying outside the
// tile without reading any of its points.
std::vector<geo::box> part_bounds(const geo::multipolygon& mp);
// The same for one part (an inverted box, which intersects nothing, for a part without rings).
geo::box exterior_bounds(const geo::polygon& part);

// Tile coordinates (x right, y down) before snapping, and on the integer grid.
struct tile_point {
    double x, y;
};
struct grid_point {
    std::int32_t x, y;
};

// Round half away from zero. The clamp only guards the cast against a caller's wrong part box (a
// coordinate that far out cannot be in the tile anyway); it keeps cross products of grid points in int64.
inline std::int32_t snap_to_grid(double v) {
    constexpr double limit = 1 << 28;
    v = v < -limit ? -limit : (v > limit ? limit : v);
    return static_cast<std::int32_t>(v < 0 ? v - 0.5 : v + 0.5);
}

class ring_clipper {
public:
    // The edges of the buffered square, as bits: a part whose box reaches beyond an edge needs a
    // clipping pass against it, and only against it.
    enum edge : unsigned { west = 1, east = 2, north = 4, south = 8 };

    // The buffered square is [clip_min, clip_max] on both axes, in tile units.
    ring_clipper(double clip_min, double clip_max) : clip_min_(clip_min), clip_max_(clip_max) {}

    double clip_min() const { return clip_min_; }
    double clip_max() const { return clip_max_; }

    // Loads the open ring of n points read through point_at (tile units), clipped against the
    // edges in `crossed_edges` (none: loaded as is).
    template <typename PointAt>
    void load(PointAt point_at, std::size_t n, unsigned crossed_edges);

    // Snaps the loaded ring to the grid, without repeated, collinear or backtracking vertices; the
    // result (open, maybe fewer than 3 points) is snapped().
    void snap();
    std::vector<grid_point>& snapped() { return snapped_; }

private:
    template <typename PointAt>
    void clip(edge e, PointAt point_at, std::size_t n);
    template <edge Edge, typename PointAt>
    void clip_pass(PointAt point_at, std::size_t n);

    double clip_min_, clip_max_;
    // Scratch buffers reused across rings, so the hot path does not allocate.
    std::vector<tile_point> ring_;     // the ring in tile units, then clipped
    std::vector<tile_point> scratch_;  // the other half of the clipper's ping-pong
    std::vector<grid_point> snapped_;  // the ring on the integer grid, without the closing point
};

template <typename PointAt>
void ring_clipper::load(PointAt point_at, std::size_t n, unsigned crossed_edges) {
    if (crossed_edges == 0) {
        ring_.resize(n);
        for (std::size_t i = 0; i < n; ++i) ring_[i] = point_at(i);
        return;
    }
    // The first pass reads the source ring through point_at: for a large ring mostly outside the
    // tile, most points are then read once and never stored.
    bool first_pass = true;
    for (const edge e : {west, east, north, south}) {
        if (!(crossed_edges & e)) continue;
        if (first_pass) {
            clip(e, point_at, n);
            first_pass = false;
        } else if (!ring_.empty()) {
            clip(e, [this](std::size_t i) { return ring_[i]; }, ring_.size());
        }
    }
}

template <typename PointAt>
void ring_clipper::clip(edge e, PointAt point_at, std::size_t n) {
    switch (e) {
        case west: clip_pass<west>(point_at, n); break;
        case east: clip_pass<east>(point_at, n); break;
        case north: clip_pass<north>(point_at, n); break;
        case south: clip_pass<south>(point_at, n); break;
    }
}

// One Sutherland–Hodgman pass: keeps the part of the ring inside one edge of the buffered square,
// reading n points through point_at and leaving the result in ring_.
template <ring_clipper::edge Edge, typename PointAt>
void ring_clipper::clip_pass(PointAt point_at, std::size_t n) {
    constexpr bool vertical = Edge == west || Edge == east;  // the edge is a line x = bound
    const double bound = Edge == west || Edge == north ? clip_min_ : clip_max_;
    const auto coord = [](const tile_point& p) { return vertical ? p.x : p.y; };
    const auto kept = [bound, coord](const tile_point& p) {
        return Edge == west || Edge == north ? coord(p) >= bound : coord(p) <= bound;
    };
    // Where segment a→b crosses the edge; the crossing coordinate is set exactly, so the snapped
    // vertex lies on the buffered edge.
    const auto crossing = [bound, coord](const tile_point& a, const tile_point& b) {
        const double t = (bound - coord(a)) / (coord(b) - coord(a));
        return vertical ? tile_point{bound, a.y + t * (b.y - a.y)} : tile_point{a.x + t * (b.x - a.x), bound};
    };

    scratch_.clear();
    tile_point prev = point_at(n - 1);
    bool prev_kept = kept(prev);
    for (std::size_t i = 0; i < n;) {
        if (prev_kept) {
            const tile_point cur = point_at(i++);
            const bool cur_kept = kept(cur);
            scratch_.push_back(cur_kept ? cur : crossing(prev, cur));  // an exit leaves its crossing
            prev = cur;
            prev_kept = cur_kept;
            continue;
        }
        // Outside: skip ahead to the next point kept, testing one coordinate per point (the compiler
        // drops the other), so a long stretch outside costs about as much as reading it.
        std::size_t next = i;
        while (next < n && !kept(point_at(next))) ++next;
        if (next == n) break;
        if (next > i) prev = point_at(next - 1);
        const tile_point cur = point_at(next);
        scratch_.push_back(crossing(prev, cur));
        scratch_.push_back(cur);
        prev = cur;
        prev_kept = true;
        i = next + 1;
    }
    ring_.swap(scratch_);
}

}  // namespace covermap::tiles
