#pragma once
// Queen contiguity as R spdep's poly2nb(queen = TRUE) defines it: two polygons are neighbours when
// a vertex of one lies within `snap` of a vertex of the other (|dx| ≤ snap and |dy| ≤ snap; spdep's
// default snap is √ε of a double, in the coordinates' units). Vertices are read from the WKB the
// importer loads, so the pairs describe exactly the stored geometries.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "geo/wkb.hpp"  // hex_decode, which the importer uses with this

namespace covermap::geo {

constexpr double spdep_default_snap = 1.4901161193847656e-08;  // sqrt(.Machine$double.eps)

class contiguity_builder {
public:
    explicit contiguity_builder(double snap = spdep_default_snap) : snap_(snap) {}
    // Adds the vertices of a (Multi)Polygon given as WKB (ISO or EWKB, any dimension; see
    // geo/wkb.hpp) for unit `unit`; other geometry types (points) are ignored. Returns whether it was a polygon.
    bool add_wkb(long long unit, const unsigned char* wkb, std::size_t size);
    bool add_hex_wkb(long long unit, std::string_view hex);
    // The vertices of an already decoded (Multi)Polygon.
    void add(long long unit, const multipolygon& geometry);
    // Every neighbouring pair once, (smaller id, larger id), sorted.
    std::vector<std::pair<long long, long long>> pairs();
    std::size_t vertices() const { return vertices_.size(); }

private:
    struct vertex {
        double x, y;
        long long unit;
    };
    double snap_;
    std::vector<vertex> vertices_;
};

}  // namespace covermap::geo
