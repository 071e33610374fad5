#pragma once
// Mapbox Vector Tile (spec 2.1) encoding, built per request from geometries held in memory.
//
// A tile is the concatenation of its encoded layers (each one `Tile.layers`, field 3), so callers
// build one layer_builder per layer and append them to the same string. The tiles are equivalent to
// PostGIS's ST_AsMVT(ST_AsMVTGeom(geom, ST_TileEnvelope(z, x, y), extent, buffer, true)): geometry
// transformed to tile units (y down), clipped to the tile grown by `buffer`, snapped to the integer
// grid, with the winding the spec requires. They are not byte-identical: rings are clipped one by
// one (tiles/mvt_clip.hpp), collinear vertices are dropped; all integers are sint_value where
// PostGIS writes non-negative ones as uint_value.
//
// The jobs are split: clipping and snapping in tiles/mvt_clip.*, the key and value tables in
// tiles/mvt_tables.*, the protobuf wire format (protozero) in tiles/mvt_wire.*; this file turns
// clipped rings and points into geometry commands and features.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "geo/geometry.hpp"
#include "tiles/mvt_clip.hpp"
#include "tiles/mvt_tables.hpp"
#include "tiles/mvt_wire.hpp"
#include "tiles/tile_grid.hpp"

namespace covermap::tiles {

class layer_builder {
public:
    // `tile` is the tile's EPSG:3857 envelope (mercator_bounds); geometry is kept up to `buffer`
    // tile units beyond each edge.
    layer_builder(std::string name, const bounds& tile, std::uint32_t extent = 4096, std::uint32_t buffer = 64);

    // Adds one polygon feature. Returns false, adding nothing (not even its keys and values), when no
    // ring of the multipolygon survives clipping and snapping.
    bool add_polygons(std::uint64_t id, const geo::multipolygon& mp_3857, const properties& props);
    // The same with precomputed part_bounds(mp_3857) (must have one box per part).
    bool add_polygons(std::uint64_t id, const geo::multipolygon& mp_3857, const std::vector<geo::box>& parts_3857,
                      const properties& props);

    // Adds one (multi)point feature of the points inside the buffered tile; false, adding nothing, if none is.
    bool add_points(std::uint64_t id, const std::vector<geo::xy>& pts_3857, const properties& props);

    bool empty() const { return feature_count_ == 0; }
    std::size_t features() const { return feature_count_; }

    // Appends the encoded layer (tag, length and Layer message) to `tile`. An empty layer is still
    // written; callers that want to omit empty layers check empty() first.
    void append_to(std::string& tile) const;

private:
    enum class ring_role { exterior, interior };

    bool add_polygon_part(const geo::polygon& part, const geo::box& part_3857);
    bool add_ring(const geo::linear_ring& ring, ring_role role, unsigned crossed_edges);
    void emit_ring(const std::vector<grid_point>& ring);
    bool finish_feature(std::uint64_t id, mvt_wire::geom_type type, const properties& props);

    tile_point to_tile(const geo::xy& p) const { return {(p.x - min_x_) * scale_x_, (max_y_ - p.y) * scale_y_}; }

    std::string name_;
    std::uint32_t extent_;
    double min_x_, max_y_, scale_x_, scale_y_;
    ring_clipper clipper_;

    // The encoded `Layer.features` fields.
    std::string features_;
    std::size_t feature_count_ = 0;
    key_table keys_;
    value_table values_;

    // Scratch buffers reused across features, so the hot path does not allocate.
    std::vector<grid_point> points_;
    std::vector<std::uint32_t> geometry_;
    std::vector<std::uint32_t> tags_;
    grid_point cursor_{0, 0};  // the geometry command cursor of the feature being built
};

}  // namespace covermap::tiles
