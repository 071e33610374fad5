#pragma once
// What the tile server serves: tilesets made of layers, each an administrative level shown over a
// zoom range, and the zoom bands polygons are generalised for at import time.
#include <optional>
#include <string>
#include <vector>

namespace covermap::tiles {

constexpr unsigned tile_extent = 4096;  // MVT coordinate units per tile side
constexpr unsigned tile_buffer = 64;    // units drawn beyond each side (as ST_AsMVTGeom's default)

// A generalisation band serves the zooms up to `max_zoom` (down to the previous band's max + 1).
// Polygons are simplified by `tolerance_m` (four tile units at max_zoom: half a screen pixel of a
// 512-pixel tile) and parts smaller than `min_area_m2` (two by two units) dropped.
struct band {
    int max_zoom;
    double tolerance_m;
    double min_area_m2;
};
const std::vector<band>& generalisation_bands();
// The band for zoom z, or nullopt above the last band (tiles use the full geometry there).
std::optional<band> band_for_zoom(int z);

struct layer_spec {
    std::string name;   // MVT layer name
    std::string level;  // admin_level name
    int min_zoom;
    int max_zoom;
    // A label layer: one point per unit (its label point, with `name` and `province_code`), in
    // the one tile that holds the point, so a name is not repeated at every tile border the
    // polygon crosses.
    bool labels = false;
};

struct tileset_spec {
    std::string name;
    std::string description;
    std::vector<layer_spec> layers;
    int min_zoom() const;
    int max_zoom() const;
};

const std::vector<tileset_spec>& tilesets();
const tileset_spec* find_tileset(const std::string& name);
std::string tileset_names();  // "coverage, provinces, ..." for messages

}  // namespace covermap::tiles
