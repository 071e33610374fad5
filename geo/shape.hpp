#pragma once
// A WKB geometry read for a download format (FlatGeobuf, WKT in CSV): points or polygons with
// plain coordinates, transformed once. Polygons always come out as a MultiPolygon (a Polygon is one
// part), the type the boundary collections declare.
#include <cstddef>
#include <functional>

#include "geo/geometry.hpp"

namespace covermap::geo {

// Applied to each run of coordinates (a ring, the points) in place; empty: kept as read.
using run_transform = std::function<void(std::size_t n, double* x, double* y)>;

struct shape {
    bool is_points = false;        // Point or MultiPoint: `points`; otherwise `polygons`
    std::vector<xy> points;        // empty for POINT EMPTY
    multipolygon polygons;         // empty for an empty (Multi)Polygon
    bool empty() const { return is_points ? points.empty() : polygons.empty(); }
};

// A Point, MultiPoint, Polygon or MultiPolygon (any WKB/EWKB form wkb.hpp reads). Throws
// covermap::error for other types, bad WKB, or a coordinate that is not finite after `transform`.
shape read_shape(const unsigned char* data, std::size_t size, const run_transform& transform);

}  // namespace covermap::geo
