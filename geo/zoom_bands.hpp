#pragma once
// The zoom bands polygons are generalised for at import time (boundaries/ stores one simplified copy
// of every unit per band) and that tiles/ draws from: each band serves the zooms up to `max_zoom`
// (down to the previous band's max + 1); above the last band tiles use the full geometry.
#include <optional>
#include <vector>

namespace covermap::geo {

constexpr double mercator_half_extent = 20037508.342789244;  // metres, EPSG:3857
constexpr unsigned mvt_tile_extent = 4096;                   // MVT coordinate units per tile side

// Polygons are simplified by `tolerance_m` (four tile units at max_zoom: half a screen pixel of a
// 512-pixel tile) and parts smaller than `min_area_m2` (two by two units) dropped.
struct zoom_band {
    int max_zoom;
    double tolerance_m;
    double min_area_m2;
};
const std::vector<zoom_band>& zoom_bands();
// The band for zoom z, or nullopt above the last band (tiles use the full geometry there).
std::optional<zoom_band> zoom_band_for(int z);

}  // namespace covermap::geo
