#pragma once
// The Web-Mercator tile grid (XYZ, as MapLibre and ST_TileEnvelope use it): parsing tile paths,
// range checks and tile bounds. The tile endpoints and the seeder build on it.
#include <optional>
#include <string>

#include "geo/zoom_bands.hpp"

namespace covermap::tiles {

constexpr int max_zoom = 24;
using geo::mercator_half_extent;  // metres, EPSG:3857

struct tile_id {
    int z = 0;
    long long x = 0;
    long long y = 0;
    bool operator==(const tile_id& o) const { return z == o.z && x == o.x && y == o.y; }
};

struct bounds {
    double min_x, min_y, max_x, max_y;
};

// True when 0 ≤ z ≤ max_zoom and x, y lie inside the 2^z × 2^z grid.
bool in_grid(const tile_id& t);

// "12/3245/1790.mvt" (or .pbf) → the tile; nullopt for a malformed path. Range is not checked.
std::optional<tile_id> parse_tile_path(const std::string& path);

// The tile's extent in EPSG:3857 metres (the same as PostGIS ST_TileEnvelope).
bounds mercator_bounds(const tile_id& t);

// The tile at zoom z holding a longitude/latitude (latitudes beyond ±85.0511° are clamped).
tile_id tile_at(double lon, double lat, int z);

}  // namespace covermap::tiles
