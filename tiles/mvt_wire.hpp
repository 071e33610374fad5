#pragma once
// The wire format of Mapbox Vector Tiles (vector_tile.proto, MVT 2.1), written with protozero: the
// field numbers, the Value, Feature and Layer messages. What goes into them (clipped geometry as
// commands, the key and value tables) is built by layer_builder (tiles/mvt.hpp).
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <protozero/types.hpp>

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

namespace mvt_wire {

// The field numbers of vector_tile.proto this encoder writes.
enum class tile_field : protozero::pbf_tag_type { layers = 3 };
enum class layer_field : protozero::pbf_tag_type { name = 1, features = 2, keys = 3, values = 4, extent = 5, version = 15 };
enum class feature_field : protozero::pbf_tag_type { id = 1, tags = 2, type = 3, geometry = 4 };
enum class value_field : protozero::pbf_tag_type { string_value = 1, double_value = 3, sint_value = 6, bool_value = 7 };

enum class geom_type : std::uint32_t { point = 1, polygon = 3 };

// Appends one `Layer.values` field (tag, length, Value message) for `value`, which is not NULL.
void append_value_field(std::string& out, const property_value& value);

// Appends one `Layer.features` field (tag, length, Feature message): `tags` and `geometry` are the
// packed key/value indices and geometry commands; tags are left out when there are none.
void append_feature_field(std::string& out, std::uint64_t id, const std::vector<std::uint32_t>& tags, geom_type type,
                          const std::vector<std::uint32_t>& geometry);

// Appends one `Tile.layers` field: `features` and `values` are Layer.features and Layer.values
// fields back to back (as the two functions above write them); keys are written here.
void append_layer(std::string& tile, std::string_view name, std::string_view features,
                  const std::vector<const std::string*>& keys, std::string_view values, std::uint32_t extent);

}  // namespace mvt_wire
}  // namespace covermap::tiles
