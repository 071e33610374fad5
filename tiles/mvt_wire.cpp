#include "tiles/mvt_wire.hpp"

#include <protozero/buffer_fixed.hpp>
#include <protozero/pbf_builder.hpp>
#include <protozero/varint.hpp>

namespace covermap::tiles::mvt_wire {
namespace {

template <typename Field>
constexpr protozero::pbf_tag_type tag(Field f) {
    return static_cast<protozero::pbf_tag_type>(f);
}

// Bytes of a length-delimited field holding `length` bytes (all our field numbers fit one tag byte).
std::size_t length_field_size(std::size_t length) { return 1 + static_cast<std::size_t>(protozero::length_of_varint(length)) + length; }

std::size_t packed_size(const std::vector<std::uint32_t>& values) {
    std::size_t n = 0;
    for (const std::uint32_t v : values) n += static_cast<std::size_t>(protozero::length_of_varint(v));
    return n;
}

// protozero writes a packed field of unknown length with room for the longest length varint, then
// moves the elements back over what the actual length did not use.
constexpr std::size_t packed_slack = 5;

}  // namespace

void append_value_field(std::string& out, const property_value& value) {
    protozero::pbf_writer layer{out};
    if (const auto* s = std::get_if<std::string>(&value)) {
        protozero::pbf_writer v{layer, tag(layer_field::values), length_field_size(s->size())};
        v.add_string(tag(value_field::string_value), *s);
    } else if (const auto* i = std::get_if<std::int64_t>(&value)) {
        protozero::pbf_writer v{layer, tag(layer_field::values),
                                1 + static_cast<std::size_t>(protozero::length_of_varint(protozero::encode_zigzag64(*i)))};
        v.add_sint64(tag(value_field::sint_value), *i);
    } else if (const auto* d = std::get_if<double>(&value)) {
        protozero::pbf_writer v{layer, tag(layer_field::values), 1 + sizeof(double)};
        v.add_double(tag(value_field::double_value), *d);
    } else {
        protozero::pbf_writer v{layer, tag(layer_field::values), 2};
        v.add_bool(tag(value_field::bool_value), std::get<bool>(value));
    }
}

void append_feature_field(std::string& out, std::uint64_t id, const std::vector<std::uint32_t>& tags, geom_type type,
                          const std::vector<std::uint32_t>& geometry) {
    // The feature's length is computed first, so its bytes are written once, straight into the
    // layer's buffer, and the buffer grows once per feature.
    const std::size_t tag_bytes = packed_size(tags);
    const std::size_t geometry_bytes = packed_size(geometry);
    const std::size_t body = 1 + static_cast<std::size_t>(protozero::length_of_varint(id)) +
                             (tags.empty() ? 0 : length_field_size(tag_bytes)) + 2 +
                             (geometry.empty() ? 0 : length_field_size(geometry_bytes));
    const std::size_t old = out.size();
    out.resize(old + length_field_size(body) + 2 * packed_slack);
    protozero::fixed_size_buffer_adaptor buffer{out.data() + old, out.size() - old};
    {
        protozero::basic_pbf_writer<protozero::fixed_size_buffer_adaptor> layer{buffer};
        protozero::basic_pbf_writer<protozero::fixed_size_buffer_adaptor> feature{layer, tag(layer_field::features), body};
        feature.add_uint64(tag(feature_field::id), id);
        feature.add_packed_uint32(tag(feature_field::tags), tags.begin(), tags.end());
        feature.add_enum(tag(feature_field::type), static_cast<std::int32_t>(type));
        feature.add_packed_uint32(tag(feature_field::geometry), geometry.begin(), geometry.end());
    }
    out.resize(old + buffer.size());
}

void append_layer(std::string& tile, std::string_view name, std::string_view features,
                  const std::vector<const std::string*>& keys, std::string_view values, std::uint32_t extent) {
    // Name, features, keys, values, extent, version: the layer's length is known from its parts, so
    // the features and values are copied once, straight into the tile.
    std::string head;
    protozero::pbf_builder<layer_field>{head}.add_string(layer_field::name, name.data(), name.size());
    std::string key_fields;
    {
        protozero::pbf_builder<layer_field> w{key_fields};
        for (const std::string* key : keys) w.add_string(layer_field::keys, *key);
    }
    std::string tail;
    {
        protozero::pbf_builder<layer_field> w{tail};
        w.add_uint32(layer_field::extent, extent);
        w.add_uint32(layer_field::version, 2);
    }
    protozero::pbf_builder<tile_field>{tile}.add_bytes_vectored(tile_field::layers, head, features, key_fields, values, tail);
}

}  // namespace covermap::tiles::mvt_wire
