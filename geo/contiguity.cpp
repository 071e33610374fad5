#include "geo/contiguity.hpp"

#include <algorithm>
#include <cmath>

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

std::vector<std::pair<long long, long long>> contiguity_builder::pairs() {
    std::sort(vertices_.begin(), vertices_.end(), [](const vertex& a, const vertex& b) { return a.x < b.x; });
    std::vector<std::pair<long long, long long>> out;
    for (std::size_t i = 0; i < vertices_.size(); ++i) {
        const vertex& a = vertices_[i];
        for (std::size_t j = i + 1; j < vertices_.size() && vertices_[j].x - a.x <= snap_; ++j) {
            const vertex& b = vertices_[j];
            if (b.unit == a.unit || std::abs(b.y - a.y) > snap_) continue;
            const std::pair<long long, long long> pair{std::min(a.unit, b.unit), std::max(a.unit, b.unit)};
            // Runs of a shared boundary repeat the same pair: skip the repeats before the sort.
            if (out.empty() || out.back() != pair) out.push_back(pair);
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace covermap::geo
