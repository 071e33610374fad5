#pragma once
// Plain planar geometry shared by the generaliser (import time) and the tile encoder (request
// time). Coordinates are doubles in whatever CRS the caller uses (EPSG:3857 metres for tiles).
#include <cmath>
#include <vector>

namespace covermap::geo {

struct xy {
    double x = 0;
    double y = 0;
    bool operator==(const xy& o) const { return x == o.x && y == o.y; }
    bool operator!=(const xy& o) const { return !(*this == o); }
};

// A closed ring: the last point repeats the first (as in WKB).
using linear_ring = std::vector<xy>;

struct polygon {
    std::vector<linear_ring> rings;  // rings[0] is the exterior, the rest are holes
};

using multipolygon = std::vector<polygon>;

struct box {
    double min_x = 0, min_y = 0, max_x = 0, max_y = 0;
    bool intersects(const box& o) const {
        return min_x <= o.max_x && o.min_x <= max_x && min_y <= o.max_y && o.min_y <= max_y;
    }
};

constexpr double web_mercator_radius = 6378137.0;

// Longitude/latitude (degrees, WGS 84) to EPSG:3857 metres, the spherical formula PROJ and PostGIS use.
inline xy web_mercator(double lon, double lat) {
    constexpr double deg = 3.14159265358979323846 / 180.0;
    constexpr double limit = 85.0511287798066;
    lat = lat > limit ? limit : (lat < -limit ? -limit : lat);
    return {web_mercator_radius * lon * deg, web_mercator_radius * std::log(std::tan(3.14159265358979323846 / 4 + lat * deg / 2))};
}

}  // namespace covermap::geo
