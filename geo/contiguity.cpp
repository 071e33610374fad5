#include "geo/contiguity.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include "geo/distinct_keys.hpp"
#include "geo/wkb.hpp"

namespace covermap::geo {

bool contiguity_builder::add_hex_wkb(long long unit, std::string_view hex) {
    const auto bytes = hex_decode(hex);
    return add_wkb(unit, bytes.data(), bytes.size());
}

bool contiguity_builder::add_wkb(long long unit, const unsigned char* wkb, std::size_t size) {
    const wkb_type type = read_wkb_type(wkb, size);
    if (type != wkb_type::polygon && type != wkb_type::multi_polygon) return false;
    add(unit, read_wkb_multipolygon(wkb, size));
    return true;
}

void contiguity_builder::add(long long unit, const multipolygon& geometry) {
    for (const polygon& part : geometry) {
        for (const linear_ring& ring : part.rings) {
            for (const xy& p : ring) vertices_.push_back({p.x, p.y, unit});
        }
    }
}

namespace {

// Sorts the vertices by x. Large inputs are first spread over about one bucket per 256 vertices
// by a monotone function of x (so the buckets come in order), and each bucket is sorted on its
// own, in cache: a national layer has millions of vertices, and one big sort was the importer's
// longest wait.
template <typename Vertex>
void sort_by_x(std::vector<Vertex>& vertices) {
    const auto by_x = [](const Vertex& a, const Vertex& b) { return a.x < b.x; };
    if (vertices.size() < (1u << 16)) {
        std::sort(vertices.begin(), vertices.end(), by_x);
        return;
    }
    double min_x = vertices[0].x, max_x = vertices[0].x;
    bool finite = true;
    for (const Vertex& v : vertices) {
        min_x = std::min(min_x, v.x);
        max_x = std::max(max_x, v.x);
        finite = finite && std::isfinite(v.x);
    }
    const std::size_t buckets = vertices.size() / 256;
    const double scale = static_cast<double>(buckets) / (max_x - min_x);
    if (!finite || !(scale > 0) || !std::isfinite(scale)) {
        std::sort(vertices.begin(), vertices.end(), by_x);
        return;
    }
    const auto bucket = [&](double x) { return std::min(static_cast<std::size_t>((x - min_x) * scale), buckets - 1); };
    std::vector<std::size_t> start(buckets + 1, 0);
    for (const Vertex& v : vertices) ++start[bucket(v.x) + 1];
    for (std::size_t b = 1; b <= buckets; ++b) start[b] += start[b - 1];
    std::vector<Vertex> spread(vertices.size());
    std::vector<std::size_t> next(start.begin(), start.end() - 1);
    for (const Vertex& v : vertices) spread[next[bucket(v.x)]++] = v;
    for (std::size_t b = 0; b < buckets; ++b) {
        std::sort(spread.begin() + static_cast<std::ptrdiff_t>(start[b]), spread.begin() + static_cast<std::ptrdiff_t>(start[b + 1]), by_x);
    }
    vertices.swap(spread);
}

// Neighbour pairs, as distinct_keys numbers them: a shared boundary yields its pair once per
// vertex, so millions of repeats of a few thousand pairs.
struct pair_hash {
    std::uint64_t operator()(const std::pair<long long, long long>& pair) const {
        std::uint64_t h = static_cast<std::uint64_t>(pair.first) * 0x9e3779b97f4a7c15ull ^ static_cast<std::uint64_t>(pair.second);
        h ^= h >> 31;
        h *= 0xbf58476d1ce4e5b9ull;
        return h ^ (h >> 29);
    }
};

}  // namespace

std::vector<std::pair<long long, long long>> contiguity_builder::pairs() {
    sort_by_x(vertices_);
    distinct_keys<std::pair<long long, long long>, pair_hash> found;
    std::pair<long long, long long> last{0, 0};
    bool any = false;
    for (std::size_t i = 0; i < vertices_.size(); ++i) {
        const vertex& a = vertices_[i];
        for (std::size_t j = i + 1; j < vertices_.size() && vertices_[j].x - a.x <= snap_; ++j) {
            const vertex& b = vertices_[j];
            if (b.unit == a.unit || std::abs(b.y - a.y) > snap_) continue;
            const std::pair<long long, long long> pair{std::min(a.unit, b.unit), std::max(a.unit, b.unit)};
            // Runs of a shared boundary repeat the same pair: most repeats stop here.
            if (any && pair == last) continue;
            found.id(pair);
            last = pair;
            any = true;
        }
    }
    std::vector<std::pair<long long, long long>> out = found.take();
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace covermap::geo
