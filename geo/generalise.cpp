#include "geo/generalise.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <unordered_map>
#include <utility>

#include "core/error.hpp"
#include "geo/distinct_keys.hpp"

namespace covermap::geo {
namespace {

constexpr double always = std::numeric_limits<double>::infinity();  // the rank of a vertex no tolerance removes
constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();

bool less_xy(const xy& a, const xy& b) { return a.x < b.x || (a.x == b.x && a.y < b.y); }

// Twice the signed area (positive counter-clockwise) of an unclosed ring; relative to its first
// vertex, because Web Mercator coordinates are large and the terms would cancel badly.
double twice_area(const xy* p, std::size_t n) {
    double sum = 0;
    for (std::size_t i = 0, j = n - 1; i < n; j = i++) sum += (p[j].x - p[i].x) * (p[j].y + p[i].y - 2 * p[0].y);
    return sum;
}

// Squared distance from p to the segment a–b (to a when the segment is a point, as for a closed arc).
double distance2_to_segment(const xy& p, const xy& a, const xy& b) {
    const double dx = b.x - a.x, dy = b.y - a.y;
    double t = 0;
    const double length2 = dx * dx + dy * dy;
    if (length2 > 0) t = std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / length2, 0.0, 1.0);
    const double ex = a.x + t * dx - p.x, ey = a.y + t * dy - p.y;
    return ex * ex + ey * ey;
}

// The interior vertex of (lo, hi) farthest from the segment between them, and its squared distance;
// {hi, -1} when there is none.
std::pair<std::size_t, double> farthest(const xy* p, std::size_t lo, std::size_t hi) {
    std::pair<std::size_t, double> best{hi, -1.0};
    for (std::size_t k = lo + 1; k < hi; ++k) {
        const double d = distance2_to_segment(p[k], p[lo], p[hi]);
        if (d > best.second) best = {k, d};
    }
    return best;
}

// Points by their exact coordinates.
struct point_hash {
    std::uint64_t operator()(const xy& p) const {
        std::uint64_t x, y;
        std::memcpy(&x, &p.x, sizeof x);
        std::memcpy(&y, &p.y, sizeof y);
        std::uint64_t h = x ^ (y * 0x9e3779b97f4a7c15ull + 0x632be59bd9b4e019ull);
        // The splitmix64 finaliser: neighbouring coordinates differ only in low mantissa bits.
        h ^= h >> 30;
        h *= 0xbf58476d1ce4e5b9ull;
        h ^= h >> 27;
        h *= 0x94d049bb133111ebull;
        return h ^ (h >> 31);
    }
};

std::uint64_t pair_key(std::uint32_t a, std::uint32_t b) { return static_cast<std::uint64_t>(a) << 32 | b; }

}  // namespace

coverage_generaliser::coverage_generaliser(double snap_grid)
    : snap_grid_(snap_grid), snap_scale_(snap_grid > 0 ? 1 / snap_grid : 0) {}

double coverage_generaliser::snap(double v) const {
    // Dividing by the (usually integral) scale rather than multiplying by the grid returns the
    // double nearest to k·grid, so coordinates already on the grid come back unchanged.
    if (snap_grid_ > 0) v = std::round(v * snap_scale_) / snap_scale_;
    return v == 0 ? 0.0 : v;  // -0 and +0 must hash alike
}

void coverage_generaliser::add(long long id, const multipolygon& geometry) {
    if (built_) throw error("generaliser: add() after build()");
    const auto unit = static_cast<std::uint32_t>(unit_ids_.size());
    unit_ids_.push_back(id);
    for (const polygon& part : geometry) {
        bool first_ring = true;
        for (const linear_ring& ring : part.rings) {
            const std::size_t first = points_.size();
            for (const xy& p : ring) {
                if (!std::isfinite(p.x) || !std::isfinite(p.y)) throw data_error("generaliser: unit " + std::to_string(id) + " has a non-finite coordinate");
                const xy q{snap(p.x), snap(p.y)};
                if (points_.size() == first || points_.back() != q) points_.push_back(q);
            }
            input_vertices_ += ring.size();
            // Unclosed from here on; the first point may also repeat further back after snapping.
            while (points_.size() > first + 1 && points_.back() == points_[first]) points_.pop_back();
            const std::size_t n = points_.size() - first;
            if (n < 3) {
                points_.resize(first);
                // An exterior too small to be a ring: its holes cannot stand on their own.
                if (first_ring) break;
                continue;
            }
            ring_record r;
            r.first = first;
            r.size = static_cast<std::uint32_t>(n);
            r.unit = unit;
            r.exterior = first_ring;
            r.area = twice_area(points_.data() + first, n) / 2;
            rings_.push_back(r);
            first_ring = false;
        }
    }
}

