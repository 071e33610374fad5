#include "tiles/mvt_clip.hpp"

#include <algorithm>
#include <limits>

namespace covermap::tiles {

geo::box exterior_bounds(const geo::polygon& part) {
    geo::box b{std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity(),
               -std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
    if (part.rings.empty()) return b;  // an inverted box: intersects nothing
    for (const geo::xy& p : part.rings.front()) {
        b.min_x = std::min(b.min_x, p.x);
        b.max_x = std::max(b.max_x, p.x);
        b.min_y = std::min(b.min_y, p.y);
        b.max_y = std::max(b.max_y, p.y);
    }
    return b;
}

std::vector<geo::box> part_bounds(const geo::multipolygon& mp) {
    std::vector<geo::box> boxes;
    boxes.reserve(mp.size());
    for (const geo::polygon& part : mp) boxes.push_back(exterior_bounds(part));
    return boxes;
}

void ring_clipper::snap() {
    // Collinear (and backtracking) vertices are dropped along with repeats: clipping leaves runs
    // of them on the buffered edges where a ring wandered outside, and they add bytes but no area.
    const auto collinear = [](const grid_point& a, const grid_point& b, const grid_point& c) {
        return static_cast<std::int64_t>(b.x - a.x) * (c.y - a.y) == static_cast<std::int64_t>(b.y - a.y) * (c.x - a.x);
    };
    const auto same = [](const grid_point& a, const grid_point& b) { return a.x == b.x && a.y == b.y; };

    snapped_.clear();
    for (const tile_point& p : ring_) {
        const grid_point q{snap_to_grid(p.x), snap_to_grid(p.y)};
        while (snapped_.size() >= 2 && collinear(snapped_[snapped_.size() - 2], snapped_.back(), q)) snapped_.pop_back();
        if (!snapped_.empty() && same(snapped_.back(), q)) continue;
        snapped_.push_back(q);
    }
    // The same across the seam between the last vertex and the first.
    std::size_t first = 0;
    while (snapped_.size() - first >= 3) {
        const std::size_t last = snapped_.size() - 1;
        if (same(snapped_[last], snapped_[first]) || collinear(snapped_[last - 1], snapped_[last], snapped_[first])) {
            snapped_.pop_back();
        } else if (collinear(snapped_[last], snapped_[first], snapped_[first + 1])) {
            ++first;
        } else {
            break;
        }
    }
    if (first > 0) snapped_.erase(snapped_.begin(), snapped_.begin() + static_cast<std::ptrdiff_t>(first));
}

}  // namespace covermap::tiles
