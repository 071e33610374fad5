#pragma once
// Vector tiles decoded by a third-party decoder, GDAL's MVT driver, for tests.
#include <map>
#include <set>
#include <string>

#include "tiles/tile_grid.hpp"

namespace covermap::testing {

struct decoded_layer {
    long long features = 0;
    std::set<std::string> fields;
    std::set<long long> ids;                                         // MVT feature ids
    std::map<long long, std::map<std::string, std::string>> values;  // id → field → value as text
};

// The tile's layers as GDAL reads them (the tile is written to dir/z/x/y.pbf, which places it).
std::map<std::string, decoded_layer> decode_tile(const std::string& dir, const tiles::tile_id& t, const std::string& bytes);

// What PostGIS makes of the same stored geometry: the ids of the units of `level` in `edition`
// that ST_AsMVTGeom(geom, ST_TileEnvelope(z, x, y), 4096, 64, true) keeps in the tile (the
// generalised shapes of the zoom's band, the full geometry above the last band, points as they are).
std::set<long long> postgis_tile_ids(const std::string& url, const std::string& edition, const std::string& level,
                                     const tiles::tile_id& t);

}  // namespace covermap::testing
