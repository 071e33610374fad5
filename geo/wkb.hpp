#pragma once
// Reading and writing the Well-Known Binary geometries covermap exchanges with PostGIS and GDAL.
//
// The reader accepts ISO WKB in either byte order and any dimension (2D, Z, M, ZM: type codes
// 1..7 plus 1000/2000/3000), and also PostGIS EWKB, whose Z (0x80000000), M (0x40000000) and
// SRID (0x20000000) flag bits sit in the type word; the SRID is skipped. Only x and y are kept.
// Anything truncated, unknown or inconsistent throws covermap::error; the reader checks every
// length against the buffer before touching it, so hostile input cannot make it read past the end.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "geo/geometry.hpp"

namespace covermap::geo {

// The base (2D, flag-free) geometry type of a WKB value, as numbered by the OGC.
enum class wkb_type : unsigned {
    geometry = 0,
    point = 1,
    line_string = 2,
    polygon = 3,
    multi_point = 4,
    multi_line_string = 5,
    multi_polygon = 6,
    geometry_collection = 7,
};

const char* wkb_type_name(wkb_type type);

// Applied to every (x, y) read, e.g. `web_mercator` to project longitude/latitude to EPSG:3857
// while reading instead of in a second pass. A null transform keeps the coordinates as stored.
using coordinate_transform = xy (*)(double x, double y);

// The type of the geometry in `data` (reads only its header).
wkb_type read_wkb_type(const unsigned char* data, std::size_t size);

// A Polygon (becomes a single part) or MultiPolygon. Rings are returned as stored: closed (the
// last point repeats the first) when the source is; no ring is reordered, reoriented or dropped.
// Throws covermap::error for any other geometry type.
multipolygon read_wkb_multipolygon(const unsigned char* data, std::size_t size, coordinate_transform transform = nullptr);

// A Point (one element, none for POINT EMPTY, which WKB writes as NaN coordinates) or a
// MultiPoint (its non-empty points, in order). Throws covermap::error for any other type.
std::vector<xy> read_wkb_points(const unsigned char* data, std::size_t size, coordinate_transform transform = nullptr);

// `geometry` as a little-endian 2D ISO WKB MultiPolygon (what ST_GeomFromWKB and OGR both read).
std::vector<unsigned char> write_wkb(const multipolygon& geometry);
// The same, hex-encoded in lower case (the text form PostGIS accepts for a geometry parameter).
std::string write_hex_wkb(const multipolygon& geometry);

// Hex-encoded bytes back to bytes (throws covermap::error on an odd length or a non-hex digit).
std::vector<unsigned char> hex_decode(std::string_view hex);

}  // namespace covermap::geo
