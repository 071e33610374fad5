#include "tiles/tilesets.hpp"

#include <algorithm>

#include "tiles/tile_grid.hpp"

namespace covermap::tiles {

int tileset_spec::min_zoom() const {
    int z = covermap::tiles::max_zoom;
    for (const auto& l : layers) z = std::min(z, l.min_zoom);
    return z;
}

int tileset_spec::max_zoom() const {
    int z = 0;
    for (const auto& l : layers) z = std::max(z, l.max_zoom);
    return z;
}

const std::vector<tileset_spec>& tilesets() {
    // The map's tileset: provinces throughout (outlines when zoomed in), districts and communes
    // from the zooms where they are a few pixels wide, hamlets when close. The zooms keep every
    // tile under 500 KB on both real editions (bench/RESULTS.md): the 2009 edition's 11,163
    // communes make a 560 KB tile at zoom 7, 310 KB at 8. The label layers (a point and a name per
    // unit) start where their names can be read.
    static const std::vector<tileset_spec> sets{
        {"coverage",
         "Team coverage by administrative unit: provinces, districts (editions that have them), communes and hamlets",
         {{"provinces", "province", 0, 14},
          {"districts", "district", 6, 14},
          {"communes", "commune", 8, 14},
          {"hamlets", "hamlet", 11, 14},
          {"province_labels", "province", 0, 14, true},
          {"district_labels", "district", 7, 14, true},
          {"commune_labels", "commune", 9, 14, true},
          {"hamlet_labels", "hamlet", 12, 14, true}}},
        {"provinces", "Provinces with their team coverage", {{"provinces", "province", 0, 14}}},
        {"districts", "Districts with their team coverage (editions that have districts)", {{"districts", "district", 0, 14}}},
        {"communes", "Communes and wards with their team coverage", {{"communes", "commune", 5, 14}}},
        {"hamlets", "Hamlets (points or polygons) with their teams", {{"hamlets", "hamlet", 10, 14}}},
    };
    return sets;
}

const tileset_spec* find_tileset(const std::string& name) {
    for (const auto& t : tilesets()) {
        if (t.name == name) return &t;
    }
    return nullptr;
}

std::string tileset_names() {
    std::string out;
    for (const auto& t : tilesets()) out += (out.empty() ? "" : ", ") + t.name;
    return out;
}

}  // namespace covermap::tiles
