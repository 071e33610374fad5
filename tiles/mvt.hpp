#pragma once
// Mapbox Vector Tile (spec 2.1) encoding, built per request from geometries held in memory.
//
// A tile is the concatenation of its encoded layers (each one `Tile.layers`, field 3), so callers
// build one layer_builder per layer and append them to the same string. The tiles are equivalent to
// PostGIS's ST_AsMVT(ST_AsMVTGeom(geom, ST_TileEnvelope(z, x, y), extent, buffer, true)): geometry
// transformed to tile units (y down), clipped to the tile grown by `buffer`, snapped to the integer
// grid, with the winding the spec requires. They are not byte-identical: rings are clipped one by
// one (Sutherland–Hodgman), so a ring leaving and re-entering the tile keeps a zero-width seam on
// the buffer edge where GEOS would split it; collinear vertices are dropped; all integers are
// sint_value where PostGIS writes non-negative ones as uint_value. Protobuf is written by hand (the
// messages are few and fixed; a protobuf runtime would cost more than the encoder itself).
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "geo/geometry.hpp"
#include "tiles/tile_grid.hpp"

namespace covermap::tiles {

// A feature attribute. std::monostate is SQL NULL: the property is left out of the feature, as
// ST_AsMVT does. Integers are written as sint_value (zigzag) whatever their sign, doubles as double_value.
using property_value = std::variant<std::monostate, std::string, std::int64_t, double, bool>;

struct property {
    std::string key;
    property_value value;
};

// Ordered: a feature's tags follow this order.
using properties = std::vector<property>;

// The EPSG:3857 bounding box of each part of a multipolygon, computed from its exterior ring. Stores
// that keep geometries in memory compute these once, so the encoder can skip a part lying outside the
// tile without reading any of its points.
std::vector<geo::box> part_bounds(const geo::multipolygon& mp);

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
    // Tile coordinates before snapping (x right, y down).
    struct point {
        double x, y;
    };
    struct int_point {
        std::int32_t x, y;
    };
    enum class ring_role { exterior, interior };
    // The edges of the buffered square, as bits: a part whose box reaches beyond an edge needs a
    // clipping pass against it, and only against it.
    enum edge : unsigned { west = 1, east = 2, north = 4, south = 8 };
    static constexpr std::uint32_t no_hint = std::numeric_limits<std::uint32_t>::max();

    bool add_polygon_part(const geo::polygon& part, const geo::box& part_3857);
    bool add_ring(const geo::linear_ring& ring, ring_role role, unsigned crossed_edges);
    template <typename PointAt>
    void clip(edge e, PointAt point_at, std::size_t n);
    template <edge Edge, typename PointAt>
    void clip_pass(PointAt point_at, std::size_t n);
    void snap_ring();
    void emit_ring();
    bool finish_feature(std::uint64_t id, std::uint32_t geometry_type, const properties& props);

    point to_tile(const geo::xy& p) const { return {(p.x - min_x_) * scale_x_, (max_y_ - p.y) * scale_y_}; }
    std::uint32_t key_index(std::size_t position, const std::string& key);
    std::uint32_t value_index(const property_value& value);
    std::string_view value_bytes(std::uint32_t index) const {
        return std::string_view(value_bytes_).substr(value_offsets_[index], value_offsets_[index + 1] - value_offsets_[index]);
    }
    void grow_value_slots();

    std::string name_;
    std::uint32_t extent_;
    double min_x_, max_y_, scale_x_, scale_y_;
    double clip_min_, clip_max_;  // the buffered tile square, in tile units, on both axes

    // The encoded Feature messages, each with its tag and length.
    std::string features_;
    std::size_t feature_count_ = 0;

    // Keys in index order; they point at the map keys (nodes of an unordered_map do not move).
    std::vector<const std::string*> keys_;
    std::unordered_map<std::string, std::uint32_t> key_indices_;
    // Which key index the property at position i had last time: features of a layer mostly share
    // their keys in the same order, so a string compare usually replaces a hash lookup.
    std::vector<std::uint32_t> key_hints_;

    // Values are mostly distinct (names, codes, counts), so they get a table without a heap node
    // per entry: the encoded Value messages back to back (value i spans value_offsets_[i] to
    // value_offsets_[i + 1]), their hashes, and an open-addressing table of index + 1 (0 = empty).
    // The encoding is the deduplication key: exact per type and bit pattern.
    std::string value_bytes_;
    std::vector<std::size_t> value_offsets_{0};
    std::vector<std::size_t> value_hashes_;
    std::vector<std::uint32_t> value_slots_;

    // Scratch buffers reused across rings and features, so the hot path does not allocate.
    std::vector<point> ring_;          // the ring in tile units, then clipped
    std::vector<point> clip_scratch_;  // the other half of the clipper's ping-pong
    std::vector<int_point> snapped_;   // the ring on the integer grid, without the closing point
    std::vector<std::uint32_t> geometry_;
    std::vector<std::uint32_t> tags_;
    int_point cursor_{0, 0};  // the geometry command cursor of the feature being built
};

}  // namespace covermap::tiles
