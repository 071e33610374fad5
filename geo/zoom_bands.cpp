#include "geo/zoom_bands.hpp"

namespace covermap::geo {

const std::vector<zoom_band>& zoom_bands() {
    static const std::vector<zoom_band> bands = [] {
        std::vector<zoom_band> out;
        for (int z : {1, 3, 5, 7, 9, 11}) {
            const double unit = 2 * mercator_half_extent / (static_cast<double>(1LL << z) * mvt_tile_extent);
            out.push_back({z, 4 * unit, 4 * unit * unit});
        }
        return out;
    }();
    return bands;
}

std::optional<zoom_band> zoom_band_for(int z) {
    for (const auto& b : zoom_bands()) {
        if (z <= b.max_zoom) return b;
    }
    return std::nullopt;
}

}  // namespace covermap::geo
