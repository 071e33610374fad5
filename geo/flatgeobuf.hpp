#pragma once
// A streaming FlatGeobuf writer (https://github.com/flatgeobuf/flatgeobuf, format version 3):
// magic bytes and header first, then one size-prefixed feature after another, with no spatial
// index (index_node_size 0), so a file can go out while its features are still being read.
//
// The FlatBuffers tables (Header, Column, Crs, Feature, Geometry) are written by hand, front to
// back: a table's vtable comes just before it and the strings, vectors and sub-tables it points to
// come after it (FlatBuffers offsets point forward), every scalar and vector aligned to its size
// from the start of its buffer, all little-endian. Only 2D is written (no z, m, t, tm).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "geo/shape.hpp"

namespace covermap::geo::fgb {

// The values of FlatGeobuf's GeometryType and ColumnType enumerations that covermap uses.
enum class geometry_type : std::uint8_t { unknown = 0, point = 1, multi_point = 4, multi_polygon = 6 };
enum class column_type : std::uint8_t { boolean = 2, integer = 5, long_integer = 7, real = 10, string = 11, date_time = 13 };

struct column {
    std::string name;
    column_type type;
    std::string description;
};

struct header {
    std::string name;
    geometry_type type = geometry_type::unknown;  // unknown: each feature's geometry says its own
    std::vector<column> columns;
    std::uint64_t features_count = 0;  // 0: unknown
    int epsg = 4326;                   // Crs {org "EPSG", code}
    std::string title, description;
};

// Magic bytes, the header's size and the header.
std::string file_head(const header& h);

// A shape as a FlatBuffers Geometry table, ready to be placed into any number of features (a
// cache can keep it): Point (xy), MultiPoint (xy), MultiPolygon (parts: one Polygon each, xy and
// the end of each ring in points). An empty shape gives an empty string (a feature without geometry).
std::string encode_geometry(const shape& geometry);

// The properties of one feature: (column index, value) pairs, as the format lays them out.
class properties {
public:
    void boolean(std::uint16_t column, bool value);
    void integer(std::uint16_t column, std::int32_t value);
    void long_integer(std::uint16_t column, std::int64_t value);
    void real(std::uint16_t column, double value);
    void string(std::uint16_t column, std::string_view value);  // also DateTime (ISO 8601 text)
    const std::string& bytes() const { return bytes_; }
    void clear() { bytes_.clear(); }

private:
    std::string bytes_;
};

// One size-prefixed Feature appended to `out`; `geometry` from encode_geometry (may be empty).
void append_feature(std::string& out, std::string_view geometry, const properties& values);

}  // namespace covermap::geo::fgb
