#pragma once
// Which tiles a seed or an export visits: zoom ranges ("0-10"), the tiles of a zoom over a
// longitude/latitude box, and their children.
#include <string>
#include <vector>

#include "geo/geometry.hpp"
#include "tiles/tile_grid.hpp"

namespace covermap::tiles {

struct zoom_range {
    int min = 0;
    int max = 0;
};
// "0-10" or "7"; throws config_error naming `option` for anything else or outside 0..max_zoom.
zoom_range parse_zoom_range(const std::string& text, const std::string& option);

// "west,south,east,north" in degrees; throws config_error naming `option`.
geo::box parse_lonlat_box(const std::string& text, const std::string& option);

// Every tile of zoom z that meets the box, row by row.
std::vector<tile_id> tiles_covering(const geo::box& lonlat, int z);

// The four tiles of zoom z + 1 inside `t`.
std::vector<tile_id> children(const tile_id& t);

}  // namespace covermap::tiles