void coverage_generaliser::build() {
    if (built_) throw error("generaliser: build() called twice");
    built_ = true;

    // 1. Every vertex as a distinct-point id.
    distinct_keys<xy, point_hash> index(points_.size());
    std::vector<std::uint32_t> vid(points_.size());
    index.ids(points_.data(), points_.size(), vid.data());
    distinct_vertices_ = index.size();

    // 2. Nodes: a point is a node as soon as two of its occurrences disagree on their pair of
    // neighbouring vertices (then some ring's incoming or outgoing segment is not shared by all).
    std::vector<std::uint64_t> neighbours(index.size(), std::numeric_limits<std::uint64_t>::max());
    std::vector<unsigned char> node(index.size(), 0);
    for (const ring_record& r : rings_) {
        const std::uint32_t* v = vid.data() + r.first;
        for (std::size_t i = 0; i < r.size; ++i) {
            const std::uint32_t prev = v[(i + r.size - 1) % r.size], next = v[(i + 1) % r.size];
            const std::uint64_t key = pair_key(std::min(prev, next), std::max(prev, next));
            std::uint64_t& seen = neighbours[v[i]];
            if (seen == std::numeric_limits<std::uint64_t>::max()) {
                seen = key;
            } else if (seen != key) {
                node[v[i]] = 1;
            }
        }
    }
    neighbours = {};
    nodes_ = static_cast<std::size_t>(std::count(node.begin(), node.end(), 1));

    // 3. Cut rings into arcs. Between nodes the path is forced (an interior vertex has one pair of
    // neighbours), so an arc is identified by its first directed segment: a new arc registers its
    // first segment for itself and its last segment, reversed, for its reverse.
    std::unordered_map<std::uint64_t, std::int32_t> arc_by_start;
    arc_by_start.reserve(2 * nodes_ + rings_.size());
    // Address space only (pages are touched as arcs are placed): usually enough for every arc vertex.
    arc_points_.reserve(points_.size() + rings_.size());
    arc_begin_.push_back(0);
    std::vector<std::int32_t> ring_arcs;
    std::vector<std::uint32_t> path;  // the point ids of the arc being placed
    auto place_arc = [&](std::uint64_t reverse_key) -> std::int32_t {
        const std::uint64_t key = pair_key(path[0], path[1]);
        if (const auto found = arc_by_start.find(key); found != arc_by_start.end()) return found->second;
        const auto arc = static_cast<std::int32_t>(arc_begin_.size() - 1);
        for (const std::uint32_t p : path) arc_points_.push_back(index[p]);
        arc_begin_.push_back(arc_points_.size());
        arc_by_start.emplace(key, arc);
        if (reverse_key != key) arc_by_start.emplace(reverse_key, ~arc);
        return arc;
    };
    for (ring_record& r : rings_) {
        const std::uint32_t* v = vid.data() + r.first;
        const std::size_t n = r.size;
        std::size_t start = n;
        for (std::size_t i = 0; i < n && start == n; ++i) {
            if (node[v[i]]) start = i;
        }
        const std::size_t arcs_first = ring_arcs_.size();
        if (start < n) {
            // From node to node around the ring, the last arc closing back on the first node.
            path.assign(1, v[start]);
            for (std::size_t step = 1; step <= n; ++step) {
                const std::uint32_t p = v[(start + step) % n];
                path.push_back(p);
                if (node[p]) {
                    ring_arcs_.push_back(place_arc(pair_key(path.back(), path[path.size() - 2])));
                    path.assign(1, p);
                }
            }
        } else {
            // One closed arc from the smallest vertex, in the direction of its smaller neighbour.
            start = 0;
            for (std::size_t i = 1; i < n; ++i) {
                if (less_xy(index[v[i]], index[v[start]])) start = i;
            }
            const bool forwards = less_xy(index[v[(start + 1) % n]], index[v[(start + n - 1) % n]]);
            path.clear();
            for (std::size_t step = 0; step <= n; ++step) path.push_back(v[forwards ? (start + step) % n : (start + n - step) % n]);
            const std::int32_t arc = place_arc(pair_key(path[0], path[1]));
            // Reading a backwards arc in reverse again starts at the same vertex, in input order.
            ring_arcs_.push_back(forwards ? arc : ~arc);
        }
        r.restart = static_cast<std::uint32_t>((n - start) % n);
        r.first = arcs_first;
        r.size = static_cast<std::uint32_t>(ring_arcs_.size() - arcs_first);
    }
    points_ = {};

    // 4. Rank every arc vertex once; simplify() then only compares ranks with its tolerance.
    rank_.assign(arc_points_.size(), 0.0);
    std::vector<std::pair<std::size_t, std::size_t>> stack;
    for (std::size_t a = 0; a + 1 < arc_begin_.size(); ++a) rank_arc(arc_begin_[a], arc_begin_[a + 1], stack);
}

