#include "stats/point_neighbours.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <queue>
#include <string>
#include <utility>

#include "core/error.hpp"

namespace covermap::stats {
namespace {

constexpr double pi = 3.14159265358979323846;
constexpr double equatorial_km = 6378.137;
constexpr double flattening = 1 / 298.257223563;
// Ellipsoidal distance / (equatorial radius · central angle) lies within about [0.993, 1.0034]:
// searching the unit sphere 2 % beyond a distance finds every point the ellipsoid puts within it.
constexpr double search_margin = 1.02;

using vec3 = std::array<double, 3>;

vec3 unit_vector(const lon_lat& p) {
    const double lon = p.lon * pi / 180, lat = p.lat * pi / 180;
    return {std::cos(lat) * std::cos(lon), std::cos(lat) * std::sin(lon), std::sin(lat)};
}

double chord2(const vec3& a, const vec3& b) {
    const double dx = a[0] - b[0], dy = a[1] - b[1], dz = a[2] - b[2];
    return dx * dx + dy * dy + dz * dz;
}

// The squared chord of the unit sphere for a distance of `km` along the equatorial sphere, widened.
double search_chord2(double km) {
    const double angle = std::min(pi, km / equatorial_km * search_margin);
    const double chord = 2 * std::sin(angle / 2);
    return chord * chord;
}

// A static k-d tree over unit vectors: nodes are the points reordered, each subtree a contiguous
// range split at its median on the axis of its widest extent.
class kd_tree {
public:
    explicit kd_tree(const std::vector<vec3>& p) : p_(p), order_(p.size()), axis_(p.size()) {
        for (std::size_t i = 0; i < order_.size(); ++i) order_[i] = static_cast<int>(i);
        build(0, order_.size());
    }

    // Indices of the m nearest points to q by chord (ties by index), in no particular order.
    std::vector<int> nearest(const vec3& q, std::size_t m) const {
        std::priority_queue<std::pair<double, int>> best;  // the worst on top
        nearest(q, m, 0, order_.size(), best);
        std::vector<int> out;
        while (!best.empty()) {
            out.push_back(best.top().second);
            best.pop();
        }
        return out;
    }

    // Indices of the points within squared chord r2 of q.
    void within(const vec3& q, double r2, std::vector<int>& out) const { within(q, r2, 0, order_.size(), out); }

private:
    void build(std::size_t begin, std::size_t end) {
        if (end - begin <= 1) return;
        vec3 lo{2, 2, 2}, hi{-2, -2, -2};
        for (auto i = begin; i < end; ++i)
            for (int a = 0; a < 3; ++a) {
                lo[a] = std::min(lo[a], p_[order_[i]][a]);
                hi[a] = std::max(hi[a], p_[order_[i]][a]);
            }
        int axis = 0;
        for (int a = 1; a < 3; ++a)
            if (hi[a] - lo[a] > hi[axis] - lo[axis]) axis = a;
        const auto mid = begin + (end - begin) / 2;
        std::nth_element(order_.begin() + static_cast<std::ptrdiff_t>(begin), order_.begin() + static_cast<std::ptrdiff_t>(mid),
                         order_.begin() + static_cast<std::ptrdiff_t>(end),
                         [&](int a, int b) { return p_[a][axis] < p_[b][axis]; });
        axis_[mid] = axis;
        build(begin, mid);
        build(mid + 1, end);
    }

    void nearest(const vec3& q, std::size_t m, std::size_t begin, std::size_t end,
                 std::priority_queue<std::pair<double, int>>& best) const {
        if (begin >= end) return;
        const auto mid = begin + (end - begin) / 2;
        const int i = order_[mid];
        const std::pair<double, int> candidate{chord2(q, p_[i]), i};
        if (best.size() < m) best.push(candidate);
        else if (candidate < best.top()) {
            best.pop();
            best.push(candidate);
        }
        if (end - begin == 1) return;
        const int axis = axis_[mid];
        const double d = q[axis] - p_[i][axis];
        const bool left_first = d < 0;
        nearest(q, m, left_first ? begin : mid + 1, left_first ? mid : end, best);
        if (best.size() < m || d * d <= best.top().first)
            nearest(q, m, left_first ? mid + 1 : begin, left_first ? end : mid, best);
    }

    void within(const vec3& q, double r2, std::size_t begin, std::size_t end, std::vector<int>& out) const {
        if (begin >= end) return;
        const auto mid = begin + (end - begin) / 2;
        const int i = order_[mid];
        if (chord2(q, p_[i]) <= r2) out.push_back(i);
        if (end - begin == 1) return;
        const double d = q[axis_[mid]] - p_[i][axis_[mid]];
        if (d <= 0 || d * d <= r2) within(q, r2, begin, mid, out);
        if (d >= 0 || d * d <= r2) within(q, r2, mid + 1, end, out);
    }

