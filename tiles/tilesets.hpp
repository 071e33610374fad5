#pragma once
// What the tile server serves: tilesets made of layers, each an administrative level shown over a
// zoom range (the zoom bands polygons are generalised for are geo/zoom_bands.hpp).
#include <optional>
#include <string>
#include <vector>

#include "geo/zoom_bands.hpp"

namespace covermap::tiles {

constexpr unsigned tile_extent = geo::mvt_tile_extent;  // MVT coordinate units per tile side
constexpr unsigned tile_buffer = 64;                     // units drawn beyond each side (as ST_AsMVTGeom's default)

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
