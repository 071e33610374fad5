#include "tiles/tile_grid.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace covermap::tiles {

bool in_grid(const tile_id& t) {
    if (t.z < 0 || t.z > max_zoom) return false;
    const long long n = 1LL << t.z;
    return t.x >= 0 && t.x < n && t.y >= 0 && t.y < n;
}

std::optional<tile_id> parse_tile_path(const std::string& path) {
    tile_id t;
    const char* p = path.c_str();
    long long parts[3];
    for (int i = 0; i < 3; ++i) {
        if (!std::isdigit(static_cast<unsigned char>(*p))) return std::nullopt;
        char* end = nullptr;
        parts[i] = std::strtoll(p, &end, 10);
        if (end - p > 9) return std::nullopt;
        p = end;
        if (i < 2) {
            if (*p != '/') return std::nullopt;
            ++p;
        }
    }
    const std::string suffix(p);
    if (suffix != ".mvt" && suffix != ".pbf") return std::nullopt;
    if (parts[0] > 64) return std::nullopt;
    t.z = static_cast<int>(parts[0]);
    t.x = parts[1];
    t.y = parts[2];
    return t;
}

bounds mercator_bounds(const tile_id& t) {
    const double size = 2 * mercator_half_extent / static_cast<double>(1LL << t.z);
    const double min_x = -mercator_half_extent + static_cast<double>(t.x) * size;
    const double max_y = mercator_half_extent - static_cast<double>(t.y) * size;
    return {min_x, max_y - size, min_x + size, max_y};
}

tile_id tile_at(double lon, double lat, int z) {
    constexpr double max_lat = 85.05112877980659;
    const double clamped = std::clamp(lat, -max_lat, max_lat);
    const double n = static_cast<double>(1LL << z);
    const double rad = clamped * M_PI / 180.0;
    const auto clamp_index = [n](double v) { return static_cast<long long>(std::clamp(std::floor(v), 0.0, n - 1)); };
    return {z, clamp_index((lon + 180.0) / 360.0 * n), clamp_index((1.0 - std::asinh(std::tan(rad)) / M_PI) / 2.0 * n)};
}

}  // namespace covermap::tiles