    const std::vector<vec3>& p_;
    std::vector<int> order_;
    std::vector<int> axis_;  // the split axis of the node at each position
};

std::vector<vec3> unit_vectors(const std::vector<lon_lat>& points) {
    std::vector<vec3> v;
    v.reserve(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
        const auto& p = points[i];
        if (!std::isfinite(p.lon) || !std::isfinite(p.lat) || std::fabs(p.lat) > 90 || std::fabs(p.lon) > 360)
            throw input_error("point " + std::to_string(i) + " is not a longitude/latitude in degrees");
        v.push_back(unit_vector(p));
    }
    return v;
}

}  // namespace

double ellipsoid_distance_km(const lon_lat& a, const lon_lat& b) {
    if (a.lon == b.lon && a.lat == b.lat) return 0.0;
    const double rad = pi / 180;
    const double f = (a.lat + b.lat) / 2 * rad, g = (a.lat - b.lat) / 2 * rad, l = (a.lon - b.lon) / 2 * rad;
    const double sin_g2 = std::pow(std::sin(g), 2), cos_g2 = std::pow(std::cos(g), 2);
    const double sin_f2 = std::pow(std::sin(f), 2), cos_f2 = std::pow(std::cos(f), 2);
    const double sin_l2 = std::pow(std::sin(l), 2), cos_l2 = std::pow(std::cos(l), 2);
    const double s = sin_g2 * cos_l2 + cos_f2 * sin_l2;
    const double c = cos_g2 * cos_l2 + sin_f2 * sin_l2;
    const double omega = std::atan(std::sqrt(s / c));
    const double r = std::sqrt(s * c) / omega;
    const double d = 2 * omega * equatorial_km;
    const double h1 = (3 * r - 1) / (2 * c), h2 = (3 * r + 1) / (2 * s);
    return d * (1 + flattening * h1 * sin_f2 * cos_g2 - flattening * h2 * cos_f2 * sin_g2);
}

neighbour_lists k_nearest_neighbours(const std::vector<lon_lat>& points, int k) {
    const auto n = points.size();
    if (k < 1 || static_cast<std::size_t>(k) >= n)
        throw input_error("k must be at least 1 and below the number of points (" + std::to_string(n) + "), got " +
                           std::to_string(k));
    const auto v = unit_vectors(points);
    const kd_tree tree(v);
    neighbour_lists out(n);
    std::vector<std::pair<double, int>> ranked;
    std::vector<int> candidates;
    for (std::size_t i = 0; i < n; ++i) {
        // The k + 1 nearest on the sphere (i among them) bound the k-th ellipsoidal distance; every
        // point the ellipsoid may put nearer lies within that bound on the sphere, widened.
        double bound = 0;
        for (int j : tree.nearest(v[i], static_cast<std::size_t>(k) + 1))
            if (static_cast<std::size_t>(j) != i) bound = std::max(bound, ellipsoid_distance_km(points[i], points[j]));
        ranked.clear();
        for (double widen = 1; ranked.size() < static_cast<std::size_t>(k); widen *= 2) {  // once, unless rounding bites
            candidates.clear();
            tree.within(v[i], search_chord2(bound * widen + 1e-9 * (widen - 1)), candidates);
            ranked.clear();
            for (int j : candidates)
                if (static_cast<std::size_t>(j) != i) ranked.emplace_back(ellipsoid_distance_km(points[i], points[j]), j);
        }
        std::partial_sort(ranked.begin(), ranked.begin() + k, ranked.end());
        for (int t = 0; t < k; ++t) out[i].push_back(ranked[static_cast<std::size_t>(t)].second);
    }
    return out;
}

neighbour_lists distance_band_neighbours(const std::vector<lon_lat>& points, double max_km) {
    if (!(max_km > 0) || !std::isfinite(max_km))
        throw input_error("the distance band must be a positive number of km (got " + std::to_string(max_km) + ")");
    const auto v = unit_vectors(points);
    const kd_tree tree(v);
    const double r2 = search_chord2(max_km);
    neighbour_lists out(points.size());
    std::vector<int> candidates;
    for (std::size_t i = 0; i < points.size(); ++i) {
        candidates.clear();
        tree.within(v[i], r2, candidates);
        for (int j : candidates)
            if (static_cast<std::size_t>(j) != i && ellipsoid_distance_km(points[i], points[j]) <= max_km) out[i].push_back(j);
        std::sort(out[i].begin(), out[i].end());
    }
    return out;
}

neighbour_lists symmetrised(const neighbour_lists& neighbours) {
    neighbour_lists out = neighbours;
    for (std::size_t i = 0; i < neighbours.size(); ++i)
        for (int j : neighbours[i]) out[static_cast<std::size_t>(j)].push_back(static_cast<int>(i));
    for (auto& row : out) {
        std::sort(row.begin(), row.end());
        row.erase(std::unique(row.begin(), row.end()), row.end());
    }
    return out;
}

}  // namespace covermap::stats