// Douglas–Peucker keeps a vertex at tolerance t when it lies farther than t from the chord of its
// span and every span enclosing it was split too; so its rank is its own distance capped by the
// rank of the vertex that split the enclosing span, and "rank > t²" reproduces the algorithm for
// every t at once. Iterative, because an arc can have a hundred thousand vertices.
void coverage_generaliser::rank_arc(std::size_t begin, std::size_t end, std::vector<std::pair<std::size_t, std::size_t>>& stack) {
    const xy* p = arc_points_.data() + begin;
    double* rank = rank_.data() + begin;
    const std::size_t last = end - begin - 1;
    rank[0] = rank[last] = always;
    stack.clear();
    if (p[0] == p[last]) {
        // A closed arc (an island ring, or a loop from a node back to itself): its chord is a point,
        // so the first split is the vertex farthest from it; the second split, on the side whose
        // farthest vertex is farther, is kept too, so the ring never falls below a triangle.
        const std::size_t middle = farthest(p, 0, last).first;
        if (middle == last) return;
        rank[middle] = always;
        const auto left = farthest(p, 0, middle), right = farthest(p, middle, last);
        const bool left_wider = left.second >= right.second;
        const std::size_t third = left_wider ? left.first : right.first;
        if (left_wider ? left.first != middle : right.first != last) {
            rank[third] = always;
            if (left_wider) {
                stack.emplace_back(0, third);
                stack.emplace_back(third, middle);
                stack.emplace_back(middle, last);
            } else {
                stack.emplace_back(0, middle);
                stack.emplace_back(middle, third);
                stack.emplace_back(third, last);
            }
        }
    } else {
        stack.emplace_back(0, last);
    }
    while (!stack.empty()) {
        const auto [lo, hi] = stack.back();
        stack.pop_back();
        const auto [k, distance2] = farthest(p, lo, hi);
        if (k == hi) continue;
        rank[k] = std::min(distance2, std::min(rank[lo], rank[hi]));
        stack.emplace_back(lo, k);
        stack.emplace_back(k, hi);
    }
}

std::vector<generalised_unit> coverage_generaliser::simplify(double tolerance, double min_area) const {
    if (!built_) throw error("generaliser: simplify() before build()");
    const double tolerance2 = tolerance * tolerance;
    const bool keep_all = !(tolerance > 0);
    std::vector<generalised_unit> out;
    linear_ring ring;
    std::uint32_t unit = none;
    bool unit_listed = false;  // whether `unit` has an entry in `out` yet
    bool part_open = false;    // whether its last polygon kept its exterior, so takes holes
    for (const ring_record& rec : rings_) {
        if (rec.unit != unit) {
            unit = rec.unit;
            unit_listed = part_open = false;
        }
        if (!rec.exterior && !part_open) continue;  // its exterior was dropped

        // Walk the ring's arcs, leaving out each arc's last vertex (the next arc's first), and
        // note where the input's first vertex (or the next kept one) lands so it can start there.
        ring.clear();
        std::size_t position = 0, restart_at = 0;
        bool restart_found = false;
        for (std::size_t i = rec.first; i < rec.first + rec.size; ++i) {
            const std::int32_t ref = ring_arcs_[i];
            const bool backwards = ref < 0;
            const std::size_t arc = static_cast<std::size_t>(backwards ? ~ref : ref);
            const std::size_t b = arc_begin_[arc], e = arc_begin_[arc + 1];
            for (std::size_t j = 0; j + 1 < e - b; ++j, ++position) {
                const std::size_t k = backwards ? e - 1 - j : b + j;
                if (!keep_all && !(rank_[k] > tolerance2)) continue;
                if (!restart_found && position >= rec.restart) {
                    restart_found = true;
                    restart_at = ring.size();
                }
                ring.push_back(arc_points_[k]);
            }
        }
        if (restart_found) std::rotate(ring.begin(), ring.begin() + static_cast<std::ptrdiff_t>(restart_at), ring.end());

        const double area = ring.size() >= 3 ? twice_area(ring.data(), ring.size()) / 2 : 0;
        const bool kept = ring.size() >= 3 && std::abs(area) >= min_area && area != 0 && (area > 0) == (rec.area > 0);
        if (rec.exterior) part_open = kept;
        if (!kept) continue;
        ring.push_back(ring.front());
        if (!unit_listed) {
            out.push_back({unit_ids_[unit], {}});
            unit_listed = true;
        }
        if (rec.exterior) out.back().geometry.emplace_back();
        out.back().geometry.back().rings.push_back(ring);
    }
    return out;
}

}  // namespace covermap::geo
