#pragma once
// GeoJSON geometry objects written straight from WKB/EWKB (geo/wkb_cursor.hpp reads it), with the
// coordinates formatted fast and exactly (no locale, no printf in the common case).
#include <cstddef>
#include <functional>
#include <string>

namespace covermap::geo {

// How `append_geojson` writes coordinates: `decimals` after the point (trailing zeros dropped),
// x/y swapped for CRSs whose first axis is latitude (EPSG:4326 and EPSG:4756 as the OGC defines
// them), and an optional transformation applied in place to each run of points (a ring, a line).
struct geojson_format {
    int decimals = 7;
    bool swap_axes = false;
    std::function<void(std::size_t n, double* x, double* y)> transform;
};

// Any WKB/EWKB geometry (all seven types, any dimension; only x and y are written) appended to
// `out` as a GeoJSON geometry object. Throws covermap::error on bad WKB or a coordinate that is
// not finite after the transformation.
void append_geojson(std::string& out, const unsigned char* data, std::size_t size, const geojson_format& format);

// A coordinate with at most `decimals` digits after the point, trailing zeros dropped ("105.1",
// "-0.0000001", "21"); the fast path behind `append_geojson`.
void append_fixed(std::string& out, double value, int decimals);

}  // namespace covermap::geo
